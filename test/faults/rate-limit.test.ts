/**
 * With the sandbox enforcing Talkover's 100 requests a minute, creating 75 webhooks — 16
 * at a time, as the engine runs them — completes with no failure reaching the user. Each
 * create is two requests (the agent's listing that makes a lost answer resolvable without
 * touching anyone else's webhook, then the POST), so this is 150 requests: the
 * client paces itself from X-RateLimit-* headers and waits out Retry-After on the few 429s
 * that concurrency makes unavoidable. It takes about one rate-limit window.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { created, providerFor } from "../helpers/provider";
import { requestsSince, sandboxConfig, start, type Sandbox } from "../helpers/sandbox";

let sb: Sandbox;
const AGENTS = ["9fbef0b7-8d4e-4a08-9207-66c22155721d", "5d0c3b1e-2f4a-4c6b-9e8d-7a1b2c3d4e5f", "c1a2b3c4-d5e6-4f70-8a9b-0c1d2e3f4a5b"];

beforeAll(async () => {
  sb = await start({ rateLimits: { talkover: { limit: 100, windowMs: 60_000 } } });
});
afterAll(() => sb?.close());

it("75 Talkover creates (150 requests) at 100/minute: all succeed, paced, within the window the limit allows", async () => {
  const provider = await providerFor("talkover", sandboxConfig(sb, "talkover"));
  const started = Date.now();
  const queue = Array.from({ length: 75 }, (_, i) => i);
  const failures: string[] = [];
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
        await created(provider, { agentId: AGENTS[i % 3], name: `paced-${i}`, url: `https://hooks.example.com/${i}`, events: ["event_action"] }).catch((e) => failures.push(String(e)));
      }
    }),
  );
  const elapsed = Date.now() - started;
  const log = await requestsSince(sb, 0, "talkover");
  const limited = log.filter((r) => r.status === 429).length;
  console.log(`75 creates in ${elapsed} ms; ${log.length} requests, ${limited} answered 429 and retried`);
  expect(failures).toEqual([]);
  expect(log.filter((r) => r.status === 200 && r.method === "POST")).toHaveLength(75);
  expect(log.filter((r) => r.status === 200)).toHaveLength(150);
  // At most the requests in flight when the budget ran out are refused.
  expect(limited).toBeLessThanOrEqual(16);
  // One full window is unavoidable for 150 > 100; pacing adds little on top.
  expect(elapsed).toBeGreaterThanOrEqual(59_000);
  expect(elapsed).toBeLessThan(80_000);
}, 120_000);
