/**
 * The one HTTP client every vendor adapter uses: keep-alive, a timeout per attempt,
 * retries with backoff on 429/5xx/connection errors (honouring Retry-After), pacing from
 * rate-limit headers, JSON in and out, and errors that name vendor, operation, status,
 * the vendor's message and request id — never a credential.
 *
 * A POST that may have been carried out is never repeated blindly: unless the call says
 * it is idempotent (an Idempotency-Key, or a "set" endpoint), a 5xx or a lost connection
 * after sending surfaces as an error with `maybePerformed`, and the adapter decides
 * (look the webhook up and adopt it, rather than create a duplicate).
 */
import { createHash } from "node:crypto";
import { Agent, request, type Dispatcher } from "undici";
import { resolveAccount, type AccountSettings } from "./config";
import type { ZodType } from "zod";
import { TransportError, UnexpectedResponseError, VendorHttpError } from "./errors";
import { Pacer, header, retryAfterMs } from "./pacer";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
type Headers = Record<string, string | string[] | undefined>;

export interface ClientOptions {
  vendor: string;
  baseUrl: string;
  /** Auth and fixed headers (e.g. X-Polytomic-Version). Never logged, never in errors. */
  headers: Record<string, string>;
  /** Turns a vendor error body into its message (plus field errors). */
  describeError?: (body: unknown) => string | undefined;
  /** Finds the vendor's request id in an answer. */
  requestIdOf?: (body: unknown, headers: Headers) => string | undefined;
  /** An opaque id of the account (base URL + credential), for caches. */
  account?: string;
}

export interface CallSpec {
  /** What the user asked for, in words: "create webhook", "disable webhook \"x\"". */
  operation: string;
  method: HttpMethod;
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Safe to send again after an ambiguous failure. Defaults to true for all but POST. */
  idempotent?: boolean;
}

export interface VendorResponse {
  status: number;
  body: unknown;
  headers: Headers;
}

export interface HttpSettings {
  timeoutMs: number;
  maxRetries: number;
  maxRetryWaitMs: number;
  /** First backoff step; doubles on each retry up to 8 s. */
  retryBaseMs: number;
}

/** Settings read at call time, so tests and users can tune them without new code in state. */
export function httpSettings(env: NodeJS.ProcessEnv = process.env): HttpSettings {
  const num = (name: string, fallback: number) => {
    const value = Number(env[name]);
    return env[name] !== undefined && Number.isFinite(value) && value >= 0 ? value : fallback;
  };
  return {
    timeoutMs: num("PULUMI_WEBHOOKS_TIMEOUT_MS", 30_000),
    maxRetries: num("PULUMI_WEBHOOKS_MAX_RETRIES", 4),
    maxRetryWaitMs: num("PULUMI_WEBHOOKS_MAX_RETRY_WAIT_MS", 60_000),
    retryBaseMs: num("PULUMI_WEBHOOKS_RETRY_BASE_MS", 250),
  };
}

/** What a vendor declares to get its client: where credentials come from and how they are sent. */
export interface VendorConnection extends AccountSettings {
  /** The auth (and fixed) headers for a credential. */
  headers(credential: string): Record<string, string>;
  describeError?: ClientOptions["describeError"];
  requestIdOf?: ClientOptions["requestIdOf"];
}

/** A client for the account configured now (credentials are read at every call, never cached). */
export function connect(connection: VendorConnection): VendorClient {
  const account = resolveAccount(connection);
  return new VendorClient({
    vendor: connection.vendor,
    baseUrl: account.baseUrl,
    headers: connection.headers(account.credential),
    describeError: connection.describeError,
    requestIdOf: connection.requestIdOf,
    // Identifies the account (for per-account caches) without keeping the credential.
    account: createHash("sha256").update(`${account.baseUrl}\n${account.credential}`).digest("hex"),
  });
}

let sharedAgent: Agent | undefined;
const pacers = new Map<string, Pacer>();
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
// Errors raised before the request left this machine: always safe to try again.
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT", "EHOSTUNREACH", "ENETUNREACH"]);

