/** Optional fixed-window rate limits per vendor, answered with X-RateLimit-* headers and 429. */
export interface RateLimit {
  limit: number;
  windowMs: number;
}

interface Window extends RateLimit {
  start: number;
  count: number;
}

export class RateLimits {
  private windows = new Map<string, Window>();

  set(vendor: string, limit: RateLimit): void {
    if (!(limit.limit >= 1) || !(limit.windowMs >= 1)) throw new Error("limit and windowMs must be positive");
    this.windows.set(vendor, { ...limit, start: Date.now(), count: 0 });
  }

  clear(vendor?: string): void {
    if (vendor) this.windows.delete(vendor);
    else this.windows.clear();
  }

  /** Counts one request; the headers to send and whether it is over the limit. */
  hit(vendor: string): { headers: Record<string, string>; limited: boolean } | undefined {
    const w = this.windows.get(vendor);
    if (!w) return undefined;
    const now = Date.now();
    if (now - w.start >= w.windowMs) {
      w.start = now;
      w.count = 0;
    }
    w.count++;
    const resetAt = w.start + w.windowMs;
    const limited = w.count > w.limit;
    const headers: Record<string, string> = {
      "x-ratelimit-limit": String(w.limit),
      "x-ratelimit-remaining": String(Math.max(0, w.limit - w.count)),
      "x-ratelimit-reset": String(Math.ceil(resetAt / 1000)),
    };
    if (limited) headers["retry-after"] = String(Math.max(1, Math.ceil((resetAt - now) / 1000)));
    return { headers, limited };
  }
}
