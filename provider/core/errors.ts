/**
 * The errors every vendor operation can fail with. Messages follow one shape so a user
 * reading `pulumi up` output sees what failed and where:
 *   talkover: could not disable webhook "calls-ended": 404 Webhook not found. (PUT /agents/…/webhooks/…)
 * No message ever contains a credential: request headers are never part of an error.
 */

/** Base of every error raised by pulumi-webhooks: names the vendor and the operation. */
export class WebhooksError extends Error {
  override name = "WebhooksError";
  constructor(
    readonly vendor: string,
    readonly operation: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${vendor}: ${message}`, options);
  }
}

/** The vendor answered with an HTTP error status. */
export class VendorHttpError extends WebhooksError {
  override name = "VendorHttpError";
  constructor(
    vendor: string,
    operation: string,
    readonly status: number,
    readonly method: string,
    readonly path: string,
    readonly vendorMessage: string,
    readonly requestId?: string,
    readonly retryAfterMs?: number,
    /** The vendor's own "this object does not exist" answer for the requested id (see CallSpec.goneWhen). */
    readonly gone = false,
    /** Appended after the request: what to check (a 404 that is not the vendor's "does not exist"). */
    hint?: string,
  ) {
    const id = requestId ? `, request id ${requestId}` : "";
    super(vendor, operation, `could not ${operation}: ${status} ${vendorMessage} (${method} ${path}${id})${hint ? ` — ${hint}` : ""}`);
  }
}

/**
 * A 3xx answer. Redirects are never followed: a DELETE redirected from http:// to https://
 * would otherwise "succeed" without deleting anything (issue 10).
 */
export class RedirectError extends WebhooksError {
  override name = "RedirectError";
  constructor(
    vendor: string,
    operation: string,
    readonly status: number,
    readonly method: string,
    readonly path: string,
    /** Where the answer pointed, without credentials or query. */
    readonly location: string | undefined,
    setting: string | undefined,
  ) {
    const where = location ? `redirected to ${location}` : "a redirect without a Location";
    const fix = setting ? `; redirects are not followed: set ${setting} to the final URL` : "; redirects are not followed";
    super(vendor, operation, `could not ${operation}: ${status} ${where} (${method} ${path})${fix}`);
  }
}

/** The account's rate budget is used up for longer than PULUMI_WEBHOOKS_MAX_RETRY_WAIT_MS allows waiting. */
export class RateLimitError extends WebhooksError {
  override name = "RateLimitError";
  constructor(
    vendor: string,
    operation: string,
    readonly method: string,
    readonly path: string,
    /** Epoch ms from which a request may be sent again. */
    readonly retryAt: number,
    maxWaitMs: number,
  ) {
    const when = new Date(retryAt).toISOString();
    const seconds = Math.ceil((retryAt - Date.now()) / 1000);
    super(vendor, operation,
      `could not ${operation}: the rate limit of this account is used up until ${when} (in ${seconds} s), longer than ` +
      `PULUMI_WEBHOOKS_MAX_RETRY_WAIT_MS allows waiting (${maxWaitMs} ms); retry after ${when} (${method} ${path})`);
  }
}

/** The vendor answered, but not in the documented shape (malformed JSON, HTML, missing fields). */
export class UnexpectedResponseError extends WebhooksError {
  override name = "UnexpectedResponseError";
  constructor(
    vendor: string,
    operation: string,
    readonly status: number,
    readonly method: string,
    readonly path: string,
    readonly detail: string,
  ) {
    super(vendor, operation, `could not ${operation}: the vendor answered ${status} in an unexpected shape: ${detail} (${method} ${path})`);
  }
}

/**
 * No usable answer: connection refused or dropped, or no answer within the timeout.
 * `maybePerformed` is true when the request reached the vendor and may have been carried
 * out (the ambiguous case a create must resolve before trying again).
 */
export class TransportError extends WebhooksError {
  override name = "TransportError";
  constructor(
    vendor: string,
    operation: string,
    readonly method: string,
    readonly path: string,
    readonly reason: string,
    readonly maybePerformed: boolean,
    cause?: unknown,
  ) {
    super(vendor, operation, `could not ${operation}: ${reason} (${method} ${path})`, { cause });
  }
}

/** A credential or setting is missing: says exactly which config key or env var to set. */
export class ConfigurationError extends WebhooksError {
  override name = "ConfigurationError";
}

/** The request is valid for us but the vendor state forbids it (one webhook per org, taken assistant). */
export class ConflictError extends WebhooksError {
  override name = "ConflictError";
}

/**
 * A create that made the vendor object but failed on a follow-up call. Pulumi's dynamic
 * provider host turns an error carrying `id` and `properties` into a "created but failed"
 * resource, so the webhook is recorded in state instead of leaked (see
 * cmd/dynamic-provider grpcResponseFromError).
 */
export class PartialCreateError extends Error {
  override name = "PartialCreateError";
  readonly reasons: string[];
  constructor(
    readonly id: string,
    readonly properties: Record<string, unknown>,
    cause: Error,
  ) {
    super(`${cause.message} (the webhook was created as ${id} and is recorded in state; the next update converges it)`, { cause });
    this.reasons = [cause.message];
  }
}

/**
 * True only for the vendor's own "this object does not exist" answer for the requested id.
 * Any other 404 (a wrong base URL, a proxy's page, a missing parent) is an error: taking it
 * for "gone" drops managed webhooks from state (issue 10).
 */
export function isGone(err: unknown): boolean {
  return err instanceof VendorHttpError && err.gone;
}

/**
 * True when a failed request may still have been carried out by the vendor: a 5xx, a
 * timeout or a connection lost after sending. A create that fails this way must look for
 * the webhook before trying again, or a retry makes a duplicate.
 */
export function mayHaveBeenPerformed(err: unknown): boolean {
  if (err instanceof TransportError) return err.maybePerformed;
  // A success status with an unreadable body: the work was done, the answer lost.
  if (err instanceof UnexpectedResponseError) return err.status < 300;
  return err instanceof VendorHttpError && err.status >= 500;
}
