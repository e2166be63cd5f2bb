/**
 * Issue 10, "also make these robust": each against a sandbox that misbehaves on purpose.
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

describe("shodai", () => {
  it("filters answered with null lists read as no filter", async () => {
    const provider = await providerFor("shodai", sandboxConfig(sb, "shodai"));
    const { id, outs } = await created(provider, { url: "https://hooks.example.com/s", filters: { templateIds: ["tpl_1"] } });
    const current = (await byHand(sb, "shodai", "GET", `/v0/webhooks/${id}`)).body;
    current.data.filters = { templateIds: ["tpl_1"], agreementIds: null, toStates: null };
    await injectFault(sb, { vendor: "shodai", method: "GET", path: `^/v0/webhooks/${id}$`, status: 200, body: current });
    const read = await provider.read(id, outs);
    expect(read.props?.filters).toEqual({ templateIds: ["tpl_1"] });
  });

  it("a list whose nextCursor repeats fails clearly instead of paging for ever, and creates nothing", async () => {
    const provider = await providerFor("shodai", sandboxConfig(sb, "shodai"));
    const page = { data: [], pageInfo: { limit: 100, nextCursor: "c2FtZQ", totalCount: 0 }, meta: { apiVersion: "v0", requestId: "req_1" } };
    await injectFault(sb, { vendor: "shodai", method: "GET", path: "^/v0/webhooks$", status: 200, body: page, times: 5 });
    await expect(created(provider, { url: "https://hooks.example.com/s" })).rejects.toThrow(
      'shodai: could not list webhook subscriptions: the vendor answered 200 in an unexpected shape: pageInfo.nextCursor "c2FtZQ" was already followed',
    );
    await fetch(`${sb.url}/_sandbox/faults`, { method: "DELETE" });
    expect((await byHand(sb, "shodai", "GET", "/v0/webhooks")).body.data).toEqual([]);
  });
});

describe("autocalls", () => {
  const saved = process.env.PULUMI_WEBHOOKS_LIST_CACHE_MS;
  afterAll(() => {
    if (saved === undefined) delete process.env.PULUMI_WEBHOOKS_LIST_CACHE_MS;
    else process.env.PULUMI_WEBHOOKS_LIST_CACHE_MS = saved;
  });

  it.each([["204", { status: 204 }], ["empty 200", { status: 200, rawBody: "" }]])("enable and disable answered %s succeed; destroy finishes", async (_name, answer) => {
    const provider = await providerFor("autocalls", sandboxConfig(sb, "autocalls"));
    await injectFault(sb, { vendor: "autocalls", method: "POST", path: "enable-webhook", afterOperation: true, ...answer });
    const { id, outs } = await created(provider, { assistantId: 1010, url: "https://hooks.example.com/a" });
    await injectFault(sb, { vendor: "autocalls", method: "POST", path: "disable-webhook", afterOperation: true, ...answer });
    await provider.delete(id, outs);
    const listed = (await byHand(sb, "autocalls", "GET", "/user/assistants/get?page=1&per_page=100")).body.data.find((a: { id: number }) => a.id === 1010);
    expect(listed).toMatchObject({ is_webhook_active: false, webhook_url: null });
  });

  it("two resources on one assistant in one run: the second fails clearly, even with the 10 s listing cache", async () => {
    delete process.env.PULUMI_WEBHOOKS_LIST_CACHE_MS;
    const provider = await providerFor("autocalls", sandboxConfig(sb, "autocalls"));
    // Side by side, as the engine runs them.
    const both = await Promise.allSettled([
      created(provider, { assistantId: 1020, url: "https://hooks.example.com/first" }),
      created(provider, { assistantId: 1020, url: "https://hooks.example.com/second" }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const failed = both.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(String(failed.reason)).toContain("assistant 1020 is already the target of another autocalls.AssistantWebhook in this run");
    const winner = (both.find((r) => r.status === "fulfilled") as PromiseFulfilledResult<{ outs: { url: string } }>).value.outs.url;
    // One after the other, with the same url too: the listing cached by the first must not hide it.
    await expect(created(provider, { assistantId: 1020, url: winner })).rejects.toThrow("already the target of another");
    const listed = (await byHand(sb, "autocalls", "GET", "/user/assistants/get?page=1&per_page=100")).body.data.find((a: { id: number }) => a.id === 1020);
    expect(listed).toMatchObject({ is_webhook_active: true, webhook_url: winner });
  });
});

describe("sigmamind", () => {
  it("a webhook found inactive at read is not leaked when re-enabled", async () => {
    const provider = await providerFor("sigmamind", sandboxConfig(sb, "sigmamind"));
    const base = { agentId: "agent_support", name: "m", url: "https://hooks.example.com/m", events: ["conversation_ended"] };
    const { id, outs } = await created(provider, base);
    const current = (await byHand(sb, "sigmamind", "GET", `/v1/webhooks/${outs.webhookId}`)).body;
    await injectFault(sb, { vendor: "sigmamind", method: "GET", path: `^/v1/webhooks/${outs.webhookId}$`, status: 200, body: { ...current, active: false } });
    const read = await provider.read(id, outs);
    expect(read.props).toMatchObject({ enabled: false, webhookId: outs.webhookId });
    const on = await updated(provider, id, read.props!, base);
    const all = [
      ...(await byHand(sb, "sigmamind", "GET", "/v1/webhooks?agentId=agent_support")).body.data,
      ...(await byHand(sb, "sigmamind", "GET", "/v1/webhooks?agentId=agent_support&active=false")).body.data,
    ];
    expect(all.map((w: { webhookId: string }) => w.webhookId)).toEqual([on.outs.webhookId]);
    expect(on.outs.webhookId).not.toBe(outs.webhookId);
  });
});

describe("polytomic", () => {
  it("an organization-scoped key is sent as Basic base64(key:), which the sandbox checks", async () => {
    const provider = await providerFor("polytomic", { ...sandboxConfig(sb, "polytomic"), "polytomic:keyType": "organization" });
    const { outs } = await created(provider, { endpoint: "https://hooks.example.com/p", secret: "org-key-secret" });
    expect(outs.enabled).toBe(true);
    const raw = await fetch(`${sb.baseUrls.polytomic}/api/webhooks`, { headers: { authorization: "Basic sandbox-token", "x-polytomic-version": "2025-09-18" } });
    expect(raw.status).toBe(401);
    const encoded = Buffer.from("sandbox-token:").toString("base64");
    const ok = await fetch(`${sb.baseUrls.polytomic}/api/webhooks`, { headers: { authorization: `Basic ${encoded}`, "x-polytomic-version": "2025-09-18" } });
    expect(ok.status).toBe(200);
  });
});