function agent(): Dispatcher {
  sharedAgent ??= new Agent({ keepAliveTimeout: 10_000, connections: 32 });
  return sharedAgent;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class VendorClient {
  private readonly pacer: Pacer;

  constructor(private readonly opts: ClientOptions, private readonly settings: HttpSettings = httpSettings()) {
    const key = `${opts.vendor} ${opts.baseUrl}`;
    let pacer = pacers.get(key);
    if (!pacer) pacers.set(key, (pacer = new Pacer()));
    this.pacer = pacer;
  }

  get vendor(): string {
    return this.opts.vendor;
  }

  get account(): string {
    return this.opts.account ?? `${this.opts.vendor} ${this.opts.baseUrl}`;
  }

  /** Sends the call, retrying what is safe to retry; resolves only with a 2xx answer. */
  async call(spec: CallSpec): Promise<VendorResponse> {
    const idempotent = spec.idempotent ?? spec.method !== "POST";
    for (let attempt = 0; ; attempt++) {
      const canRetry = attempt < this.settings.maxRetries;
      let outcome: VendorResponse;
      try {
        outcome = await this.send(spec);
      } catch (err) {
        if (err instanceof UnexpectedResponseError) throw err;
        const transport = this.transportError(spec, err);
        if (canRetry && (idempotent || !transport.maybePerformed)) {
          await sleep(this.backoff(attempt));
          continue;
        }
        throw transport;
      }
      if (outcome.status < 400) return outcome;
      const error = this.httpError(spec, outcome);
      // A 429 is refused before any work is done, so even a create may be repeated.
      const retryable = RETRYABLE_STATUS.has(outcome.status) && (idempotent || outcome.status === 429);
      if (!canRetry || !retryable) throw error;
      const wait = Math.min(error.retryAfterMs ?? this.backoff(attempt), this.settings.maxRetryWaitMs);
      if (outcome.status === 429) this.pacer.block(wait);
      await sleep(wait);
    }
  }

  /** GET that answers `undefined` for a 404: only the resource decides what "gone" means. */
  async getOrUndefined(spec: Omit<CallSpec, "method">): Promise<VendorResponse | undefined> {
    try {
      return await this.call({ ...spec, method: "GET" });
    } catch (err) {
      if (err instanceof VendorHttpError && err.status === 404) return undefined;
      throw err;
    }
  }

  private async send(spec: CallSpec): Promise<VendorResponse> {
    await this.pacer.acquire();
    const url = new URL(this.opts.baseUrl.replace(/\/+$/, "") + spec.path);
    for (const [k, v] of Object.entries(spec.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = {
      accept: "application/json",
      "user-agent": "pulumi-webhooks",
      ...this.opts.headers,
      ...spec.headers,
    };
    // JSON.stringify keeps false and 0; only undefined fields are left out of a body.
    let body: string | undefined;
    if (spec.body !== undefined) {
      body = JSON.stringify(spec.body);
      headers["content-type"] = "application/json";
    }
    const res = await request(url, {
      method: spec.method,
      headers,
      body,
      dispatcher: agent(),
      signal: AbortSignal.timeout(this.settings.timeoutMs),
    });
    const text = await res.body.text();
    this.pacer.observe(res.headers);
    return { status: res.statusCode, headers: res.headers, body: parseBody(text, res.headers, res.statusCode, this, spec) };
  }

  private httpError(spec: CallSpec, res: VendorResponse): VendorHttpError {
    const described = this.opts.describeError?.(res.body) ?? genericMessage(res.body);
    const message = described ?? (typeof res.body === "string" && res.body ? snippet(res.body) : "no error message");
    const requestId = this.opts.requestIdOf?.(res.body, res.headers) ?? header(res.headers, "x-request-id");
    return new VendorHttpError(this.opts.vendor, spec.operation, res.status, spec.method, spec.path, message, requestId, retryAfterMs(res.headers));
  }

  private transportError(spec: CallSpec, err: unknown): TransportError {
    const e = err as { name?: string; code?: string; cause?: { code?: string }; message?: string };
    const code = e.code ?? e.cause?.code ?? "";
    if (e.name === "TimeoutError" || e.name === "AbortError") {
      return new TransportError(this.opts.vendor, spec.operation, spec.method, spec.path, `no answer within ${this.settings.timeoutMs} ms`, true, err);
    }
    const notSent = NOT_SENT_CODES.has(code);
    const reason = notSent ? `could not connect (${code})` : `connection lost (${code || e.message || "unknown error"})`;
    return new TransportError(this.opts.vendor, spec.operation, spec.method, spec.path, reason, !notSent, err);
  }

  private backoff(attempt: number): number {
    const base = Math.min(this.settings.retryBaseMs * 2 ** attempt, 8_000);
    return base / 2 + Math.random() * (base / 2);
  }
}

function parseBody(text: string, headers: Headers, status: number, client: VendorClient, spec: CallSpec): unknown {
  if (text.trim() === "") return undefined;
  const type = header(headers, "content-type") ?? "";
  try {
    return JSON.parse(text);
  } catch {
    // An error page (HTML from a proxy) is reported with the status it came with.
    if (status >= 400) return type.includes("html") ? `HTML error page (${type.split(";")[0]})` : text;
    throw new UnexpectedResponseError(client.vendor, spec.operation, status, spec.method, spec.path, `not JSON (${type || "no content type"}): ${snippet(text)}`);
  }
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 120 ? `${flat.slice(0, 120)}…` : flat;
}

/** The `message` most vendors put at the top of an error body. */
function genericMessage(body: unknown): string | undefined {
  if (body && typeof body === "object" && typeof (body as { message?: unknown }).message === "string") {
    return (body as { message: string }).message;
  }
  return undefined;
}

/** The answer's body, checked against the documented shape of the vendor's answer. */
export async function callJson<T>(client: VendorClient, schema: ZodType<T>, spec: CallSpec): Promise<T> {
  const res = await client.call(spec);
  return expectShape(client.vendor, schema, res, spec);
}

/** Like `callJson` for a GET, but a 404 answers `undefined`. */
export async function getJson<T>(client: VendorClient, schema: ZodType<T>, spec: Omit<CallSpec, "method">): Promise<T | undefined> {
  const res = await client.getOrUndefined(spec);
  return res && expectShape(client.vendor, schema, res, { ...spec, method: "GET" });
}

function expectShape<T>(vendor: string, schema: ZodType<T>, res: VendorResponse, spec: CallSpec): T {
  const parsed = schema.safeParse(res.body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue.path.length ? issue.path.join(".") : "body";
  const detail = res.body === undefined ? "empty body" : `${where}: ${issue.message}`;
  throw new UnexpectedResponseError(vendor, spec.operation, res.status, spec.method, spec.path, detail);
}
