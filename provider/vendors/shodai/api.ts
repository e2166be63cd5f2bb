/** Shodai Agreements API webhook subscriptions (vendors.md §3); knows nothing of Pulumi. */
import { z } from "zod";
import { UnexpectedResponseError } from "../../core/errors";
import { callJson, connect, getJson, type VendorClient } from "../../core/http";
import { goneMessage, literal, urlHost } from "../../core/operation";

/** A client for the deployment, of the default account or the named one (core/config). */
export function shodaiClient(environment: "production" | "testnet", account?: string): VendorClient {
  const testnet = environment === "testnet";
  return connect({
    vendor: "shodai",
    account,
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
  // Shodai answers an unset filter list as null as well as leaving it out.
  filters: z.record(z.string(), z.array(z.string()).nullish()).nullish(),
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

/**
 * Shodai's answer for a subscription id it does not have: `not_found` saying that
 * subscription is not found. A missing route is `not_found` too, and may quote the path
 * (with the id in it), so the code alone proves nothing.
 */
const subscriptionMissing = (id: string) => (body: unknown) =>
  z.object({ error: z.object({ code: z.literal("not_found") }) }).safeParse(body).success &&
  goneMessage((b) => (b.error as { message?: unknown }).message, new RegExp(`subscription ${literal(id)} (was )?not found`, "i"))(body);

const one = z.object({ data: wireSubscription });
const page = z.object({
  data: z.array(wireSubscription),
  pageInfo: z.object({ nextCursor: z.string().nullish() }).optional(),
});
const path = (id?: string) => (id ? `/v0/webhooks/${encodeURIComponent(id)}` : "/v0/webhooks");

/**
 * All subscriptions, following the cursor. A cursor that comes back a second time would
 * page for ever: it fails instead (an incomplete listing must not pass for a whole one).
 */
export async function listSubscriptions(client: VendorClient): Promise<WireSubscription[]> {
  const all: WireSubscription[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  do {
    const spec = { operation: "list webhook subscriptions", method: "GET" as const, path: path(), query: { limit: 100, cursor } };
    const res = await callJson(client, page, spec);
    all.push(...res.data);
    cursor = res.pageInfo?.nextCursor ?? undefined;
    if (cursor !== undefined) {
      if (seen.has(cursor)) {
        throw new UnexpectedResponseError("shodai", spec.operation, 200, "GET", path(), `pageInfo.nextCursor "${cursor}" was already followed (the listing would never end)`);
      }
      seen.add(cursor);
    }
  } while (cursor);
  return all;
}

export async function getSubscription(client: VendorClient, id: string): Promise<WireSubscription | undefined> {
  return (await getJson(client, one, { operation: `read webhook subscription ${id}`, path: path(id), goneWhen: subscriptionMissing(id) }))?.data;
}

/** The only answer that carries the signing secret. */
export async function createSubscription(client: VendorClient, body: SubscriptionBody): Promise<WireSubscription> {
  return (await callJson(client, one, { operation: `create webhook subscription (url host ${urlHost(body.url)})`, method: "POST", path: path(), body })).data;
}

export async function patchSubscription(client: VendorClient, id: string, body: SubscriptionBody, operation: string) {
  return (await callJson(client, one, { operation, method: "PATCH", path: path(id), body })).data;
}

/** Shodai has no hard delete: DELETE leaves the subscription disabled. */
export async function deleteSubscription(client: VendorClient, id: string, operation = `delete webhook subscription ${id}`): Promise<void> {
  await client.callOrGone({ operation, method: "DELETE", path: path(id), goneWhen: subscriptionMissing(id) });
}
