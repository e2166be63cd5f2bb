/**
 * Engine events → the webhook changes a reviewer or on-call cares about. Only the five
 * webhook resource types count; everything else in the stack is left out.
 *
 * Changed properties are computed from the old and new inputs in the events (dynamic
 * providers report no detailed diff, so `metadata.diffs` is often empty), and secrets are
 * masked here, before any renderer sees a value.
 */
import type { EngineEvent } from "./source";

export const VENDOR_TITLES: Record<string, string> = {
  talkover: "Talkover",
  polytomic: "Polytomic",
  shodai: "Shodai",
  sigmamind: "SigmaMind",
  autocalls: "Autocalls",
};

/** Properties that hold secrets whatever the engine says about them. */
const SECRET_PROPERTIES = new Set(["secret", "signingSecret", "customHeaders"]);
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
export const MASK = "[secret]";

export type ChangeKind = "create" | "delete" | "replace" | "disable" | "enable" | "update";

export interface PropertyChange {
  property: string;
  old?: unknown;
  new?: unknown;
  /** A secret whose value changed: the engine hides both sides, so only the fact is shown. */
  hidden?: boolean;
}

export interface WebhookChange {
  vendor: string;
  type: string;
  name: string;
  urn: string;
  kind: ChangeKind;
  /** For replaces: the properties that force it. */
  replaceReasons: string[];
  changes: PropertyChange[];
}

export interface WebhookDrift {
  vendor: string;
  type: string;
  name: string;
  urn: string;
  /** "changed": differs from state; "deleted": gone at the vendor. */
  kind: "changed" | "deleted";
  changes: PropertyChange[];
}

interface Meta {
  op: string;
  urn: string;
  type: string;
  old?: { inputs?: Record<string, unknown>; outputs?: Record<string, unknown>; id?: string };
  new?: { inputs?: Record<string, unknown>; outputs?: Record<string, unknown>; id?: string };
  diffs?: string[];
  keys?: string[];
}

/** `pulumi-nodejs:dynamic/talkover:Webhook` → talkover / Webhook; undefined for other types. */
export function webhookType(type: string): { vendor: string; type: string } | undefined {
  const match = /^pulumi-nodejs:dynamic\/([a-z]+):([A-Za-z]+)$/.exec(type);
  return match && VENDOR_TITLES[match[1]] ? { vendor: match[1], type: match[2] } : undefined;
}

const nameOf = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2);

function isSecret(property: string, value: unknown): boolean {
  if (SECRET_PROPERTIES.has(property)) return true;
  if (value === MASK) return true;
  return !!value && typeof value === "object" && SECRET_SIG in (value as object);
}

function mask(property: string, value: unknown): unknown {
  return value !== undefined && isSecret(property, value) ? MASK : value;
}

/** The properties whose values differ, masked. `__provider` is the provider's code, not a setting. */
export function propertyChanges(olds: Record<string, unknown> = {}, news: Record<string, unknown> = {}, only?: string[]): PropertyChange[] {
  const keys = only?.length ? only : [...new Set([...Object.keys(olds), ...Object.keys(news)])];
  return keys
    .filter((k) => k !== "__provider" && JSON.stringify(olds[k]) !== JSON.stringify(news[k]))
    .sort()
    .map((property) => ({ property, old: mask(property, olds[property]), new: mask(property, news[property]) }));
}

/** Secret-holding properties present on either side: what a hidden change can be. */
function hiddenChanges(...sides: (Record<string, unknown> | undefined)[]): PropertyChange[] {
  const keys = new Set<string>();
  for (const side of sides) for (const [k, v] of Object.entries(side ?? {})) if (k !== "__provider" && isSecret(k, v)) keys.add(k);
  const list = [...keys].sort();
  return (list.length ? list : ["(a secret value)"]).map((property) => ({ property, old: MASK, new: MASK, hidden: true }));
}

function updateChanges(meta: Meta): PropertyChange[] {
  const declared = propertyChanges(meta.old?.inputs, meta.new?.inputs);
  if (declared.length) return declared;
  const news = meta.new?.inputs ?? {};
  const outs = meta.old?.outputs ?? {};
  const converge = propertyChanges(
    Object.fromEntries(Object.keys(news).filter((k) => k in outs && !isSecret(k, news[k]) && !isSecret(k, outs[k])).map((k) => [k, outs[k]])),
    Object.fromEntries(Object.keys(news).filter((k) => k in outs && !isSecret(k, news[k]) && !isSecret(k, outs[k])).map((k) => [k, news[k]])),
  );
  if (converge.length) return converge;
  return hiddenChanges(meta.old?.inputs, meta.new?.inputs);
}

