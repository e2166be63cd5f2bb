/** Shodai webhook subscriptions: `enabled` is PATCH status; destroy leaves a disabled record. */
import type { VendorAdapter } from "../../core/adapter";
import { deepEqual } from "../../core/diff";
import { ConflictError, PartialCreateError } from "../../core/errors";
import { createOnce } from "../../core/recovery";
import type { VendorClient } from "../../core/http";
import { compact, updateOperation } from "../../core/operation";
import { sortedUnique } from "../../core/rules";
import * as api from "./api";
import { DEFAULT_EVENT_TYPES, normalizeFilters, shodaiPolicy, shodaiSchema, type ShodaiInputs, type ShodaiOutputs } from "./schema";

const status = (enabled: boolean) => (enabled ? "active" : "disabled");

function toOutputs(s: api.WireSubscription, prior: ShodaiInputs & { signingSecret?: string }): ShodaiOutputs {
  return compact({
    url: s.url,
    eventTypes: s.eventTypes?.length ? sortedUnique(s.eventTypes) : DEFAULT_EVENT_TYPES,
    filters: normalizeFilters(s.filters),
    environment: prior.environment,
    enabled: s.status === "active",
    adoptId: prior.adoptId,
    account: prior.account,
    subscriptionId: s.id,
    status: s.status,
    principalId: s.principalId ?? undefined,
    createdAt: s.createdAt ?? undefined,
    updatedAt: s.updatedAt ?? undefined,
    // Only the create answer carries it; afterwards state is the only copy.
    signingSecret: s.secret ?? prior.signingSecret,
  });
}

/** The PATCH body for the given input properties (filters replace the whole object). */
function patchBody(inputs: ShodaiInputs, properties: readonly string[]): api.SubscriptionBody {
  const body: api.SubscriptionBody = {};
  if (properties.includes("url")) body.url = inputs.url;
  if (properties.includes("eventTypes")) body.eventTypes = inputs.eventTypes;
  if (properties.includes("filters")) body.filters = inputs.filters ?? {};
  if (properties.includes("enabled")) body.status = status(inputs.enabled);
  return body;
}

const sameSubscription = (s: api.WireSubscription, inputs: ShodaiInputs) =>
  s.status === "active" && s.url === inputs.url &&
  deepEqual(sortedUnique(s.eventTypes?.length ? s.eventTypes : DEFAULT_EVENT_TYPES), inputs.eventTypes) &&
  deepEqual(normalizeFilters(s.filters), inputs.filters);

/**
 * Creates the subscription. After a lost answer, the subscription proven to come from our
 * request (absent from the listing taken before it) cannot be adopted usefully — its
 * signing secret was only in the lost answer — so it is disabled (Shodai's DELETE) and a
 * new one created. Any other subscription, however similar, is left alone.
 */
async function createFresh(client: VendorClient, inputs: ShodaiInputs): Promise<api.WireSubscription> {
  const body = patchBody(inputs, ["url", "eventTypes", "filters"]);
  if (!inputs.filters) delete body.filters;
  return createOnce({
    vendor: "shodai",
    what: "webhook subscription",
    list: () => api.listSubscriptions(client),
    idOf: (s) => s.id,
    matches: (s) => sameSubscription(s, inputs),
    create: () => api.createSubscription(client, body),
    recover: { discard: (s) => api.deleteSubscription(client, s.id, `disable webhook subscription ${s.id} made by a create whose answer was lost`) },
    adoptProperty: "adoptId",
  });
}

async function adopt(client: VendorClient, inputs: ShodaiInputs, id: string) {
  const found = await api.getSubscription(client, id);
  if (!found) throw new ConflictError("shodai", "adopt webhook subscription", `cannot adopt webhook subscription ${id}: it does not exist`);
  const current = toOutputs(found, inputs);
  const differing = ["url", "eventTypes", "filters", "enabled"].filter(
    (p) => !deepEqual(current[p as keyof ShodaiOutputs], inputs[p as keyof ShodaiInputs]),
  );
  if (differing.length === 0) return { id, outs: current };
  try {
    const patched = await api.patchSubscription(client, id, patchBody(inputs, differing), `update adopted webhook subscription ${id}`);
    return { id, outs: toOutputs(patched, inputs) };
  } catch (err) {
    throw new PartialCreateError(id, current, err as Error);
  }
}

export const shodaiAdapter: VendorAdapter<ShodaiInputs, ShodaiOutputs> = {
  vendor: "shodai",
  policy: shodaiPolicy,
  schema: shodaiSchema,

  async create(inputs) {
    const client = api.shodaiClient(inputs.environment, inputs.account);
    if (inputs.adoptId) return adopt(client, inputs, inputs.adoptId);
    const created = await createFresh(client, inputs);
    if (inputs.enabled) return { id: created.id, outs: toOutputs(created, inputs) };
    // Created active (the create body has no status); a declared-disabled one is disabled next.
    try {
      const disabled = await api.patchSubscription(client, created.id, { status: "disabled" }, `disable webhook subscription ${created.id}`);
      return { id: created.id, outs: toOutputs(disabled, { ...inputs, signingSecret: created.secret }) };
    } catch (err) {
      throw new PartialCreateError(created.id, toOutputs(created, inputs), err as Error);
    }
  },

  async read(id, olds) {
    const found = await api.getSubscription(api.shodaiClient(olds.environment, olds.account), id);
    return found && toOutputs(found, olds);
  },

  async update(id, olds, news, changed) {
    const operation = updateOperation(changed, news.enabled, `webhook subscription ${id}`);
    const patched = await api.patchSubscription(api.shodaiClient(olds.environment, olds.account), id, patchBody(news, changed), operation);
    return toOutputs(patched, { ...news, signingSecret: olds.signingSecret });
  },

  async delete(id, olds) {
    await api.deleteSubscription(api.shodaiClient(olds.environment, olds.account), id);
  },
};
