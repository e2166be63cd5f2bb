/** Words for an update, so errors say "could not disable webhook …" rather than "update". */
export function updateOperation(changed: readonly string[], enabled: boolean, what: string): string {
  if (changed.length === 1 && changed[0] === "enabled") return `${enabled ? "enable" : "disable"} ${what}`;
  return `update ${what} (${changed.join(", ")})`;
}

/** Drops undefined values: Pulumi's Struct marshalling rejects them. */
export function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The host of a webhook URL, the most of it a message may show: delivery URLs are often
 * credentials themselves (`…/services/T0/B0/XXXX`) and users pass them as Pulumi secrets.
 */
export function urlHost(url: string | null | undefined): string {
  if (!url) return "(no url)";
  try {
    return new URL(url).host || "(no host)";
  } catch {
    return "(an invalid URL)";
  }
}

/**
 * A matcher for the vendor's own "this object does not exist" body: a JSON object whose
 * message (found by `messageOf`) matches `pattern`. Used as CallSpec.goneWhen.
 */
export function goneMessage(messageOf: (body: Record<string, unknown>) => unknown, pattern: RegExp): (body: unknown) => boolean {
  return (body) => {
    if (!body || typeof body !== "object" || Array.isArray(body)) return false;
    const message = messageOf(body as Record<string, unknown>);
    return typeof message === "string" && pattern.test(message);
  };
}

/** Escapes text for use inside a RegExp (an id in a "not found" message). */
export function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
