/** Shodai Agreements API webhook subscriptions (vendors.md §3); knows nothing of Pulumi. */
import { z } from "zod";
import { isNotFound } from "../../core/errors";
import { callJson, connect, getJson, type VendorClient } from "../../core/http";

export function shodaiClient(environment: "production" | "testnet"): VendorClient {
  const testnet = environment === "testnet";
  return connect({
    vendor: "shodai",
    credentialName: "API key",
    credential: { configKey: "shodai:apiKey", envVar: "SHODAI_API_KEY" },
    baseUrl: testnet
      ? { configKey: "shodai:testnetBaseUrl", envVar: "SHODAI_TESTNET_BASE_URL" }
      : { configKey: "shodai:baseUrl", envVar: "SHODAI_BASE_URL" },
    defaultBaseUrl: testnet ? "https://test-api.shodai.network" : "https://api.shodai.network",
    headers: (key) => ({ "x-api-key": key }),
    describeError,
    requestIdOf: (body) => z.object({ error: z.object({ requestId: z.string() }) }).safeParse(body).data?.error.requestId,
  });
}

/** `{error: {code, message, details?, requestId}}`. */
function describeError(body: unknown): string | undefined {
  const parsed = z.object({ error: z.object({ code: z.string().optional(), message: z.string(), details: z.unknown().optional() }) }).safeParse(body);
  if (!parsed.success) return undefined;
  const { code, message, details } = parsed.data.error;
  const detail = details === undefined ? "" : ` ${JSON.stringify(details)}`;
  return `${message}${code ? ` [${code}]` : ""}${detail}`;
}

const wireSubscription = z.looseObject({
  id: z.string(),
  principalId: z.string().nullish(),
  url: z.string(),
  status: z.enum(["active", "disabled"]),
  eventTypes: z.array(z.string()).nullish(),
  filters: z.record(z.string(), z.array(z.string())).nullish(),
  createdAt: z.string().nullish(),
  updatedAt: z.string().nullish(),
  secret: z.string().optional(),
});
export type WireSubscription = z.infer<typeof wireSubscription>;

export interface SubscriptionBody {
  url?: string;
  eventTypes?: string[];
  filters?: Record<string, string[]>;
  status?: "active" | "disabled";
}

const one = z.object({ data: wireSubscription });
const page = z.object({
  data: z.array(wireSubscription),
  pageInfo: z.object({ nextCursor: z.string().nullish() }).optional(),
});
const path = (id?: string) => (id ? `/v0/webhooks/${encodeURIComponent(id)}` : "/v0/webhooks");

/** All subscriptions, following the cursor. */
export async function listSubscriptions(client: VendorClient): Promise<WireSubscription[]> {
  const all: WireSubscription[] = [];
  let cursor: string | undefined;
  do {
    const res = await callJson(client, page, { operation: "list webhook subscriptions", method: "GET", path: path(), query: { limit: 100, cursor } });
    all.push(...res.data);
    cursor = res.pageInfo?.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

export async function getSubscription(client: VendorClient, id: string): Promise<WireSubscription | undefined> {
  return (await getJson(client, one, { operation: `read webhook subscription ${id}`, path: path(id) }))?.data;
}

/** The only answer that carries the signing secret. */
export async function createSubscription(client: VendorClient, body: SubscriptionBody): Promise<WireSubscription> {
  return (await callJson(client, one, { operation: `create webhook subscription for ${body.url}`, method: "POST", path: path(), body })).data;
}

export async function patchSubscription(client: VendorClient, id: string, body: SubscriptionBody, operation: string) {
  return (await callJson(client, one, { operation, method: "PATCH", path: path(id), body })).data;
}

/** Shodai has no hard delete: DELETE leaves the subscription disabled. */
export async function deleteSubscription(client: VendorClient, id: string): Promise<void> {
  try {
    await client.call({ operation: `delete webhook subscription ${id}`, method: "DELETE", path: path(id) });
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}
