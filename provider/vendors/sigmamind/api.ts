/** SigmaMind's webhook endpoints (vendors.md §4); knows nothing of Pulumi. */
import { z } from "zod";
import { callJson, connect, getJson, type VendorClient } from "../../core/http";
import { goneMessage, literal } from "../../core/operation";

/** A client for the default account, or the named one (its keys end in `-<account>`: core/config). */
export function sigmamindClient(account?: string): VendorClient {
  return connect({
    vendor: "sigmamind",
    account,
    credentialName: "API key",
    credential: { configKey: "sigmamind:apiKey", envVar: "SIGMAMIND_API_KEY" },
    baseUrl: { configKey: "sigmamind:baseUrl", envVar: "SIGMAMIND_BASE_URL" },
    defaultBaseUrl: "https://api.sigmamind.ai",
    headers: (key) => ({ "x-api-key": key }),
    describeError,
  });
}

/** `{timestamp, status, error, message, path, validationErrors?}` (a Spring-style body). */
function describeError(body: unknown): string | undefined {
  const parsed = z.object({ message: z.string().nullish(), error: z.string().nullish(), validationErrors: z.unknown().optional() }).safeParse(body);
  if (!parsed.success) return undefined;
  const { message, error, validationErrors } = parsed.data;
  const base = message || error;
  if (!base) return undefined;
  return validationErrors ? `${base} ${JSON.stringify(validationErrors)}` : base;
}

const wireWebhook = z.looseObject({
  webhookId: z.string(),
  workspaceId: z.string().nullish(),
  name: z.string(),
  agentId: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  active: z.boolean(),
  secret: z.string().nullish(),
});
export type WireWebhook = z.infer<typeof wireWebhook>;

/** SigmaMind's answer for a webhook id it does not have: its error body naming that id. */
const webhookMissing = (id: string) => goneMessage((b) => b.message, new RegExp(`${literal(id)}.*not found`, "i"));

const page = z.object({ data: z.array(wireWebhook), hasNext: z.boolean().optional(), totalPages: z.number().optional() });
const path = (id?: string) => (id ? `/v1/webhooks/${encodeURIComponent(id)}` : "/v1/webhooks");

/** An agent's webhooks; `active` defaults to true at SigmaMind, so inactive ones need `active=false`. */
export async function listWebhooks(client: VendorClient, agentId: string, active: boolean): Promise<WireWebhook[]> {
  const all: WireWebhook[] = [];
  for (let index = 0; ; index++) {
    const res = await callJson(client, page, { operation: "list webhooks", method: "GET", path: path(), query: { agentId, active, page: index, size: 100 } });
    all.push(...res.data);
    if (!res.hasNext || res.data.length === 0) return all;
  }
}

export async function getWebhook(client: VendorClient, id: string): Promise<WireWebhook | undefined> {
  // The body is the webhook itself (no envelope).
  return getJson(client, wireWebhook, { operation: `read webhook ${id}`, path: path(id), goneWhen: webhookMissing(id) });
}

/** The only answer that carries the signing secret. */
export async function createWebhook(client: VendorClient, body: { name: string; agentId: string; url: string; events: string[] }) {
  return callJson(client, wireWebhook, { operation: `create webhook "${body.name}"`, method: "POST", path: path(), body });
}

/** Deletes the webhook; one SigmaMind says it does not have is already deleted. */
export async function deleteWebhook(client: VendorClient, id: string, operation: string): Promise<void> {
  await client.callOrGone({ operation, method: "DELETE", path: path(id), goneWhen: webhookMissing(id) });
}
