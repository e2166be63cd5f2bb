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
import { accountLabel, resolveAccount, type AccountSettings, type Setting, type SettingSource } from "./config";
import type { ZodType } from "zod";
import { RateLimitError, RedirectError, TransportError, UnexpectedResponseError, VendorHttpError } from "./errors";
import { announce } from "./log";
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
  /** An opaque id of the account (base URL + credential), for caches and the rate budget. */
  account?: string;
  /** The config key of the base URL (`talkover:baseUrl`), named when an answer suggests it is wrong. */
  baseUrlSetting?: string;
  /** Where the credential was read, named (never its value) when the vendor refuses it with a 401. */
  credentialOrigin?: CredentialOrigin;
}

export interface CredentialOrigin {
  /** "API token", "API key". */
  name: string;
  setting: Setting;
  source: SettingSource;
  /** The named account, undefined for the default one. */
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
  /**
   * Recognises the vendor's own "this object does not exist" 404 body for the requested id.
   * Only such an answer means "gone"; any other 404 is an error that points at the base URL.
   */
  goneWhen?: (body: unknown) => boolean;
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
    baseUrlSetting: account.baseUrlSetting.configKey,
    credentialOrigin: { name: connection.credentialName, setting: account.credentialSetting, source: account.credentialSource, account: connection.account },
  });
}

