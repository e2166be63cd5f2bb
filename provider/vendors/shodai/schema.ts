/** Shodai webhook subscription inputs: validation, defaults and field policy (vendors.md §3). */
import { z } from "zod";
import type { FieldPolicy } from "../../core/adapter";
import { accountName, eventSet, sortedUnique, text, webUrl } from "../../core/rules";
import { ENVIRONMENTS, SHODAI_EVENT_TYPES } from "./values";

/** What Shodai subscribes to when eventTypes is omitted, null or empty. */
export const DEFAULT_EVENT_TYPES = ["agreement.transitioned"];
export const FILTER_KEYS = ["agreementIds", "templateIds", "inputIds", "fromStates", "toStates", "ruleIds"] as const;

/** Production and testnet are separate Shodai deployments, accounts separate principals: a move is a new subscription. */
export const SHODAI_REPLACE_FIELDS = ["environment", "account"] as const;

export const shodaiPolicy: FieldPolicy = {
  inputs: ["url", "eventTypes", "filters", "environment", "enabled", "adoptId", "account"],
  replaceOn: SHODAI_REPLACE_FIELDS,
  createOnly: ["adoptId"],
};

export function shodaiSchema() {
  const idList = z.array(text(1, 255), { error: "must be a list of strings" }).transform(sortedUnique);
  const filters = z.strictObject(Object.fromEntries(FILTER_KEYS.map((k) => [k, idList.optional()])), {
    error: `must be an object with any of ${FILTER_KEYS.join(", ")}`,
  });
  return z.strictObject({
    url: webUrl({ httpsOnly: true }),
    eventTypes: eventSet(SHODAI_EVENT_TYPES)
      .optional()
      .transform((types) => (types && types.length > 0 ? types : DEFAULT_EVENT_TYPES)),
    filters: filters.optional().transform(normalizeFilters),
    environment: z.enum(ENVIRONMENTS, { error: "must be production or testnet" }).default("production"),
    enabled: z.boolean({ error: "must be true or false" }).default(true),
    adoptId: z.string({ error: "must be a string" }).regex(/^wh_[A-Za-z0-9_-]+$/, { error: "must be a Shodai subscription id (wh_…)" }).optional(),
    account: accountName().optional(),
  });
}

export type ShodaiFilters = Partial<Record<(typeof FILTER_KEYS)[number], string[]>>;

/** No filter lists, or only empty ones, mean "no filters": stored as absent so there is no diff. */
export function normalizeFilters(filters: Record<string, string[] | null | undefined> | null | undefined): ShodaiFilters | undefined {
  if (!filters) return undefined;
  const kept = Object.entries(filters).filter(([, ids]) => ids && ids.length > 0).map(([k, ids]) => [k, sortedUnique(ids!)]);
  return kept.length ? (Object.fromEntries(kept) as ShodaiFilters) : undefined;
}

export type ShodaiInputs = z.output<ReturnType<typeof shodaiSchema>>;

export type ShodaiOutputs = ShodaiInputs & {
  subscriptionId: string;
  status: string;
  principalId?: string;
  createdAt?: string;
  updatedAt?: string;
  /** Returned by Shodai only when the subscription is created. */
  signingSecret?: string;
};
