/**
 * Pulumi `diff`: old outputs (which carry the normalized inputs) against the checked new
 * inputs, under the vendor's field policy. Only properties that really changed count, so
 * a no-op `pulumi up` makes no vendor request.
 */
import type { FieldPolicy, Props } from "./adapter";
import { containsUnknown } from "./unknown";

export interface DiffOutcome {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/** The input properties whose declared value differs from what state records. */
export function changedInputs(policy: FieldPolicy, olds: Props, news: Props): string[] {
  return policy.inputs.filter((key) => {
    if (policy.createOnly?.includes(key)) return false;
    if (containsUnknown(news[key])) return true;
    const effective = policy.computed?.[key];
    if (effective) return news[key] !== undefined && !deepEqual(normalize(olds[key] ?? olds[effective]), normalize(news[key]));
    return !deepEqual(normalize(olds[key]), normalize(news[key]));
  });
}

export function diffInputs(policy: FieldPolicy, olds: Props, news: Props): DiffOutcome {
  const changed = changedInputs(policy, olds, news);
  const replaces = changed.filter((key) => policy.replaceOn.includes(key));
  return {
    changes: changed.length > 0,
    replaces,
    deleteBeforeReplace: replaces.length > 0 && policy.deleteBeforeReplace === true,
  };
}

// State can hold `null` where the program has nothing (the wire has no undefined).
function normalize(value: unknown): unknown {
  return value === null ? undefined : value;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  }
  if (a && b && typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a).filter((k) => (a as Props)[k] !== undefined);
    const kb = Object.keys(b).filter((k) => (b as Props)[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => deepEqual((a as Props)[k], (b as Props)[k]));
  }
  return false;
}
