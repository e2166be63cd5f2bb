/** Polytomic's one-per-organization webhook: `enabled` via /enable and /disable. */
import type { VendorAdapter } from "../../core/adapter";
import { ConflictError, PartialCreateError, VendorHttpError } from "../../core/errors";
import type { VendorClient } from "../../core/http";
import { compact, urlHost } from "../../core/operation";
import * as api from "./api";
import { polytomicPolicy, polytomicSchema, type PolytomicInputs, type PolytomicOutputs } from "./schema";

function toOutputs(w: api.WireWebhook, prior: PolytomicInputs): PolytomicOutputs {
  return compact({
    endpoint: w.endpoint,
    // Polytomic echoes the secret, so a secret rotated by hand shows up on refresh.
    secret: w.secret ?? prior.secret,
    organizationId: prior.organizationId,
    effectiveOrganizationId: w.organization_id ?? prior.organizationId,
    enabled: !w.disabled,
    adoptId: prior.adoptId,
    account: prior.account,
    webhookId: w.id,
    createdAt: w.created_at ?? undefined,
  });
}

/** Brings an existing webhook to the declared state; a failure keeps it in state, partially. */
async function converge(client: VendorClient, found: api.WireWebhook, inputs: PolytomicInputs) {
  let current = found;
  try {
    if (current.endpoint !== inputs.endpoint || current.secret !== inputs.secret) {
      current = await api.updateWebhook(client, current.id, { endpoint: inputs.endpoint, secret: inputs.secret });
    }
    // Whether a new webhook starts disabled is undocumented: converge either way.
    if (current.disabled === inputs.enabled) current = await api.setEnabled(client, current.id, inputs.enabled);
  } catch (err) {
    throw new PartialCreateError(current.id, toOutputs(current, inputs), err as Error);
  }
  return { id: current.id, outs: toOutputs(current, inputs) };
}

/** The one-per-organization limit, explained with the webhook that holds it. */
async function explainConflict(client: VendorClient, inputs: PolytomicInputs, err: VendorHttpError): Promise<never> {
  const existing = (await api.listWebhooks(client).catch(() => [])).find(
    (w) => !inputs.organizationId || w.organization_id === inputs.organizationId,
  );
  // Its endpoint may be a credential of someone else's: the host is the most we show.
  const which = existing ? `webhook ${existing.id} (delivering to host ${urlHost(existing.endpoint)})` : "another webhook";
  throw new ConflictError(
    "polytomic",
    "create webhook",
    `could not create webhook: the organization already has ${which}, and Polytomic allows one per organization. ` +
      `To manage it with Pulumi, set adoptId: "${existing?.id ?? "<its id>"}" (${err.status} ${err.vendorMessage})`,
    { cause: err },
  );
}

export const polytomicAdapter: VendorAdapter<PolytomicInputs, PolytomicOutputs> = {
  vendor: "polytomic",
  policy: polytomicPolicy,
  schema: polytomicSchema,

  async create(inputs) {
    const client = api.polytomicClient(inputs.account);
    if (inputs.adoptId) {
      const found = await api.getWebhook(client, inputs.adoptId);
      if (!found) throw new ConflictError("polytomic", "adopt webhook", `cannot adopt webhook ${inputs.adoptId}: it does not exist`);
      if (inputs.organizationId && found.organization_id && found.organization_id !== inputs.organizationId) {
        throw new ConflictError("polytomic", "adopt webhook", `cannot adopt webhook ${inputs.adoptId}: it belongs to organization ${found.organization_id}, not ${inputs.organizationId}`);
      }
      return converge(client, found, inputs);
    }
    let created: api.WireWebhook;
    try {
      created = await api.createWebhook(client, { endpoint: inputs.endpoint, secret: inputs.secret, organization_id: inputs.organizationId });
    } catch (err) {
      if (err instanceof VendorHttpError && err.status === 409) return explainConflict(client, inputs, err);
      throw err;
    }
    return converge(client, created, inputs);
  },

  async read(id, olds) {
    const found = await api.getWebhook(api.polytomicClient(olds.account), id);
    return found && toOutputs(found, olds);
  },

  async update(id, olds, news, changed) {
    const client = api.polytomicClient(olds.account);
    let current: api.WireWebhook | undefined;
    if (changed.includes("endpoint") || changed.includes("secret")) {
      current = await api.updateWebhook(client, id, { endpoint: news.endpoint, secret: news.secret });
    }
    if (changed.includes("enabled")) current = await api.setEnabled(client, id, news.enabled);
    return current ? toOutputs(current, news) : { ...olds, ...news };
  },

  async delete(id, olds) {
    await api.deleteWebhook(api.polytomicClient(olds.account), id);
  },
};
