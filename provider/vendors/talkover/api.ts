/** Talkover's webhook endpoints (vendors.md §1); knows nothing of Pulumi. */
import { z } from "zod";
import { callJson, connect, getJson, type VendorClient } from "../../core/http";
import { laravelErrorMessage } from "../../core/laravel";
import { goneMessage } from "../../core/operation";

/** A client for the default account, or the named one (its keys end in `-<account>`: core/config). */
export function talkoverClient(account?: string): VendorClient {
  return connect({
    vendor: "talkover",
    account,
    credentialName: "API token",
    credential: { configKey: "talkover:apiToken", envVar: "TALKOVER_API_TOKEN" },
    baseUrl: { configKey: "talkover:baseUrl", envVar: "TALKOVER_BASE_URL" },
    defaultBaseUrl: "https://app.talkover.ai/api/v1",
    headers: (token) => ({ authorization: `Bearer ${token}` }),
    describeError: laravelErrorMessage,
  });
}

const wireWebhook = z.looseObject({
  id: z.string(),
  agent_id: z.string().optional(),
  name: z.string(),
  webhook_url: z.string(),
  events: z.array(z.string()),
  timeout: z.number().optional(),
  max_retries: z.number().optional(),
  enabled: z.boolean(),
  http_method: z.string().nullish(),
  authorization_scheme: z.string().nullish(),
  custom_headers: z.array(z.object({ key: z.string(), value: z.string() })).nullish(),
  payload_templates: z.record(z.string(), z.unknown()).nullish(),
  status: z.string().optional(),
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
  events_count: z.number().optional(),
});
export type WireWebhook = z.infer<typeof wireWebhook>;

/** The fields of a create or update body; PUT is a partial update of the fields sent. */
export interface WireWebhookBody {
  name?: string;
  webhook_url?: string;
  events?: string[];
  webhook_secret?: string | null;
  timeout?: number;
  max_retries?: number;
  enabled?: boolean;
  http_method?: string;
  authorization_scheme?: string;
  custom_headers?: { key: string; value: string }[];
  payload_templates?: Record<string, unknown>;
}

/**
 * Talkover's answer for a webhook id it does not have. "Agent not found in this
 * environment." (a wrong agent or a token of another environment) is not "gone".
 */
const webhookMissing = goneMessage((b) => b.message, /^Webhook not found\.?$/i);

const one = z.object({ data: wireWebhook });
const list = z.object({ data: z.object({ webhooks: z.array(wireWebhook) }) });
const hooks = (agentId: string) => `/agents/${encodeURIComponent(agentId)}/webhooks`;
const hook = (agentId: string, id: string) => `${hooks(agentId)}/${encodeURIComponent(id)}`;

export async function listWebhooks(client: VendorClient, agentId: string, operation = "list webhooks"): Promise<WireWebhook[]> {
  const body = await callJson(client, list, { operation, method: "GET", path: hooks(agentId) });
  return body.data.webhooks;
}

/** The webhook, or undefined when it (or its agent) no longer exists. */
export async function getWebhook(client: VendorClient, agentId: string, id: string): Promise<WireWebhook | undefined> {
  const body = await getJson(client, one, { operation: `read webhook ${id}`, path: hook(agentId, id), goneWhen: webhookMissing });
  return body?.data;
}

export async function createWebhook(client: VendorClient, agentId: string, body: WireWebhookBody, label: string) {
  const res = await callJson(client, one, { operation: `create webhook "${label}"`, method: "POST", path: hooks(agentId), body });
  return res.data;
}

export async function updateWebhook(client: VendorClient, agentId: string, id: string, body: WireWebhookBody, operation: string) {
  const res = await callJson(client, one, { operation, method: "PUT", path: hook(agentId, id), body });
  return res.data;
}

/** Deletes the webhook; one Talkover says it does not have is already deleted. */
export async function deleteWebhook(client: VendorClient, agentId: string, id: string, label: string): Promise<void> {
  await client.callOrGone({ operation: `delete webhook "${label}"`, method: "DELETE", path: hook(agentId, id), goneWhen: webhookMissing });
}
