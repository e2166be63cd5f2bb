/**
 * Pulumi `check`: validate once, with the vendor's zod schema, before any HTTP request.
 * Failures name the property and the rule; defaults are filled in so the stored inputs
 * match what the vendor will report (no perpetual diff); preview unknowns are tolerated.
 */
import { z } from "zod";
import type { CheckFailure, Props, VendorAdapter } from "./adapter";
import { containsUnknown } from "./unknown";

export interface CheckOutcome {
  inputs: Props;
  failures: CheckFailure[];
}

export function checkInputs(adapter: VendorAdapter, news: Props): CheckOutcome {
  const unknownKeys = Object.keys(news).filter((k) => containsUnknown(news[k]));
  let schema = adapter.schema();
  // A value still unknown in preview is checked when it is known, at `up`.
  if (unknownKeys.length > 0) {
    schema = schema.extend(Object.fromEntries(unknownKeys.map((k) => [k, z.unknown()])));
  }
  const parsed = schema.safeParse(news);
  if (!parsed.success) {
    return { inputs: news, failures: parsed.error.issues.flatMap((issue) => toFailures(issue, news)) };
  }
  const inputs = parsed.data as Props;
  const failures = unknownKeys.length > 0 ? [] : (adapter.refine?.(inputs) ?? []);
  return { inputs, failures };
}

function toFailures(issue: z.core.$ZodIssue, news: Props): CheckFailure[] {
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({ property: propertyPath([...issue.path, key]), reason: `unknown property "${key}"` }));
  }
  // A bad record key carries the key rule's own message one level down.
  const reason = issue.code === "invalid_key" && issue.issues[0] ? issue.issues[0].message : issue.message;
  // zod reports an absent property as a wrong type ("must be a string"); say what it is.
  const missing = issue.code === "invalid_type" && valueAt(news, issue.path) === undefined;
  return [{ property: propertyPath(issue.path) || "(inputs)", reason: missing ? `required, but missing — ${reason}` : reason }];
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const part of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}

/** Pulumi's property path notation: `customHeaders[0].value`. */
export function propertyPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === "number" ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`))
    .join("");
}
