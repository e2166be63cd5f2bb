/** Polytomic's webhook endpoints (vendors.md §2); knows nothing of Pulumi. */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { forAccount, lookup } from "../../core/config";
import { mayHaveBeenPerformed } from "../../core/errors";
import { callJson, connect, getJson, type VendorClient } from "../../core/http";
import { goneMessage, literal, urlHost } from "../../core/operation";

/** Sent on every call: the default when omitted is documented inconsistently. */
const API_VERSION = "2025-09-18";

/** A client for the default account, or the named one (its keys end in `-<account>`: core/config). */
export function polytomicClient(account?: string): VendorClient {
  // A user key is a Bearer token; an organization-scoped key is sent as Basic.
  const scheme = lookup(forAccount({ configKey: "polytomic:keyType", envVar: "POLYTOMIC_KEY_TYPE" }, account)) === "organization" ? "Basic" : "Bearer";
  return connect({
    vendor: "polytomic",
    account,
    credentialName: "API key",
    credential: { configKey: "polytomic:apiKey", envVar: "POLYTOMIC_API_KEY" },
    baseUrl: { configKey: "polytomic:baseUrl", envVar: "POLYTOMIC_BASE_URL" },
    defaultBaseUrl: "https://app.polytomic.com",
    headers: (key) => ({ authorization: authorization(scheme, key), "x-polytomic-version": API_VERSION }),
    describeError,
  });
}

/**
 * A user key is a Bearer token. An organization-scoped (deployment) key is HTTP Basic
 * credentials: the key as the user name with an empty password, base64 of `key:` — the
 * way Polytomic's own Terraform provider sends it. A raw key after "Basic" is refused.
 */
export function authorization(scheme: "Basic" | "Bearer", key: string): string {
  return scheme === "Basic" ? `Basic ${Buffer.from(`${key}:`, "utf8").toString("base64")}` : `Bearer ${key}`;
}

/** Polytomic's answer for a webhook id it does not have: its error body naming that id. */
const webhookMissing = (id: string) => goneMessage((b) => b.message, new RegExp(`${literal(id)}.*not found|not found.*${literal(id)}`, "i"));

/** `{key?, message, metadata?, status}`; metadata may name the invalid fields. */
function describeError(body: unknown): string | undefined {
  const parsed = z.object({ message: z.string(), metadata: z.unknown().optional() }).safeParse(body);
  if (!parsed.success) return undefined;
  const { message, metadata } = parsed.data;
  return metadata && typeof metadata === "object" && Object.keys(metadata).length
    ? `${message} ${JSON.stringify(metadata)}`
    : message;
}

const wireWebhook = z.looseObject({
  id: z.string(),
  organization_id: z.string().nullish(),
  endpoint: z.string(),
  secret: z.string().nullish(),
  disabled: z.boolean(),
  created_at: z.string().nullish(),
});
export type WireWebhook = z.infer<typeof wireWebhook>;

const one = z.object({ data: wireWebhook });
const list = z.object({ data: z.array(wireWebhook) });
const path = (id?: string) => (id ? `/api/webhooks/${encodeURIComponent(id)}` : "/api/webhooks");

export async function listWebhooks(client: VendorClient): Promise<WireWebhook[]> {
  return (await callJson(client, list, { operation: "list webhooks", method: "GET", path: path() })).data;
}

export async function getWebhook(client: VendorClient, id: string): Promise<WireWebhook | undefined> {
  return (await getJson(client, one, { operation: `read webhook ${id}`, path: path(id), goneWhen: webhookMissing(id) }))?.data;
}

/**
 * Creates with an Idempotency-Key, so a retry after a lost answer replays the first
 * outcome instead of making a second webhook.
 */
export async function createWebhook(client: VendorClient, body: { endpoint: string; secret: string; organization_id?: string }) {
  const key = `pulumi-webhooks-${randomBytes(16).toString("hex")}`;
  const spec = {
    operation: `create webhook (endpoint host ${urlHost(body.endpoint)})`,
    method: "POST" as const,
    path: path(),
    body,
    headers: { "idempotency-key": key },
    idempotent: true,
  };
  try {
    return (await callJson(client, one, spec)).data;
  } catch (err) {
    // Done but unreadable: the same key replays the first outcome.
    if (!mayHaveBeenPerformed(err)) throw err;
    return (await callJson(client, one, spec)).data;
  }
}

/** PUT needs `endpoint` and `secret` every time, even when only one changes. */
export async function updateWebhook(client: VendorClient, id: string, body: { endpoint: string; secret: string }) {
  return (await callJson(client, one, { operation: `update webhook ${id}`, method: "PUT", path: path(id), body })).data;
}

export async function setEnabled(client: VendorClient, id: string, enabled: boolean) {
  const action = enabled ? "enable" : "disable";
  const res = await callJson(client, one, {
    operation: `${action} webhook ${id}`,
    method: "POST",
    path: `${path(id)}/${action}`,
    // Setting a state twice leaves the same state: safe to retry.
    idempotent: true,
  });
  return res.data;
}

/** Deletes the webhook; one Polytomic says it does not have is already deleted. */
export async function deleteWebhook(client: VendorClient, id: string): Promise<void> {
  await client.callOrGone({ operation: `delete webhook ${id}`, method: "DELETE", path: path(id), goneWhen: webhookMissing(id) });
}