const metaOf = (e: EngineEvent): Meta | undefined => (e.resourcePreEvent?.metadata ?? undefined) as Meta | undefined;

/** What a preview would do to each webhook (resources with no change are left out). */
export function planChanges(events: EngineEvent[]): WebhookChange[] {
  const result: WebhookChange[] = [];
  for (const meta of events.map(metaOf)) {
    const kind = meta && webhookType(meta.type);
    if (!meta || !kind) continue;
    const base = { ...kind, name: nameOf(meta.urn), urn: meta.urn };
    const olds = meta.old?.inputs;
    const news = meta.new?.inputs;
    switch (meta.op) {
      case "create":
        result.push({ ...base, kind: "create", replaceReasons: [], changes: propertyChanges({}, news) });
        break;
      case "delete":
        result.push({ ...base, kind: "delete", replaceReasons: [], changes: propertyChanges(olds, {}) });
        break;
      case "replace": {
        const changes = propertyChanges(olds, news);
        const reasons = meta.keys?.length ? meta.keys : changes.map((c) => c.property);
        result.push({ ...base, kind: "replace", replaceReasons: reasons.filter((k) => k !== "__provider"), changes });
        break;
      }
      case "update": {
        // The engine decided there is an update; name the properties as well as the events
        // allow. Dynamic providers report no changed keys, so: (1) declared inputs that
        // differ; else (2) inputs against what the vendor was left with (a create whose
        // follow-up call failed is recorded with the vendor's values); else (3) a secret
        // changed — masked on both sides, so only the fact can be shown.
        const changes = updateChanges(meta);
        const enabled = changes.find((c) => c.property === "enabled");
        const kind: ChangeKind = enabled ? (enabled.new === false ? "disable" : "enable") : "update";
        result.push({ ...base, kind, replaceReasons: [], changes });
        break;
      }
      default:
        break; // same, create-replacement / delete-replaced (the replace step says it all), read, …
    }
  }
  return result;
}

/**
 * What a refresh preview found: each webhook whose vendor state differs from state, and
 * those deleted outside Pulumi. Compared on inputs (the declared-level view that read
 * maps the vendor's answer back to), falling back to outputs.
 */
export function driftOf(events: EngineEvent[]): WebhookDrift[] {
  const found = new Map<string, WebhookDrift>();
  // The engine announces each read with a "refresh" pre-event whose `new` is not known yet;
  // its verdict (same / update / delete) comes in the outputs event.
  const decided = new Set(events.map((e) => e.resOutputsEvent?.metadata?.urn).filter(Boolean));
  for (const e of events) {
    const pre = e.resourcePreEvent?.metadata as Meta | undefined;
    if (pre && (pre.op === "refresh" || decided.has(pre.urn))) continue;
    const meta = (e.resOutputsEvent?.metadata ?? pre) as Meta | undefined;
    const kind = meta && webhookType(meta.type);
    if (!meta || !kind) continue;
    const base = { ...kind, name: nameOf(meta.urn), urn: meta.urn };
    const gone = meta.op === "delete" || (meta.old && (!meta.new || !meta.new.id));
    if (gone) {
      found.set(meta.urn, { ...base, kind: "deleted", changes: [] });
      continue;
    }
    if (!meta.old || !meta.new || found.get(meta.urn)?.kind === "deleted") continue;
    const useInputs = meta.old.inputs && meta.new.inputs && Object.keys(meta.new.inputs).length > 0;
    let changes = useInputs ? propertyChanges(meta.old.inputs, meta.new.inputs) : propertyChanges(meta.old.outputs, meta.new.outputs);
    if (changes.length === 0 && useInputs) changes = propertyChanges(meta.old.outputs, meta.new.outputs);
    // The engine's verdict is "update" but every visible value is equal: a secret changed
    // at the vendor (both sides are masked in events).
    if (changes.length === 0 && meta.op === "update") changes = hiddenChanges(meta.old.inputs, meta.new.inputs, meta.old.outputs, meta.new.outputs);
    if (changes.length > 0) found.set(meta.urn, { ...base, kind: "changed", changes });
  }
  return [...found.values()];
}
