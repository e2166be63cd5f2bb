/**
 * SigmaMind webhooks cannot be edited or paused (no update endpoint), yet `enabled` must
 * stay an in-place update: the Pulumi id is our own, `enabled: false` deletes the vendor
 * webhook (state keeps the resource with an empty webhookId) and `enabled: true` creates
 * it again — with a new webhookId and a new signing secret.
 */
import { randomUUID } from "node:crypto";
import type { VendorAdapter } from "../../core/adapter";
import { deepEqual } from "../../core/diff";
import { ConflictError, mayHaveBeenPerformed } from "../../core/errors";
import type { VendorClient } from "../../core/http";
import { compact } from "../../core/operation";
import { sortedUnique } from "../../core/rules";
import * as api from "./api";
import { sigmamindPolicy, sigmamindSchema, type SigmamindInputs, type SigmamindOutputs } from "./schema";

function toOutputs(w: api.WireWebhook, prior: SigmamindInputs & { signingSecret?: string }): SigmamindOutputs {
  return compact({
    agentId: w.agentId,
    name: w.name,
    url: w.url,
    events: sortedUnique(w.events),
    enabled: w.active,
    adoptId: prior.adoptId,
    webhookId: w.webhookId,
    workspaceId: w.workspaceId ?? undefined,
    // Returned once, by create; afterwards state is the only copy.
    signingSecret: w.secret ?? prior.signingSecret,
  });
}

/** The declared webhook with nothing at the vendor (the disabled state). */
function disabledOutputs(inputs: SigmamindInputs): SigmamindOutputs {
  return compact({ ...inputs, enabled: false, webhookId: "", workspaceId: undefined, signingSecret: undefined });
}

const matches = (w: api.WireWebhook, inputs: SigmamindInputs) =>
  w.name === inputs.name && w.url === inputs.url && w.agentId === inputs.agentId && deepEqual(sortedUnique(w.events), inputs.events);

/**
 * Creates the vendor webhook. After an ambiguous failure, a webhook our request may have
 * made is deleted rather than adopted — its signing secret was only in the lost answer.
 */
async function createVendorWebhook(client: VendorClient, inputs: SigmamindInputs): Promise<api.WireWebhook> {
  const body = { name: inputs.name, agentId: inputs.agentId, url: inputs.url, events: inputs.events };
  try {
    return await api.createWebhook(client, body);
  } catch (err) {
    if (!mayHaveBeenPerformed(err)) throw err;
    for (const orphan of (await api.listWebhooks(client, inputs.agentId, true)).filter((w) => matches(w, inputs))) {
      await api.deleteWebhook(client, orphan.webhookId, `delete webhook "${inputs.name}" left by a failed create`);
    }
    return api.createWebhook(client, body);
  }
}

async function adopt(client: VendorClient, inputs: SigmamindInputs, webhookId: string) {
  const found = await api.getWebhook(client, webhookId);
  if (!found) throw new ConflictError("sigmamind", "adopt webhook", `cannot adopt webhook ${webhookId}: it does not exist`);
  if (!matches(found, inputs)) {
    throw new ConflictError("sigmamind", "adopt webhook",
      `cannot adopt webhook ${webhookId}: SigmaMind cannot edit webhooks, so agentId, name, url and events must be declared as they are ` +
      `(found agentId "${found.agentId}", name "${found.name}", url ${found.url}, events ${sortedUnique(found.events).join(",")})`);
  }
  if (!inputs.enabled) {
    await api.deleteWebhook(client, webhookId, `disable adopted webhook "${inputs.name}"`);
    return disabledOutputs(inputs);
  }
  return toOutputs(found, inputs);
}

export const sigmamindAdapter: VendorAdapter<SigmamindInputs, SigmamindOutputs> = {
  vendor: "sigmamind",
  policy: sigmamindPolicy,
  schema: sigmamindSchema,

  async create(inputs) {
    const id = `sigmamind-${randomUUID()}`;
    const client = api.sigmamindClient();
    if (inputs.adoptId) return { id, outs: await adopt(client, inputs, inputs.adoptId) };
    if (!inputs.enabled) return { id, outs: disabledOutputs(inputs) };
    return { id, outs: toOutputs(await createVendorWebhook(client, inputs), inputs) };
  },

  async read(_id, olds) {
    // Disabled: there is nothing at the vendor to compare with.
    if (!olds.webhookId) return olds;
    const found = await api.getWebhook(api.sigmamindClient(), olds.webhookId);
    return found && toOutputs(found, olds);
  },

  // Every other property replaces, so only `enabled` arrives here.
  async update(_id, olds, news) {
    const client = api.sigmamindClient();
    if (!news.enabled) {
      if (olds.webhookId) await api.deleteWebhook(client, olds.webhookId, `disable webhook "${news.name}"`);
      return disabledOutputs(news);
    }
    return toOutputs(await createVendorWebhook(client, news), news);
  },

  async delete(_id, olds) {
    if (olds.webhookId) await api.deleteWebhook(api.sigmamindClient(), olds.webhookId, `delete webhook "${olds.name}"`);
  },
};
