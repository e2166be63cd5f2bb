/** autocalls.AssistantWebhook through its provider object, against the sandbox. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { checked, created, providerFor, updated, type Provider } from "../helpers/provider";
import { byHand, calls, fixtures, mark, requestsSince, reset, sandboxConfig, start, type Sandbox } from "../helpers/sandbox";

let sb: Sandbox;
let provider: Provider;
let assistants: number[];

beforeAll(async () => {
  sb = await start();
  provider = await providerFor("autocalls", sandboxConfig(sb, "autocalls"));
  assistants = (await fixtures(sb)).autocalls.assistants.map((a: { id: number }) => a.id);
});
afterAll(() => sb?.close());
beforeEach(() => reset(sb));
// A finished listing is not reused across steps here, so each read sees the sandbox as it is now.
const savedLifetime = process.env.PULUMI_WEBHOOKS_LIST_CACHE_MS;
beforeAll(() => {
  process.env.PULUMI_WEBHOOKS_LIST_CACHE_MS = "0";
});
afterAll(() => {
  if (savedLifetime === undefined) delete process.env.PULUMI_WEBHOOKS_LIST_CACHE_MS;
  else process.env.PULUMI_WEBHOOKS_LIST_CACHE_MS = savedLifetime;
});

const url = "https://hooks.example.com/a";
/** The assistant as Autocalls lists it (there is no single-assistant GET). */
async function assistant(id: number) {
  for (let page = 1; ; page++) {
    const res = await byHand(sb, "autocalls", "GET", `/user/assistants/get?page=${page}&per_page=100`);
    const found = res.body.data.find((a: { id: number }) => a.id === id);
    if (found || page >= res.body.last_page) return found;
  }
}

describe("create", () => {
  it("turns the webhook on with one enable-webhook after reading the assistant list", async () => {
    const id = assistants[assistants.length - 1]; // on the last page, so paging matters
    const since = await mark(sb);
    const created1 = await created(provider, { assistantId: id, url });
    const logged = await requestsSince(sb, since);
    expect(calls(logged).filter((c) => c.startsWith("POST"))).toEqual(["POST /user/assistants/enable-webhook"]);
    expect(logged.filter((r) => r.method === "GET").length).toBe(Math.ceil(assistants.length / 100));
    expect(logged.find((r) => r.method === "POST")?.requestBody).toEqual({ assistant_id: id, webhook_url: url });
    expect(created1).toMatchObject({ id: String(id), outs: { assistantId: id, url, enabled: true, adopt: false } });
    expect(await assistant(id)).toMatchObject({ webhook_url: url, is_webhook_active: true });
  });

  it("refuses an assistant whose webhook is active with another url, unless adopt", async () => {
    const id = assistants[1];
    await byHand(sb, "autocalls", "POST", "/user/assistants/enable-webhook", { assistant_id: id, webhook_url: "https://someone-else.example.com" });
    await expect(created(provider, { assistantId: id, url })).rejects.toThrow(
      `autocalls: assistant ${id} already has an active webhook (delivering to host someone-else.example.com); set adopt: true to take it over`,
    );
    const { outs } = await created(provider, { assistantId: id, url, adopt: true });
    expect(outs).toMatchObject({ url, enabled: true, adopt: true });
  });

  it("fails clearly for an assistant that does not exist", async () => {
    await expect(created(provider, { assistantId: 999999, url })).rejects.toThrow("assistant 999999 does not exist");
  });
});

describe("update, read, delete", () => {
  it("disable is one disable-webhook; the url stays in state and is not drift", async () => {
    const id = assistants[2];
    const { outs } = await created(provider, { assistantId: id, url });
    let since = await mark(sb);
    const off = await updated(provider, String(id), outs, { assistantId: id, url, enabled: false });
    expect(calls(await requestsSince(sb, since))).toEqual(["POST /user/assistants/disable-webhook"]);
    expect(off.outs).toMatchObject({ enabled: false, url });
    expect(await assistant(id)).toMatchObject({ webhook_url: null, is_webhook_active: false });
    // Autocalls forgot the url; refresh must not call that drift.
    const read = await provider.read(String(id), off.outs);
    expect(read.inputs).toEqual(await checked(provider, { assistantId: id, url, enabled: false }));

    since = await mark(sb);
    const on = await updated(provider, String(id), off.outs, { assistantId: id, url });
    expect(calls(await requestsSince(sb, since))).toEqual(["POST /user/assistants/enable-webhook"]);
    expect(on.outs.enabled).toBe(true);
  });

  it("a url change while enabled is one enable-webhook with the new url", async () => {
    const id = assistants[3];
    const { outs } = await created(provider, { assistantId: id, url });
    const since = await mark(sb);
    await updated(provider, String(id), outs, { assistantId: id, url: "https://hooks.example.com/b" });
    const logged = await requestsSince(sb, since);
    expect(logged.map((r) => r.requestBody)).toEqual([{ assistant_id: id, webhook_url: "https://hooks.example.com/b" }]);
  });

  it("reads many assistants with one listing", async () => {
    const states = [];
    for (const id of assistants.slice(10, 15)) states.push(await created(provider, { assistantId: id, url }));
    const since = await mark(sb);
    const reads = await Promise.all(states.map(({ id, outs }) => provider.read(id, outs)));
    expect(reads.every((r) => r.props?.enabled === true)).toBe(true);
    expect((await requestsSince(sb, since)).length).toBe(Math.ceil(assistants.length / 100));
  });

  it("sees a webhook disabled by hand", async () => {
    const id = assistants[4];
    const { outs } = await created(provider, { assistantId: id, url });
    await byHand(sb, "autocalls", "POST", "/user/assistants/disable-webhook", { assistant_id: id });
    expect((await provider.read(String(id), outs)).inputs).toMatchObject({ enabled: false, url });
  });

  it("destroy turns the webhook off", async () => {
    const id = assistants[5];
    const { outs } = await created(provider, { assistantId: id, url });
    const since = await mark(sb);
    await provider.delete(String(id), outs);
    expect(calls(await requestsSince(sb, since))).toEqual(["POST /user/assistants/disable-webhook"]);
    expect(await assistant(id)).toMatchObject({ is_webhook_active: false });
  });
});
