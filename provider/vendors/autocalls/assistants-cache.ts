/**
 * One listing of the assistants serves every resource read in this provider process for a
 * few seconds: a refresh of N webhooks costs the number of list pages, not N × pages.
 * A listing in flight is always shared; a finished one is reused for
 * PULUMI_WEBHOOKS_LIST_CACHE_MS (default 10 s). Our own writes update the cached copy, so
 * it never contradicts what this process did.
 */
import type { VendorClient } from "../../core/http";
import { listAssistants, type WireAssistant } from "./api";

interface Listing {
  assistants: Promise<Map<number, WireAssistant>>;
  /** When the listing was requested. */
  startedAt: number;
  /** When the listing finished; undefined while in flight. */
  settledAt?: number;
}

const listings = new Map<string, Listing>();

function lifetimeMs(): number {
  const value = Number(process.env.PULUMI_WEBHOOKS_LIST_CACHE_MS);
  return process.env.PULUMI_WEBHOOKS_LIST_CACHE_MS !== undefined && Number.isFinite(value) && value >= 0 ? value : 10_000;
}

function fresh(entry: Listing | undefined): entry is Listing {
  return !!entry && (entry.settledAt === undefined || Date.now() - entry.settledAt <= lifetimeMs());
}

/**
 * The assistant from the shared listing. `mustBeNewerThan` (epoch ms) refuses a listing
 * that finished, or started, before it: a create must see the assistant as it is now,
 * not as a listing from up to 10 s ago had it (issue 10).
 */
export async function findAssistant(client: VendorClient, id: number, mustBeNewerThan?: number): Promise<WireAssistant | undefined> {
  const account = client.account;
  let entry = listings.get(account);
  const tooOld = mustBeNewerThan !== undefined && entry !== undefined && entry.startedAt < mustBeNewerThan;
  if (!fresh(entry) || tooOld) {
    const listing: Listing = { startedAt: Date.now(), assistants: listAssistants(client).then((list) => new Map(list.map((a) => [a.id, a]))) };
    listing.assistants.then(
      () => (listing.settledAt = Date.now()),
      // A failed listing is not kept: the next read tries again.
      () => listings.get(account) === listing && listings.delete(account),
    );
    listings.set(account, listing);
    entry = listing;
  }
  return (await entry.assistants).get(id);
}

/** Records a write this process made, so later reads from the cache agree with it. */
export async function recordWebhook(client: VendorClient, id: number, url: string | null, active: boolean): Promise<void> {
  const entry = listings.get(client.account);
  const assistant = entry && (await entry.assistants.catch(() => undefined))?.get(id);
  if (assistant) Object.assign(assistant, { webhook_url: url, is_webhook_active: active });
}
