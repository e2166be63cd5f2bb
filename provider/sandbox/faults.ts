/** Fault injection: the next N matching requests fail the way a flaky vendor or network does. */
import type { VendorName } from "./types";

export interface Fault {
  id: number;
  vendor: VendorName;
  /** Only this method (any when absent). */
  method?: string;
  /** A regular expression tested against the vendor-relative path (any when absent). */
  path?: string;
  /** How many matching requests it applies to (default 1). */
  times: number;
  /** Answer with this status (e.g. 429, 500, 502, 503). */
  status?: number;
  /** The answer's JSON body (default: a short error object). */
  body?: unknown;
  /** Seconds sent as Retry-After (429 gets 1 by default). */
  retryAfter?: number;
  /**
   * A slow answer: wait this long before handling the request (with `afterOperation`:
   * after doing the work, before answering). Alone, the request then proceeds normally.
   */
  delayMs?: number;
  /** Destroy the connection without answering. */
  drop?: boolean;
  /** Carry out the real operation first, then fail: the ambiguous case. */
  afterOperation?: boolean;
  /** Answer an HTML error page instead of JSON. */
  html?: boolean;
  /** Send this raw text as the body (e.g. malformed JSON). */
  rawBody?: string;
  /** Answer with the vendor's own 404 for an unknown route (a wrong base URL, a proxy). */
  routeMissing?: boolean;
  /**
   * Extra answer headers (`location` for a 3xx, `x-ratelimit-*`). Alone, the request
   * proceeds normally and its real answer carries them.
   */
  headers?: Record<string, string>;
}

export class FaultList {
  private faults: Fault[] = [];
  private nextId = 1;

  add(spec: Omit<Fault, "id" | "times"> & { times?: number }): Fault {
    if (spec.path !== undefined) new RegExp(spec.path); // reject a bad pattern at once
    const fault = { ...spec, id: this.nextId++, times: spec.times ?? 1 };
    this.faults.push(fault);
    return fault;
  }

  /** The first fault matching the request, consumed once. */
  take(vendor: string, method: string, path: string): Fault | undefined {
    const fault = this.faults.find(
      (f) => f.vendor === vendor && (!f.method || f.method.toUpperCase() === method) && (!f.path || new RegExp(f.path).test(path)),
    );
    if (!fault) return undefined;
    if (--fault.times <= 0) this.faults.splice(this.faults.indexOf(fault), 1);
    return fault;
  }

  list(): Fault[] {
    return [...this.faults];
  }

  clear(): void {
    this.faults = [];
  }
}
