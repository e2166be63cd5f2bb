/**
 * Client-side pacing shared by every request to one vendor account from this process.
 * The Pulumi engine runs up to `--parallel` resource operations at once in the same
 * provider process, so the rate-limit headers one answer carries must slow down all of
 * them, not just the request that saw the 429.
 */
export class Pacer {
  private remaining: number | undefined;
  private resetAt = 0;
  private blockedUntil = 0;

  /**
   * When a request may be sent without exceeding the advertised budget: 0 means now (and
   * one unit of budget is taken), otherwise the epoch ms to wait for. The caller decides
   * whether that wait is acceptable (see core/http: capped, announced).
   */
  readyAt(now = Date.now()): number {
    if (this.blockedUntil > now) return this.blockedUntil;
    if (this.remaining !== undefined && this.remaining <= 0) {
      if (this.resetAt > now) return this.resetAt + 25;
      this.remaining = undefined;
    }
    if (this.remaining !== undefined) this.remaining--;
    return 0;
  }

  /** Learns the budget from `X-RateLimit-Remaining` / `X-RateLimit-Reset` when the vendor sends them. */
  observe(headers: Record<string, string | string[] | undefined>): void {
    const remaining = Number(header(headers, "x-ratelimit-remaining"));
    const reset = Number(header(headers, "x-ratelimit-reset"));
    if (!Number.isFinite(remaining) || header(headers, "x-ratelimit-remaining") === undefined) return;
    const resetAt = Number.isFinite(reset) && reset > 0 ? resetToEpochMs(reset) : 0;
    if (resetAt > this.resetAt || this.remaining === undefined || remaining < this.remaining) {
      this.remaining = remaining;
      this.resetAt = Math.max(this.resetAt, resetAt);
    }
  }

  /** After a 429: every request to this account waits `ms` before the next attempt. */
  block(ms: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, Date.now() + ms);
  }
}

/**
 * `X-RateLimit-Reset` as epoch ms. Talkover sends epoch seconds; some APIs send epoch
 * milliseconds (read as seconds, that is a wait of millennia) or seconds from now.
 */
export function resetToEpochMs(reset: number, now = Date.now()): number {
  if (reset > 1e12) return reset;
  if (reset > 1e9) return reset * 1000;
  return now + reset * 1000;
}

export function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** `Retry-After` as milliseconds: delta seconds or an HTTP date. */
export function retryAfterMs(headers: Record<string, string | string[] | undefined>): number | undefined {
  const value = header(headers, "retry-after");
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
