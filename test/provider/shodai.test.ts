/** shodai.WebhookSubscription through its provider object, against the sandbox. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { checked, created, providerFor, updated, type Provider } from "../helpers/provider";
import { byHand, calls, injectFault, mark, requestsSince, reset, sandboxConfig, start, type Sandbox } from "../helpers/sandbox";

let sb: Sandbox;
let provider: Provider;

beforeAll(async () => {
  sb = await start();
  provider = await providerFor("shodai", sandboxConfig(sb, "shodai"));
});
afterAll(() => sb?.close());
beforeEach(() => reset(sb));

const base = { url: "https://hooks.example.com/s" };
const sub = (id: string) => `/v0/webhooks/${id}`;

describe("create", () => {
  it("creates with one POST, after listing the subscriptions, and keeps the signing secret returned only there", async () => {
    const since = await mark(sb);
    const { id, outs } = await created(provider, { ...base, filters: { templateIds: ["tpl_2", "tpl_1"] } });
    const logged = await requestsSince(sb, since);
    expect(calls(logged)).toEqual(["GET /v0/webhooks", "POST /v0/webhooks"]);
    expect(logged[1].requestBody).toEqual({ url: base.url, eventTypes: ["agreement.transitioned"], filters: { templateIds: ["tpl_1", "tpl_2"] } });
    expect(id).toMatch(/^wh_/);
    expect(outs).toMatchObject({ ...base, enabled: true, status: "active", subscriptionId: id, environment: "production" });
    expect(outs.signingSecret).toMatch(/^whsec_/);
    expect((await byHand(sb, "shodai", "GET", sub(id))).body.data.secret).toBeUndefined();
  });

  it("creates a disabled subscription with POST + PATCH status, keeping the secret", async () => {
    const since = await mark(sb);
    const { id, outs } = await created(provider, { ...base, enabled: false });
    const logged = await requestsSince(sb, since);
    expect(calls(logged)).toEqual(["GET /v0/webhooks", "POST /v0/webhooks", `PATCH ${sub(id)}`]);
    expect(logged[2].requestBody).toEqual({ status: "disabled" });
    expect(outs).toMatchObject({ enabled: false, status: "disabled" });
    expect(outs.signingSecret).toMatch(/^whsec_/);
  });

  it("a failed follow-up keeps the created subscription in state (partial create) instead of leaking it", async () => {
    await injectFault(sb, { vendor: "shodai", method: "PATCH", status: 400, times: 10 });
    const error = await created(provider, { ...base, enabled: false }).catch((e) => e);
    expect(error.id).toMatch(/^wh_/);
    expect(error.properties).toMatchObject({ enabled: true, subscriptionId: error.id });
    expect(error.properties.signingSecret).toMatch(/^whsec_/);
    expect(error.message).toContain(`the webhook was created as ${error.id}`);
  });

  it("after an ambiguous failure, disables the orphan and creates one whose secret we have", async () => {
    await injectFault(sb, { vendor: "shodai", method: "POST", path: "^/v0/webhooks$", status: 500, afterOperation: true });
    const { id, outs } = await created(provider, base);
    expect(outs.signingSecret).toMatch(/^whsec_/);
    const all = (await byHand(sb, "shodai", "GET", "/v0/webhooks?limit=100")).body.data;
    expect(all.filter((s: { status: string }) => s.status === "active").map((s: { id: string }) => s.id)).toEqual([id]);
  });
});

describe("update", () => {
  it("no change makes no request (eventTypes defaults are normalized)", async () => {
    const { id, outs } = await created(provider, base);
    const since = await mark(sb);
    expect(await provider.diff(id, outs, await checked(provider, { ...base, eventTypes: [] }, outs))).toMatchObject({ changes: false });
    expect(await requestsSince(sb, since)).toEqual([]);
  });

  it("disables and re-enables with one PATCH of status each", async () => {
    const { id, outs } = await created(provider, base);
    let since = await mark(sb);
    const off = await updated(provider, id, outs, { ...base, enabled: false });
    let logged = await requestsSince(sb, since);
    expect(calls(logged)).toEqual([`PATCH ${sub(id)}`]);
    expect(logged[0].requestBody).toEqual({ status: "disabled" });
    expect(off.outs).toMatchObject({ enabled: false, signingSecret: outs.signingSecret });
    since = await mark(sb);
    await updated(provider, id, off.outs, base);
    logged = await requestsSince(sb, since);
    expect(logged.map((r) => r.requestBody)).toEqual([{ status: "active" }]);
  });

  it.each([
    ["url", { url: "https://hooks.example.com/s2" }, { url: "https://hooks.example.com/s2" }],
    ["eventTypes", { eventTypes: ["agreement.notification.triggered"] }, { eventTypes: ["agreement.notification.triggered"] }],
    ["filters", { filters: { toStates: ["signed"] } }, { filters: { toStates: ["signed"] } }],
  ])("%s is one PATCH of that field", async (_f, change, body) => {
    const { id, outs } = await created(provider, base);
    const since = await mark(sb);
    const { outs: after } = await updated(provider, id, outs, { ...base, ...change });
    const logged = await requestsSince(sb, since);
    expect(calls(logged)).toEqual([`PATCH ${sub(id)}`]);
    expect(logged[0].requestBody).toEqual(body);
    expect(after).toMatchObject(change);
  });
});

describe("read, delete, adopt", () => {
  it("no drift when nothing changed; the secret is kept from state", async () => {
    const { id, outs } = await created(provider, base);
    const read = await provider.read(id, outs);
    expect(read.props).toEqual(outs);
    expect(read.inputs).toEqual(await checked(provider, base));
  });

  it("sees a subscription disabled and re-pointed by hand", async () => {
    const { id, outs } = await created(provider, base);
    await byHand(sb, "shodai", "PATCH", sub(id), { status: "disabled", url: "https://other.example.com/x" });
    expect((await provider.read(id, outs)).inputs).toMatchObject({ enabled: false, url: "https://other.example.com/x" });
  });

  it("delete leaves the subscription disabled at Shodai (no hard delete)", async () => {
    const { id, outs } = await created(provider, base);
    const since = await mark(sb);
    await provider.delete(id, outs);
    expect(calls(await requestsSince(sb, since))).toEqual([`DELETE ${sub(id)}`]);
    expect((await byHand(sb, "shodai", "GET", sub(id))).body.data.status).toBe("disabled");
  });

  it("an unknown id reads as gone and deletes as success", async () => {
    const gone = { ...base, environment: "production", subscriptionId: "wh_doesnotexist" };
    expect((await provider.read("wh_doesnotexist", gone)).id).toBe("");
    await expect(provider.delete("wh_doesnotexist", gone)).resolves.toBeUndefined();
  });

  it("adopts an existing subscription, patching what differs; no secret can be recovered", async () => {
    const made = await byHand(sb, "shodai", "POST", "/v0/webhooks", { url: "https://old.example.com/x" });
    const existing = made.body.data.id;
    const { id, outs } = await created(provider, { ...base, adoptId: existing });
    expect(id).toBe(existing);
    expect(outs).toMatchObject({ url: base.url, enabled: true });
    expect(outs.signingSecret).toBeUndefined();
  });
});
