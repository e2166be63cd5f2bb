/**
 * SigmaMind webhooks cannot be edited or paused (no update endpoint), yet `enabled` must
 * stay an in-place update: the Pulumi id is our own, `enabled: false` deletes the vendor
 * webhook (state keeps the resource with an empty webhookId) and `enabled: true` creates
 * it again — with a new webhookId and a new signing secret.
 */
import { randomUUID } from "node:crypto";
import type { VendorAdapter } from "../../core/adapter";
import { deepEqual } from "../../core/diff";
import { ConflictError } from "../../core/errors";
import { createOnce, createUnlisted } from "../../core/recovery";
import type { VendorClient } from "../../core/http";
import { compact, urlHost } from "../../core/operation";
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
    account: prior.account,
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
 * Creates the vendor webhook. On create, the agent's webhooks are listed first: after a
 * lost answer the one absent from that listing is ours and is deleted rather than adopted
 * (its signing secret was only in the lost answer), then made again. Re-enabling (an
 * update) sends the POST alone — one request — so a lost answer there touches nothing
 * that matches and fails naming the candidates.
 */
async function createVendorWebhook(client: VendorClient, inputs: SigmamindInputs, listFirst: boolean): Promise<api.WireWebhook> {
  const body = { name: inputs.name, agentId: inputs.agentId, url: inputs.url, events: inputs.events };
  const spec = {
    vendor: "sigmamind",
    what: `webhook "${inputs.name}"`,
    list: () => api.listWebhooks(client, inputs.agentId, true),
    idOf: (w: api.WireWebhook) => w.webhookId,
    matches: (w: api.WireWebhook) => matches(w, inputs),
    create: () => api.createWebhook(client, body),
  };
  if (!listFirst) return createUnlisted(spec);
  return createOnce({
    ...spec,
    recover: { discard: (w) => api.deleteWebhook(client, w.webhookId, `delete webhook "${inputs.name}" made by a create whose answer was lost`) },
    adoptProperty: "adoptId",
  });
}

async function adopt(client: VendorClient, inputs: SigmamindInputs, webhookId: string) {
  const found = await api.getWebhook(client, webhookId);
  if (!found) throw new ConflictError("sigmamind", "adopt webhook", `cannot adopt webhook ${webhookId}: it does not exist`);
  if (!matches(found, inputs)) {
    throw new ConflictError("sigmamind", "adopt webhook",
      `cannot adopt webhook ${webhookId}: SigmaMind cannot edit webhooks, so agentId, name, url and events must be declared as they are ` +
      `(found agentId "${found.agentId}", name "${found.name}", url host ${urlHost(found.url)}, events ${sortedUnique(found.events).join(",")})`);
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
    const client = api.sigmamindClient(inputs.account);
    if (inputs.adoptId) return { id, outs: await adopt(client, inputs, inputs.adoptId) };
    if (!inputs.enabled) return { id, outs: disabledOutputs(inputs) };
    return { id, outs: toOutputs(await createVendorWebhook(client, inputs, true), inputs) };
  },

  async read(_id, olds) {
    // Disabled: there is nothing at the vendor to compare with.
    if (!olds.webhookId) return olds;
    const found = await api.getWebhook(api.sigmamindClient(olds.account), olds.webhookId);
    return found && toOutputs(found, olds);
  },

  // Every other property replaces, so only `enabled` arrives here.
  async update(_id, olds, news) {
    const client = api.sigmamindClient(olds.account);
    if (!news.enabled) {
      if (olds.webhookId) await api.deleteWebhook(client, olds.webhookId, `disable webhook "${news.name}"`);
      return disabledOutputs(news);
    }
    // Found inactive at read: the old webhook still exists and is ours; SigmaMind cannot
    // re-activate it, so it is deleted before its replacement is made (it delivers nothing
    // meanwhile), or it would be left behind with no resource pointing at it.
    if (olds.webhookId) await api.deleteWebhook(client, olds.webhookId, `delete inactive webhook "${news.name}" before re-enabling`);
    return toOutputs(await createVendorWebhook(client, news, false), news);
  },

  async delete(_id, olds) {
    if (olds.webhookId) await api.deleteWebhook(api.sigmamindClient(olds.account), olds.webhookId, `delete webhook "${olds.name}"`);
  },
};
