/**
 * The sandbox HTTP server: routes each request to its vendor by base path, applies faults,
 * rate limits and the vendor's auth, logs it (never a credential), and persists changes.
 * Whatever arrives, it answers as the vendor would; it never crashes on bad input.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { handleControl } from "./control";
import { FaultList, type Fault } from "./faults";
import { RateLimits } from "./rate-limits";
import { Store } from "./store";
import { matchPattern, type SandboxReply, type SandboxRequest, type SandboxVendor } from "./types";

export interface LoggedRequest {
  seq: number;
  at: string;
  vendor: string;
  method: string;
  path: string;
  fullPath: string;
  query: Record<string, string>;
  status: number;
  requestBody?: unknown;
  responseBody?: unknown;
}

const MAX_BODY = 1024 * 1024;
const MAX_LOG = 100_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class SandboxServer {
  readonly faults = new FaultList();
  readonly rateLimits = new RateLimits();
  log: LoggedRequest[] = [];
  private seq = 0;
  readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(readonly vendors: SandboxVendor[], readonly store: Store, public tokens: string[]) {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err) => {
        // A bug in a route must not take the sandbox down: answer 500 and keep serving.
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ message: `sandbox error: ${(err as Error).message}` }));
      });
    });
    this.server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
  }

  destroySockets(): void {
    for (const s of this.sockets) s.destroy();
  }

  resetAll(): void {
    this.store.reset();
    this.faults.clear();
    this.rateLimits.clear();
    this.log = [];
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://sandbox");
    const raw = await readBody(req);
    if (raw === undefined) return send(res, { status: 413, body: { message: "request body too large" } });
    if (url.pathname.startsWith("/_sandbox")) return send(res, handleControl(this, req.method ?? "GET", url, raw));
    const vendor = this.vendors.find((v) => url.pathname === v.basePath || url.pathname.startsWith(`${v.basePath}/`));
    if (!vendor) return send(res, { status: 404, body: { message: `no sandbox vendor serves ${url.pathname}` } });

    let body: unknown;
    let badJson = false;
    if (raw.trim() !== "") {
      try {
        body = JSON.parse(raw);
      } catch {
        badJson = true;
      }
    }
    const request: SandboxRequest = { method: (req.method ?? "GET").toUpperCase(), path: url.pathname.slice(vendor.basePath.length) || "/", query: url.searchParams, headers: req.headers, body, badJson };
    const entry: LoggedRequest = {
      seq: ++this.seq, at: new Date().toISOString(), vendor: vendor.name, method: request.method, path: request.path,
      fullPath: url.pathname, query: Object.fromEntries(url.searchParams), status: 0, requestBody: redactSecrets(body),
    };
    this.log.push(entry);
    if (this.log.length > MAX_LOG) this.log.splice(0, this.log.length - MAX_LOG);

    const fault = this.faults.take(vendor.name, request.method, request.path);
    const failsOnItsOwn = fault && (fault.drop || fault.status || fault.html || fault.rawBody !== undefined || fault.routeMissing);
    // Before the operation, a delay is a slow vendor; after it, a vendor that did the work but answers late.
    if (fault?.delayMs && !fault.afterOperation) await sleep(fault.delayMs);
    if (fault && !fault.afterOperation && failsOnItsOwn) return this.answerFault(res, fault, entry, vendor, request);
    const limit = this.rateLimits.hit(vendor.name);
    let reply = limit?.limited ? { status: 429, body: { message: "Too Many Requests" } } : this.route(vendor, request);
    if (limit) reply = { ...reply, headers: { ...reply.headers, ...limit.headers } };
    if (fault?.delayMs && fault.afterOperation) await sleep(fault.delayMs);
    if (fault?.afterOperation && failsOnItsOwn) return this.answerFault(res, fault, entry, vendor, request);
    if (fault?.headers) reply = { ...reply, headers: { ...reply.headers, ...fault.headers } };
    entry.status = reply.status;
    entry.responseBody = redactSecrets(reply.body);
    send(res, reply);
  }

  private route(vendor: SandboxVendor, req: SandboxRequest): SandboxReply {
    const credential = vendor.credential(req);
    if (!credential || !this.tokens.includes(credential)) return vendor.unauthorized(req);
    if (req.badJson) return vendor.badRequest(req);
    for (const route of vendor.routes) {
      if (route.method !== req.method) continue;
      const params = matchPattern(route.pattern, req.path);
      if (!params) continue;
      const reply = route.handle(req, params, this.store.data[vendor.name]);
      if (req.method !== "GET" && reply.status < 400) this.store.save();
      return reply;
    }
    return vendor.notFound(req);
  }

  private answerFault(res: ServerResponse, fault: Fault, entry: LoggedRequest, vendor: SandboxVendor, req: SandboxRequest): void {
    if (fault.drop) {
      entry.status = 0;
      res.socket?.destroy();
      return;
    }
    if (fault.routeMissing) {
      const reply = vendor.notFound(req);
      entry.status = reply.status;
      entry.responseBody = reply.body;
      return send(res, { ...reply, headers: { ...reply.headers, ...fault.headers } });
    }
    const status = fault.status ?? 500;
    entry.status = status;
    const headers: Record<string, string> = { ...fault.headers };
    if (status === 429 || fault.retryAfter !== undefined) headers["retry-after"] = String(fault.retryAfter ?? 1);
    if (fault.html) {
      res.writeHead(status, { ...headers, "content-type": "text/html" });
      res.end(`<html><head><title>${status} Error</title></head><body><h1>${status}</h1><p>upstream error</p></body></html>`);
      return;
    }
    if (fault.rawBody !== undefined) {
      res.writeHead(status, { ...headers, "content-type": "application/json" });
      res.end(fault.rawBody);
      return;
    }
    send(res, { status, body: fault.body ?? { message: `injected fault ${status}` }, headers });
  }
}

/**
 * Fields that hold a credential, in any vendor's requests and answers: webhook and signing
 * secrets (Polytomic `secret`, Talkover `webhook_secret`, Shodai/SigmaMind `secret`) and
 * Talkover custom header values. The log keeps that they were there, never their value.
 */
const SECRET_FIELDS = new Set(["secret", "webhook_secret", "signingSecret", "signing_secret", "api_key", "apiKey", "token", "password"]);
export const REDACTED = "[redacted]";

export function redactSecrets(value: unknown, parentKey = ""): unknown {
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, parentKey));
  if (!value || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const headerValue = parentKey === "custom_headers" && key === "value";
    out[key] = (SECRET_FIELDS.has(key) || headerValue) && v !== null && v !== undefined ? REDACTED : redactSecrets(v, key);
  }
  return out;
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > MAX_BODY ? undefined : Buffer.concat(chunks).toString("utf8")));
    req.on("error", () => resolve(""));
  });
}

export function send(res: ServerResponse, reply: SandboxReply): void {
  if (res.writableEnded || res.destroyed) return;
  const headers = { ...reply.headers };
  if (reply.status === 204 || reply.body === undefined) {
    res.writeHead(reply.status, headers);
    res.end();
    return;
  }
  res.writeHead(reply.status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(reply.body));
}
