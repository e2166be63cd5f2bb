/**
 * Property values as the engine handles them: secrets are wrapped in `Secret`, and the
 * wire form (Pulumi's signature objects) is converted at the edges.
 */
export const SIG = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export class Secret {
  constructor(readonly value: unknown) {}
}

export type Props = Record<string, unknown>;

/** Wire (Struct JS with signature objects) → values with Secret wrappers. */
export function fromWire(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromWire);
  if (value && typeof value === "object") {
    const obj = value as Props;
    if (obj[SIG] === SECRET_SIG) return new Secret(fromWire(obj.value));
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, fromWire(v)]));
  }
  return value;
}

/** Values → wire; secrets kept as signature objects or stripped (for providers that refuse them). */
export function toWire(value: unknown, keepSecrets: boolean): unknown {
  if (value instanceof Secret) return keepSecrets ? { [SIG]: SECRET_SIG, value: toWire(value.value, keepSecrets) } : toWire(value.value, keepSecrets);
  if (Array.isArray(value)) return value.map((v) => toWire(v, keepSecrets));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value as Props).filter(([, v]) => v !== undefined).map(([k, v]) => [k, toWire(v, keepSecrets)]));
  }
  return value;
}

/** Plain values with secrets replaced by "[secret]", as the CLI shows them in events. */
export function masked(value: unknown): unknown {
  if (value instanceof Secret) return "[secret]";
  if (Array.isArray(value)) return value.map(masked);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value as Props).map(([k, v]) => [k, masked(v)]));
  return value;
}

export const plain = (value: unknown) => toWire(value, false);

export function isSecret(value: unknown): boolean {
  return value instanceof Secret;
}

/**
 * Re-marks provider outputs as the engine does: an output is secret when the input of the
 * same name was secret, or when the resource lists it in additionalSecretOutputs.
 */
export function remarkSecrets(outputs: Props, secretKeys: Set<string>): Props {
  return Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, secretKeys.has(k) && !(v instanceof Secret) ? new Secret(v) : v]));
}

export function secretKeysOf(props: Props): Set<string> {
  return new Set(Object.entries(props).filter(([, v]) => v instanceof Secret).map(([k]) => k));
}

/** Top-level property names whose plain values differ (`__provider` excluded). */
export function changedKeys(olds: Props, news: Props): string[] {
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
  keys.delete("__provider");
  return [...keys].filter((k) => JSON.stringify(plain(olds[k])) !== JSON.stringify(plain(news[k]))).sort();
}
