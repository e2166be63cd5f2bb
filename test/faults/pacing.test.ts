/**
 * Issue 10, defect 4 and the per-account budget: a rate-limit wait never exceeds
 * PULUMI_WEBHOOKS_MAX_RETRY_WAIT_MS (longer fails at once, saying when to retry), a reset
 * in epoch milliseconds is read as such, a long wait is announced, and one account's
 * exhausted budget does not hold up another account on the same base URL.
 */
import { createRequire } from "node:module";
import { afterAll, beforeAll, expect, it } from "vitest";
import { created, providerFor } from "../helpers/provider";
import { injectFault, sandboxConfig, start, type Sandbox } from "../helpers/sandbox";

const req = createRequire(import.meta.url);
const { setLogger } = req("../../provider/dist/core/log.js") as { setLogger(l: (m: string) => void): (m: string) => void };

let sb: Sandbox;
const saved = process.env.PULUMI_WEBHOOKS_MAX_RETRY_WAIT_MS;
const AGENT = "9fbef0b7-8d4e-4a08-9207-66c22155721d";
const base = { agentId: AGENT, name: "paced", url: "https://hooks.example.com/p", events: ["event_action"] };

beforeAll(async () => {
  sb = await start();
  process.env.PULUMI_WEBHOOKS_MAX_RETRY_WAIT_MS = "5000";
});
afterAll(async () => {
  if (saved === undefined) delete process.env.PULUMI_WEBHOOKS_MAX_RETRY_WAIT_MS;
  else process.env.PULUMI_WEBHOOKS_MAX_RETRY_WAIT_MS = saved;
  await sb?.close();
});

/** A provider on its own account (token), so its budget is its own. */
async function account(token: string) {
  await fetch(`${sb.url}/_sandbox/tokens`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ tokens: ["sandbox-token", token, "a-second", "b-second", "ms-reset"] }) });
  return providerFor("talkover", { ...sandboxConfig(sb, "talkover"), "talkover:apiToken": token });
}

it("a reset an hour away fails the next request at once with a rate-limit error saying when to retry", async () => {
  const provider = await account("far-reset");
  const { id, outs } = await created(provider, base);
  const resetAt = Math.floor(Date.now() / 1000) + 3600;
  await injectFault(sb, { vendor: "talkover", method: "GET", path: "/webhooks/", headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(resetAt) } });
  await provider.read(id, outs);
  const started = Date.now();
  const error = await provider.read(id, outs).then(() => undefined, (e: Error) => e);
  expect(Date.now() - started).toBeLessThan(1000);
  const when = new Date((resetAt * 1000) + 25).toISOString();
  expect(String(error)).toBe(
    `RateLimitError: talkover: could not read webhook ${id}: the rate limit of this account is used up until ${when} (in 3600 s), ` +
    `longer than PULUMI_WEBHOOKS_MAX_RETRY_WAIT_MS allows waiting (5000 ms); retry after ${when} (GET /agents/${AGENT}/webhooks/${id})`,
  );
});

it("a Retry-After longer than the maximum wait fails at once instead of waiting", async () => {
  const provider = await account("long-retry");
  const { id, outs } = await created(provider, base);
  await injectFault(sb, { vendor: "talkover", method: "GET", path: "/webhooks/", status: 429, retryAfter: 3600 });
  const started = Date.now();
  await expect(provider.read(id, outs)).rejects.toThrow(/RateLimit|rate limit of this account is used up until .*retry after/);
  expect(Date.now() - started).toBeLessThan(1000);
});

it("a reset in epoch milliseconds is a short wait, announced, not millennia", async () => {
  const provider = await account("ms-reset");
  const { id, outs } = await created(provider, base);
  await injectFault(sb, { vendor: "talkover", method: "GET", path: "/webhooks/", headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(Date.now() + 1500) } });
  await provider.read(id, outs);
  const announced: string[] = [];
  const previous = setLogger((m) => announced.push(m));
  try {
    const started = Date.now();
    expect((await provider.read(id, outs)).id).toBe(id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(Date.now() - started).toBeLessThan(4000);
  } finally {
    setLogger(previous);
  }
  expect(announced).toHaveLength(1);
  expect(announced[0]).toMatch(/^talkover: waiting [12] s \(until .*Z\) for the rate limit of this account before: read webhook /);
}, 10_000);

it("the budget is per account: another token on the same base URL is not held up", async () => {
  // Stack config is per process (as in the dynamic-provider host): configure one account at a time.
  const a = await account("a-second");
  const first = await created(a, base);
  await injectFault(sb, { vendor: "talkover", method: "GET", path: "/webhooks/", headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 3600) } });
  await a.read(first.id, first.outs);
  await expect(a.read(first.id, first.outs)).rejects.toThrow("rate limit of this account is used up");
  const b = await account("b-second");
  const started = Date.now();
  const second = await created(b, { ...base, name: "other" });
  expect((await b.read(second.id, second.outs)).id).toBe(second.id);
  expect(Date.now() - started).toBeLessThan(1000);
});
