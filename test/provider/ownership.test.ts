/**
 * Issue 10, defect 1: after a create whose answer was lost, only a webhook that provably
 * came from this request (matching, and absent from the listing taken just before the
 * POST) is adopted, disabled or deleted. An identical webhook that existed before — a
 * twin from another stack or made by hand — is never touched; when it cannot be decided,
 * nothing is touched and the error names the candidates and `adoptId`.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { created, providerFor, updated } from "../helpers/provider";
import { byHand, injectFault, reset, sandboxConfig, start, type Sandbox } from "../helpers/sandbox";

let sb: Sandbox;
beforeAll(async () => {
  sb = await start();
});
afterAll(() => sb?.close());
beforeEach(() => reset(sb));

const AGENT = "9fbef0b7-8d4e-4a08-9207-66c22155721d";
const talkover = { agentId: AGENT, name: "twin", url: "https://hooks.example.com/twin", events: ["event_action"] };
const shodai = { url: "https://hooks.example.com/twin" };
const sigmamind = { agentId: "agent_support", name: "twin", url: "https://hooks.example.com/twin", events: ["conversation_ended"] };

const talkoverHooks = async () => (await byHand(sb, "talkover", "GET", `/agents/${AGENT}/webhooks`)).body.data.webhooks;
const shodaiSubs = async () => (await byHand(sb, "shodai", "GET", "/v0/webhooks?limit=100")).body.data;
const sigmamindHooks = async () => (await byHand(sb, "sigmamind", "GET", "/v1/webhooks?agentId=agent_support")).body.data;

describe("talkover", () => {
  it("a 502 answered before Talkover did anything does not adopt an identical webhook made before", async () => {
    const twin = (await byHand(sb, "talkover", "POST", `/agents/${AGENT}/webhooks`, { name: "twin", webhook_url: talkover.url, events: ["event_action"] })).body.data;
    const provider = await providerFor("talkover", sandboxConfig(sb, "talkover"));
    await injectFault(sb, { vendor: "talkover", method: "POST", path: "/webhooks$", status: 502 });
    const { id } = await created(provider, talkover);
    expect(id).not.toBe(twin.id);
    const hooks = await talkoverHooks();
    expect(hooks.map((w: { id: string }) => w.id).sort()).toEqual([twin.id, id].sort());
    // Destroying ours leaves the twin alone.
    await provider.delete(id, { ...talkover, webhookId: id });
    expect((await talkoverHooks()).map((w: { id: string }) => w.id)).toEqual([twin.id]);
  });

  it("a lost answer adopts the webhook the POST made, not the twin", async () => {
    const twin = (await byHand(sb, "talkover", "POST", `/agents/${AGENT}/webhooks`, { name: "twin", webhook_url: talkover.url, events: ["event_action"] })).body.data;
    const provider = await providerFor("talkover", sandboxConfig(sb, "talkover"));
    await injectFault(sb, { vendor: "talkover", method: "POST", path: "/webhooks$", status: 502, afterOperation: true });
    const { id } = await created(provider, talkover);
    expect(id).not.toBe(twin.id);
    expect(await talkoverHooks()).toHaveLength(2);
  });

  it("two new matching webhooks (another program created the same one meanwhile): touches nothing, names both and adoptId", async () => {
    const provider = await providerFor("talkover", sandboxConfig(sb, "talkover"));
    await injectFault(sb, { vendor: "talkover", method: "POST", path: "/webhooks$", status: 502, afterOperation: true, delayMs: 300 });
    const pending = created(provider, talkover).catch((e: Error) => e);
    await new Promise((r) => setTimeout(r, 100));
    const other = (await byHand(sb, "talkover", "POST", `/agents/${AGENT}/webhooks`, { name: "twin", webhook_url: talkover.url, events: ["event_action"] })).body.data;
    const error = await pending;
    const hooks = await talkoverHooks();
    expect(hooks).toHaveLength(2);
    expect(String(error)).toMatch(/^ConflictError: talkover: could not create webhook "twin": the answer to the create request was lost/);
    for (const w of hooks) expect(String(error)).toContain(w.id);
    expect(String(error)).toContain(other.id);
    expect(String(error)).toContain('set adoptId: "<id>"');
  });
});

describe("shodai", () => {
  it("a lost answer disables only the subscription the POST made; an identical one made before stays active", async () => {
    const twin = (await byHand(sb, "shodai", "POST", "/v0/webhooks", shodai)).body.data;
    const provider = await providerFor("shodai", sandboxConfig(sb, "shodai"));
    await injectFault(sb, { vendor: "shodai", method: "POST", path: "^/v0/webhooks$", status: 502, afterOperation: true });
    const { id, outs } = await created(provider, shodai);
    expect(outs.signingSecret).toMatch(/^whsec_/);
    const subs = await shodaiSubs();
    expect(subs.find((s: { id: string }) => s.id === twin.id).status).toBe("active");
    expect(subs.filter((s: { status: string }) => s.status === "active").map((s: { id: string }) => s.id).sort()).toEqual([twin.id, id].sort());
    expect(subs).toHaveLength(3); // twin, the disabled orphan of the lost answer, ours
  });
});

describe("sigmamind", () => {
  it("a lost answer deletes only the webhook the POST made; an identical one made before is kept", async () => {
    const twin = (await byHand(sb, "sigmamind", "POST", "/v1/webhooks", sigmamind)).body;
    const provider = await providerFor("sigmamind", sandboxConfig(sb, "sigmamind"));
    await injectFault(sb, { vendor: "sigmamind", method: "POST", path: "^/v1/webhooks$", status: 504, afterOperation: true });
    const { outs } = await created(provider, sigmamind);
    expect((await sigmamindHooks()).map((w: { webhookId: string }) => w.webhookId).sort()).toEqual([twin.webhookId, outs.webhookId].sort());
  });

  it("re-enabling after a lost answer, with a twin present, deletes nothing and names the candidates", async () => {
    const twin = (await byHand(sb, "sigmamind", "POST", "/v1/webhooks", sigmamind)).body;
    const provider = await providerFor("sigmamind", sandboxConfig(sb, "sigmamind"));
    const { id, outs } = await created(provider, { ...sigmamind, enabled: false });
    await injectFault(sb, { vendor: "sigmamind", method: "POST", path: "^/v1/webhooks$", status: 504, afterOperation: true });
    const error = await updated(provider, id, outs, sigmamind).catch((e: Error) => e);
    const hooks = await sigmamindHooks();
    expect(hooks).toHaveLength(2);
    expect(String(error)).toMatch(/^ConflictError: sigmamind: could not create webhook "twin": the answer to the create request was lost/);
    expect(String(error)).toContain(twin.webhookId);
    expect(String(error)).toContain("none was adopted, disabled or deleted");
  });
});
