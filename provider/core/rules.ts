/** Validation rules several vendors share, with messages that name the rule. */
import { z } from "zod";
import { ACCOUNT_NAME } from "./config";

/**
 * An absolute http(s) URL of at most `max` characters; `httpsOnly` where the vendor requires
 * it. Whitespace and control characters are refused rather than normalised: `new URL()`
 * trims and escapes them, but the vendor may store the text as sent (or refuse it), and
 * either way the stored value would differ from the declared one — a permanent diff.
 */
export function webUrl(opts: { max?: number; httpsOnly?: boolean } = {}) {
  const schemes = opts.httpsOnly ? ["https:"] : ["https:", "http:"];
  return z
    .string({ error: "must be a string (a URL)" })
    .max(opts.max ?? 2048, { error: `must be at most ${opts.max ?? 2048} characters` })
    .refine((value) => {
      try {
        const url = new URL(value);
        return schemes.includes(url.protocol) && url.hostname !== "";
      } catch {
        return false;
      }
    }, { error: opts.httpsOnly ? "must be an absolute https:// URL" : "must be an absolute http:// or https:// URL" })
    .refine((value) => value.trim() === value, { error: "must not start or end with whitespace" })
    .refine((value) => !/[\r\n]/.test(value), { error: "must not contain a line break" })
    .refine((value) => !/[\s\x00-\x1f\x7f]/.test(value.trim().replace(/[\r\n]/g, "")), { error: "must not contain spaces or control characters (write a space as %20)" });
}

/**
 * An HTTP header value the vendor will send as given: no CR, LF or NUL, which would end the
 * header (and could inject another one) or be refused by the vendor.
 */
export function headerValue() {
  return z
    .string({ error: "must be a string" })
    .refine((value) => !/[\r\n\0]/.test(value), { error: "must not contain CR, LF or NUL characters (a header value is one line)" });
}

/** An HTTP header name: 1–`max` token characters (no spaces, colons or line breaks). */
export function headerName(max = 255) {
  return text(1, max).regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, { error: "must be a header name: letters, digits and !#$%&'*+.^_`|~- only" });
}

export function uuid(what: string) {
  return z.string({ error: `must be a string (${what})` }).regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, {
    error: `must be a UUID (${what})`,
  });
}

/** Whole number in [min, max]. */
export function intRange(min: number, max: number) {
  return z
    .number({ error: "must be a number" })
    .int({ error: "must be a whole number" })
    .min(min, { error: `must be between ${min} and ${max}` })
    .max(max, { error: `must be between ${min} and ${max}` });
}

export function text(min: number, max: number) {
  return z
    .string({ error: "must be a string" })
    .min(min, { error: min === 1 ? "must not be empty" : `must be at least ${min} characters` })
    .max(max, { error: `must be at most ${max} characters` });
}

/**
 * A set of known event names, stored sorted and without repeats, so the order a user
 * writes them in (or the vendor returns them in) never shows up as a change.
 */
export function eventSet(known: readonly string[], opts: { min?: number } = {}) {
  const name = z.string({ error: "must be a string (an event name)" }).refine((e) => known.includes(e), {
    error: (issue) => `unknown event "${String(issue.input)}"; known events: ${known.join(", ")}`,
  });
  let list = z.array(name, { error: "must be a list of event names" });
  if (opts.min) list = list.min(opts.min, { error: `must list at least ${opts.min} event` });
  return list.transform(sortedUnique);
}

export function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

/**
 * The name of one of several accounts at a vendor. It is only a name: the account's
 * credential and base URL are read from config keys derived from it (core/config).
 */
export function accountName() {
  return z
    .string({ error: "must be a string (an account name)" })
    .max(40, { error: "must be at most 40 characters" })
    .regex(ACCOUNT_NAME, { error: "must be an account name: lowercase letters and digits, words joined by single dashes (e.g. \"eu\", \"second-org\")" });
}
