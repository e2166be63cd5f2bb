/**
 * Autocalls has no webhook object: the webhook is `webhook_url` + `is_webhook_active` of
 * an assistant. Id = the assistant id. `enabled: false` and destroy call disable-webhook,
 * which also nulls the url at Autocalls, so the declared url stays in state meanwhile.
 */
import type { VendorAdapter } from "../../core/adapter";
import { ConflictError } from "../../core/errors";
import type { VendorClient } from "../../core/http";
import { compact, urlHost } from "../../core/operation";
import * as api from "./api";
import { findAssistant, recordWebhook } from "./assistants-cache";
import { autocallsPolicy, autocallsSchema, type AutocallsInputs, type AutocallsOutputs } from "./schema";

function toOutputs(a: api.WireAssistant, prior: AutocallsInputs): AutocallsOutputs {
  return compact({
    assistantId: a.id,
    // While the webhook is off Autocalls keeps no url: the declared one is not drift.
    url: a.is_webhook_active && a.webhook_url ? a.webhook_url : prior.url,
    enabled: a.is_webhook_active,
    adopt: prior.adopt,
    account: prior.account,
    assistantName: a.name ?? undefined,
  });
}

/** Applies `enabled` and `url`; skips the call when the assistant is already so. */
async function apply(client: VendorClient, a: api.WireAssistant, inputs: AutocallsInputs): Promise<api.WireAssistant> {
  if (inputs.enabled) {
    if (!(a.is_webhook_active && a.webhook_url === inputs.url)) {
      await api.enableWebhook(client, a.id, inputs.url);
      await recordWebhook(client, a.id, inputs.url, true);
    }
    return { ...a, webhook_url: inputs.url, is_webhook_active: true };
  }
  if (a.is_webhook_active || a.webhook_url) {
    await api.disableWebhook(client, a.id);
    await recordWebhook(client, a.id, null, false);
  }
  return { ...a, webhook_url: null, is_webhook_active: false };
}

/**
 * Assistants a create in this provider process has taken, per account. Autocalls has one
 * webhook per assistant, so a second resource on the same assistant in the same run would
 * silently overwrite the first (or share it); it fails instead. A claim is released when
 * its create fails or its resource is deleted, and is stale once the assistant no longer
 * delivers to the claimed url.
 */
interface Claim {
  url: string;
  settled: boolean;
}
const claims = new Map<string, Claim>();
const claimKey = (client: VendorClient, assistantId: number) => `${client.account} ${assistantId}`;

function taken(assistantId: number, claim: Claim): ConflictError {
  return new ConflictError("autocalls", "create webhook",
    `assistant ${assistantId} is already the target of another autocalls.AssistantWebhook in this run ` +
    `(delivering to host ${urlHost(claim.url)}); an assistant has one webhook, so declare one resource per assistant`);
}

export const autocallsAdapter: VendorAdapter<AutocallsInputs, AutocallsOutputs> = {
  vendor: "autocalls",
  policy: autocallsPolicy,
  schema: autocallsSchema,

  async create(inputs) {
    const client = api.autocallsClient(inputs.account);
    const key = claimKey(client, inputs.assistantId);
    const prior = claims.get(key);
    // Checked and taken before any await: two creates running side by side see each other.
    if (prior && !prior.settled) throw taken(inputs.assistantId, prior);
    const claim: Claim = { url: inputs.url, settled: false };
    claims.set(key, claim);
    try {
      // A cached listing may predate another resource's or program's webhook: list anew.
      const found = await findAssistant(client, inputs.assistantId, Date.now());
      if (!found) throw new ConflictError("autocalls", "create webhook", `assistant ${inputs.assistantId} does not exist (or this token cannot see it)`);
      if (prior && found.is_webhook_active && found.webhook_url === prior.url) {
        claims.set(key, prior);
        throw taken(inputs.assistantId, prior);
      }
      // Someone else's live webhook is not ours to overwrite unless the program says so.
      if (!inputs.adopt && found.is_webhook_active && found.webhook_url && found.webhook_url !== inputs.url) {
        throw new ConflictError("autocalls", "create webhook",
          `assistant ${inputs.assistantId} already has an active webhook (delivering to host ${urlHost(found.webhook_url)}); set adopt: true to take it over`);
      }
      const applied = await apply(client, found, inputs);
      claim.settled = true;
      return { id: String(inputs.assistantId), outs: toOutputs(applied, inputs) };
    } catch (err) {
      if (claims.get(key) === claim) claims.delete(key);
      throw err;
    }
  },

  async read(id, olds) {
    const client = api.autocallsClient(olds.account);
    const found = await findAssistant(client, Number(id));
    return found && toOutputs(found, olds);
  },

  async update(id, olds, news) {
    const client = api.autocallsClient(olds.account);
    const current = { id: Number(id), name: olds.assistantName, webhook_url: olds.enabled ? olds.url : null, is_webhook_active: olds.enabled };
    const claim = claims.get(claimKey(client, Number(id)));
    if (claim) claim.url = news.url;
    // A url change while disabled has nothing to send: Autocalls keeps no url for an off webhook.
    return toOutputs(await apply(client, current, news), news);
  },

  async delete(id, olds) {
    const client = api.autocallsClient(olds.account);
    // False when Autocalls says the assistant is gone: so is its webhook.
    await api.disableWebhook(client, Number(id), `disable the webhook of assistant ${id} (destroy)`);
    await recordWebhook(client, Number(id), null, false);
    claims.delete(claimKey(client, Number(id)));
  },
};
