/**
 * One listing of the assistants serves every resource read in this provider process for a
 * few seconds: a refresh of N webhooks costs the number of list pages, not N × pages.
 * Our own writes update the cached copy, so it never contradicts what this process did.
 */
import type { VendorClient } from "../../core/http";
import { listAssistants, type WireAssistant } from "./api";

const TTL_MS = 10_000;
const listings = new Map<string, { at: number; assistants: Promise<Map<number, WireAssistant>> }>();

export async function findAssistant(client: VendorClient, account: string, id: number): Promise<WireAssistant | undefined> {
  let entry = listings.get(account);
  if (!entry || Date.now() - entry.at > TTL_MS) {
    const assistants = listAssistants(client).then((list) => new Map(list.map((a) => [a.id, a])));
    entry = { at: Date.now(), assistants };
    listings.set(account, entry);
    // A failed listing is not cached: the next read tries again.
    assistants.catch(() => listings.get(account) === entry && listings.delete(account));
  }
  return (await entry.assistants).get(id);
}

/** Records a write this process made, so later reads from the cache agree with it. */
export async function recordWebhook(account: string, id: number, url: string | null, active: boolean): Promise<void> {
  const entry = listings.get(account);
  const assistant = entry && (await entry.assistants.catch(() => undefined))?.get(id);
  if (assistant) Object.assign(assistant, { webhook_url: url, is_webhook_active: active });
}
