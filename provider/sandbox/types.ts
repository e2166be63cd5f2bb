/**
 * What a vendor's sandbox routes declare. The sandbox is written from the vendors' docs
 * and shares no code with the client side (provider/core, the adapters, their schemas):
 * a wrong field name must not be wrong on both sides.
 */
import type { IncomingHttpHeaders } from "node:http";

export type VendorName = "talkover" | "polytomic" | "shodai" | "sigmamind" | "autocalls";

export interface SandboxRequest {
  method: string;
  /** Path below the vendor's base URL, without the query. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body; undefined when empty. */
  body: unknown;
  /** True when a body was sent but was not valid JSON. */
  badJson: boolean;
}

export interface SandboxReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Params = Record<string, string>;

export interface Route<State> {
  method: string;
  /** e.g. "/agents/:agent/webhooks/:webhook" */
  pattern: string;
  handle(req: SandboxRequest, params: Params, state: State): SandboxReply;
}

export interface SandboxVendor<State = unknown> {
  name: VendorName;
  /** Base path under the sandbox root, e.g. "/talkover/api/v1". */
  basePath: string;
  /** The credential the request carries in the vendor's own scheme, if any. */
  credential(req: SandboxRequest): string | undefined;
  /** The vendor's documented 401 answer. */
  unauthorized(req: SandboxRequest): SandboxReply;
  /** The vendor's answer for an unknown route. */
  notFound(req: SandboxRequest): SandboxReply;
  /** The vendor's answer for a body that is not JSON. */
  badRequest(req: SandboxRequest): SandboxReply;
  /** Fresh fixtures. */
  seed(): State;
  /** What tests and examples may rely on, listed at GET /_sandbox/fixtures. */
  fixtures(state: State): unknown;
  routes: Route<State>[];
}

export function json(status: number, body?: unknown, headers?: Record<string, string>): SandboxReply {
  return { status, body, headers };
}

/** Matches "/a/:x/b" against a path; returns the params or undefined. */
export function matchPattern(pattern: string, path: string): Params | undefined {
  const want = pattern.split("/").filter(Boolean);
  const got = path.split("/").filter(Boolean);
  if (want.length !== got.length) return undefined;
  const params: Params = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(":")) params[want[i].slice(1)] = decodeURIComponent(got[i]);
    else if (want[i] !== got[i]) return undefined;
  }
  return params;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === "object" && !Array.isArray(value);
}

export function isUrl(value: unknown, schemes = ["http:", "https:"]): boolean {
  if (typeof value !== "string") return false;
  try {
    const url = new URL(value);
    return schemes.includes(url.protocol) && url.hostname !== "";
  } catch {
    return false;
  }
}

export function bearer(req: SandboxRequest): string | undefined {
  const auth = req.headers.authorization;
  return auth?.startsWith("Bearer ") ? auth.slice(7).trim() : undefined;
}
