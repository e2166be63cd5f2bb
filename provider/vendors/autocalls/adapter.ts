/**
 * Autocalls has no webhook object: the webhook is `webhook_url` + `is_webhook_active` of
 * an assistant. Id = the assistant id. `enabled: false` and destroy call disable-webhook,
 * which also nulls the url at Autocalls, so the declared url stays in state meanwhile.
 */
import type { VendorAdapter } from "../../core/adapter";
import { ConflictError, isNotFound } from "../../core/errors";
import type { VendorClient } from "../../core/http";
import { compact } from "../../core/operation";
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

export const autocallsAdapter: VendorAdapter<AutocallsInputs, AutocallsOutputs> = {
  vendor: "autocalls",
  policy: autocallsPolicy,
  schema: autocallsSchema,

  async create(inputs) {
    const client = api.autocallsClient();
    const found = await findAssistant(client, inputs.assistantId);
    if (!found) throw new ConflictError("autocalls", "create webhook", `assistant ${inputs.assistantId} does not exist (or this token cannot see it)`);
    // Someone else's live webhook is not ours to overwrite unless the program says so.
    if (!inputs.adopt && found.is_webhook_active && found.webhook_url && found.webhook_url !== inputs.url) {
      throw new ConflictError("autocalls", "create webhook",
        `assistant ${inputs.assistantId} already has an active webhook (${found.webhook_url}); set adopt: true to take it over`);
    }
    const applied = await apply(client, found, inputs);
    return { id: String(inputs.assistantId), outs: toOutputs(applied, inputs) };
  },

  async read(id, olds) {
    const client = api.autocallsClient();
    const found = await findAssistant(client, Number(id));
    return found && toOutputs(found, olds);
  },

  async update(id, olds, news) {
    const client = api.autocallsClient();
    const current = { id: Number(id), name: olds.assistantName, webhook_url: olds.enabled ? olds.url : null, is_webhook_active: olds.enabled };
    // A url change while disabled has nothing to send: Autocalls keeps no url for an off webhook.
    return toOutputs(await apply(client, current, news), news);
  },

  async delete(id) {
    const client = api.autocallsClient();
    try {
      await api.disableWebhook(client, Number(id), `disable the webhook of assistant ${id} (destroy)`);
      await recordWebhook(client, Number(id), null, false);
    } catch (err) {
      // The assistant itself is gone: so is its webhook.
      if (!isNotFound(err)) throw err;
    }
  },
};
