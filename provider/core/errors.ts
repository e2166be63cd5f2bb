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
  ) {
    const id = requestId ? `, request id ${requestId}` : "";
    super(vendor, operation, `could not ${operation}: ${status} ${vendorMessage} (${method} ${path}${id})`);
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

/** True for a 404 answer: the vendor object does not exist. */
export function isNotFound(err: unknown): boolean {
  return err instanceof VendorHttpError && err.status === 404;
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
