/** Autocalls assistants' webhook fields (vendors.md §5); knows nothing of Pulumi. */
import { z } from "zod";
import { callJson, connect, type VendorClient } from "../../core/http";
import { goneMessage } from "../../core/operation";
import { laravelErrorMessage } from "../../core/laravel";

/** A client for the default account, or the named one (its keys end in `-<account>`: core/config). */
export function autocallsClient(account?: string): VendorClient {
  return connect({
    vendor: "autocalls",
    account,
    credentialName: "API token",
    credential: { configKey: "autocalls:apiToken", envVar: "AUTOCALLS_API_TOKEN" },
    baseUrl: { configKey: "autocalls:baseUrl", envVar: "AUTOCALLS_BASE_URL" },
    defaultBaseUrl: "https://app.autocalls.ai/api",
    headers: (token) => ({ authorization: `Bearer ${token}` }),
    describeError: laravelErrorMessage,
  });
}

const wireAssistant = z.looseObject({
  id: z.number(),
  name: z.string().nullish(),
  webhook_url: z.string().nullish(),
  is_webhook_active: z.union([z.boolean(), z.number()]).transform(Boolean),
});
export type WireAssistant = z.infer<typeof wireAssistant>;

const page = z.object({ data: z.array(wireAssistant), current_page: z.number(), last_page: z.number() });
const PER_PAGE = 100;

/** Every assistant: there is no single-assistant GET, only the paged list (at most 100 a page). */
export async function listAssistants(client: VendorClient): Promise<WireAssistant[]> {
  const all: WireAssistant[] = [];
  for (let index = 1; ; index++) {
    const res = await callJson(client, page, {
      operation: "list assistants",
      method: "GET",
      path: "/user/assistants/get",
      query: { page: index, per_page: PER_PAGE },
    });
    all.push(...res.data);
    if (res.current_page >= res.last_page || res.data.length === 0) return all;
  }
}

/** Autocalls' answer for an assistant id it does not have (the webhook is part of the assistant). */
const assistantMissing = goneMessage((b) => b.message, /^Assistant not found\.?$/i);

/**
 * Sets the url and turns the webhook on; setting the same url twice is harmless. The
 * answer's body carries nothing we use: a 204 or an empty 200 is success too.
 */
export async function enableWebhook(client: VendorClient, assistantId: number, url: string): Promise<void> {
  await client.call({
    operation: `enable the webhook of assistant ${assistantId}`,
    method: "POST",
    path: "/user/assistants/enable-webhook",
    body: { assistant_id: assistantId, webhook_url: url },
    idempotent: true,
  });
}

/**
 * Turns the webhook off; Autocalls also forgets the url (webhook_url becomes null).
 * Resolves false when Autocalls says the assistant does not exist (so neither does its
 * webhook); any other 404 is an error. Like enable, any 2xx body is success.
 */
export async function disableWebhook(client: VendorClient, assistantId: number, operation?: string): Promise<boolean> {
  const res = await client.callOrGone({
    operation: operation ?? `disable the webhook of assistant ${assistantId}`,
    method: "POST",
    path: "/user/assistants/disable-webhook",
    body: { assistant_id: assistantId },
    idempotent: true,
    goneWhen: assistantMissing,
  });
  return res !== undefined;
}
