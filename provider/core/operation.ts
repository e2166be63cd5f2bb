/** Words for an update, so errors say "could not disable webhook …" rather than "update". */
export function updateOperation(changed: readonly string[], enabled: boolean, what: string): string {
  if (changed.length === 1 && changed[0] === "enabled") return `${enabled ? "enable" : "disable"} ${what}`;
  return `update ${what} (${changed.join(", ")})`;
}

/** Drops undefined values: Pulumi's Struct marshalling rejects them. */
export function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
