/**
 * `pulumi-webhooks discover --stack …` on the real engine: with the example stack deployed
 * and one webhook made by hand at each vendor, it lists all ten, marks the five the stack
 * manages, prints no secret and no full URL, and its declarations — pasted into a program
 * of a new stack — adopt the five hand-made webhooks on the first `up` without creating any.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createStack, type RealStack } from "../helpers/real-stack";
import { byHand, calls, mark, requestsSince, start, type Sandbox } from "../helpers/sandbox";
import { CREDENTIAL_KEYS, exampleStack, type ExampleStack } from "../helpers/stack";

let sb: Sandbox;
let stack: ExampleStack;
let adopter: RealStack | undefined;
const AGENT = "9fbef0b7-8d4e-4a08-9207-66c22155721d";
const ORG2 = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
const hand: Record<string, string> = {};

beforeAll(async () => {
  sb = await start();
  stack = await exampleStack(sb, { stackName: "discover" });
  await stack.up();
  hand.talkover = (await byHand(sb, "talkover", "POST", `/agents/${AGENT}/webhooks`, { name: "Made by hand", webhook_url: "https://hand.example.com/t/SECRETPATH1", events: ["event_action"], webhook_secret: "hand-signing-1" })).body.data.id;
  hand.polytomic = (await byHand(sb, "polytomic", "POST", "/api/webhooks", { endpoint: "https://hand.example.com/p/SECRETPATH2", secret: "hand-secret-2", organization_id: ORG2 })).body.data.id;
  hand.shodai = (await byHand(sb, "shodai", "POST", "/v0/webhooks", { url: "https://hand.example.com/s/SECRETPATH3", eventTypes: ["agreement.transitioned"] })).body.data.id;
  hand.sigmamind = (await byHand(sb, "sigmamind", "POST", "/v1/webhooks", { name: "by-hand", agentId: "agent_support", url: "https://hand.example.com/m/SECRETPATH4", events: ["conversation_started"] })).body.webhookId;
  await byHand(sb, "autocalls", "POST", "/user/assistants/enable-webhook", { assistant_id: 1005, webhook_url: "https://hand.example.com/a/SECRETPATH5" });
  hand.autocalls = "1005";
});
afterAll(async () => {
  await sb?.close();
  stack?.cleanup();
  adopter?.cleanup();
});

it("lists every webhook at every vendor, marks the managed ones, and shows no secret or full URL", async () => {
  const output = await stack.discover();
  expect(output.split("\n")[0]).toBe("Discovered 10 webhooks: 5 managed by this stack, 5 not.");
  for (const name of ["calls-ended", "org-events", "agreements", "conversations", "support-line"]) expect(output).toContain(`managed as "${name}"`);
  for (const [vendor, id] of Object.entries(hand)) {
    expect(output).toMatch(new RegExp(`${id}.*→ hand\\.example\\.com — not managed`));
    expect(output).toContain(vendor === "autocalls" ? "adopt: true" : `adoptId: "${id}"`);
  }
  expect(output).not.toMatch(/SECRETPATH|hand-secret|hand-signing|sandbox-token|whsec/);
  const json = JSON.parse(await stack.discover({ format: "json" }));
  expect(json.webhooks).toHaveLength(10);
  expect(json.webhooks.filter((w: { managed: boolean }) => !w.managed).map((w: { id: string }) => w.id).sort()).toEqual(Object.values(hand).sort());
});

it("the declarations it prints adopt the hand-made webhooks on the first up of a new stack, creating none", async () => {
  const output = await stack.discover({ showUrls: true });
  const program = output.slice(output.indexOf("// Paste into"));
  const dir = join(stack.workDir, "..", "adopt");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "index.ts"), program);
  const config: Record<string, string | { value: string; secret: true }> = {};
  for (const [vendor, url] of Object.entries(sb.baseUrls)) {
    config[`${vendor}:baseUrl`] = url;
    config[CREDENTIAL_KEYS[vendor]] = { value: "sandbox-token", secret: true };
  }
  // The one value discover cannot print: Polytomic's current secret (its declaration reads it from config).
  const secretKey = /config\.requireSecret\("([^"]+-secret)"\)/.exec(program)![1];
  config[secretKey] = { value: "hand-secret-2", secret: true };
  adopter = await createStack({ program: join(dir, "index.ts"), stackName: "adopter", config });
  const since = await mark(sb);
  const up = await adopter.up();
  expect(up.steps.filter((s) => s.type.startsWith("pulumi-nodejs:dynamic/")).map((s) => s.op)).toEqual(["create", "create", "create", "create", "create"]);
  const requests = calls(await requestsSince(sb, since));
  // Adopting reads; it never makes a new webhook (no POST that creates one).
  expect(requests.filter((c) => /^POST \/(agents\/[^/]+\/webhooks|api\/webhooks|v0\/webhooks|v1\/webhooks)$/.test(c))).toEqual([]);
  const state = await adopter.state();
  const ids = state.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/")).map((r) => String(r.outputs.webhookId ?? r.outputs.subscriptionId ?? r.outputs.assistantId));
  expect(ids.sort()).toEqual(Object.values(hand).sort());
  expect((await adopter.preview()).steps.filter((s) => s.op !== "same")).toEqual([]);
});