let sharedAgent: Agent | undefined;
const pacers = new Map<string, Pacer>();
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
// Rate-limit times come in whole seconds (plus our 25 ms margin): a wait for a full window
// of PULUMI_WEBHOOKS_MAX_RETRY_WAIT_MS (60 s = Talkover's per-minute window) may round up
// to just over it, and must still be waited for rather than refused.
const WHOLE_SECOND_SLACK_MS = 1_100;
// A wait at least this long is announced, so a slow `pulumi up` says why.
const ANNOUNCE_WAIT_MS = 1_000;
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
    // One budget per account (base URL + credential): two tokens are two budgets, one
    // token used by many resources is one.
    const key = opts.account ?? `${opts.vendor} ${opts.baseUrl}`;
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
        if (err instanceof UnexpectedResponseError || err instanceof RateLimitError) throw err;
        const transport = this.transportError(spec, err);
        if (canRetry && (idempotent || !transport.maybePerformed)) {
          await sleep(this.backoff(attempt));
          continue;
        }
        throw transport;
      }
      if (outcome.status < 300) return outcome;
      if (outcome.status < 400) throw this.redirectError(spec, outcome);
      const error = this.httpError(spec, outcome);
      // A 429 is refused before any work is done, so even a create may be repeated.
      const retryable = RETRYABLE_STATUS.has(outcome.status) && (idempotent || outcome.status === 429);
      if (!canRetry || !retryable) throw error;
      const wait = error.retryAfterMs ?? this.backoff(attempt);
      // Waiting longer than allowed is not retried in silence: the user learns when to come back.
      if (wait > this.settings.maxRetryWaitMs + WHOLE_SECOND_SLACK_MS) throw this.rateLimitError(spec, Date.now() + wait);
      if (outcome.status === 429) this.pacer.block(wait);
      if (wait >= ANNOUNCE_WAIT_MS) this.announceWait(spec, Date.now() + wait, `${outcome.status} answer`);
      await sleep(wait);
    }
  }

  /**
   * The call, or `undefined` when the vendor answered with its own "this object does not
   * exist" (spec.goneWhen). Only the resource decides what "gone" means for refresh.
   */
  async callOrGone(spec: CallSpec & { goneWhen: (body: unknown) => boolean }): Promise<VendorResponse | undefined> {
    try {
      return await this.call(spec);
    } catch (err) {
      if (err instanceof VendorHttpError && err.gone) return undefined;
      throw err;
    }
  }

  /** Waits for the account's rate budget, at most PULUMI_WEBHOOKS_MAX_RETRY_WAIT_MS, and says so when it is long. */
  private async pace(spec: CallSpec): Promise<void> {
    for (;;) {
      const readyAt = this.pacer.readyAt();
      const wait = readyAt - Date.now();
      if (readyAt === 0 || wait <= 0) return;
      if (wait > this.settings.maxRetryWaitMs + WHOLE_SECOND_SLACK_MS) throw this.rateLimitError(spec, readyAt);
      if (wait >= ANNOUNCE_WAIT_MS) this.announceWait(spec, readyAt, "the rate limit of this account");
      await sleep(wait);
    }
  }

  private announceWait(spec: CallSpec, until: number, why: string): void {
    announce(`${this.opts.vendor}: waiting ${Math.ceil((until - Date.now()) / 1000)} s (until ${new Date(until).toISOString()}) for ${why} before: ${spec.operation}`);
  }

  private rateLimitError(spec: CallSpec, retryAt: number): RateLimitError {
    return new RateLimitError(this.opts.vendor, spec.operation, spec.method, spec.path, retryAt, this.settings.maxRetryWaitMs);
  }

  private async send(spec: CallSpec): Promise<VendorResponse> {
    await this.pace(spec);
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
    const gone = res.status === 404 && spec.goneWhen?.(res.body) === true;
    const hint = res.status === 404 && !gone ? this.notFoundHint(spec) : res.status === 401 ? this.unauthorizedHint() : undefined;
    return new VendorHttpError(this.opts.vendor, spec.operation, res.status, spec.method, spec.path, message, requestId, retryAfterMs(res.headers), gone, hint);
  }

  /** A 404 that is not the vendor's "does not exist": most often a wrong base URL. */
  private notFoundHint(spec: CallSpec): string {
    const setting = this.opts.baseUrlSetting ?? `${this.opts.vendor}:baseUrl`;
    return `not ${this.opts.vendor}'s answer for a missing object, so nothing is taken as gone; check ${setting} (the request went to ${publicUrl(this.opts.baseUrl + spec.path)})`;
  }

  /**
   * A 401: the credential is wrong, expired or for another account. Names where it was
   * read, never its value. Refresh and destroy configure the provider from the config
   * recorded at the last `pulumi up` (README, credentials), so a rotation shows up here
   * until the next up.
   */
  private unauthorizedHint(): string | undefined {
    const origin = this.opts.credentialOrigin;
    if (!origin) return undefined;
    const { configKey, envVar } = origin.setting;
    const rotation = origin.source === "stack config"
      ? ". After rotating it, run `pulumi up` once: refresh and destroy use the config recorded at the last up"
      : "";
    return `check the ${origin.name}${accountLabel(origin.account)}: config key ${configKey} ` +
      `(\`pulumi config set --secret ${configKey} <value>\`) or environment variable ${envVar}; the config key wins, and the one sent came from the ${origin.source}${rotation}`;
  }

  private redirectError(spec: CallSpec, res: VendorResponse): RedirectError {
    const location = header(res.headers, "location");
    const target = location === undefined ? undefined : publicUrl(new URL(location, this.opts.baseUrl).href);
    return new RedirectError(this.opts.vendor, spec.operation, res.status, spec.method, spec.path, target, this.opts.baseUrlSetting);
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
    // A success answer may carry secrets (Polytomic echoes the webhook secret): its text is
    // never quoted, only its size.
    throw new UnexpectedResponseError(client.vendor, spec.operation, status, spec.method, spec.path, `not JSON (${type || "no content type"}, ${text.length} characters)`);
  }
}

/** A URL as it may appear in a message: scheme, host and path; never user info or query. */
function publicUrl(raw: string): string {
  try {
    const url = new URL(raw);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return "(an invalid URL)";
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

/** Like `callJson` for a GET, but the vendor's own "does not exist" (spec.goneWhen) answers `undefined`. */
export async function getJson<T>(
  client: VendorClient,
  schema: ZodType<T>,
  spec: Omit<CallSpec, "method"> & { goneWhen: (body: unknown) => boolean },
): Promise<T | undefined> {
  const res = await client.callOrGone({ ...spec, method: "GET" });
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
