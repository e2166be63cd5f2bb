/** sigmamind.Webhook through its provider object, against the sandbox. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { checked, created, providerFor, updated, type Provider } from "../helpers/provider";
import { byHand, calls, fixtures, injectFault, mark, requestsSince, reset, sandboxConfig, start, type Sandbox } from "../helpers/sandbox";

let sb: Sandbox;
let provider: Provider;
let agent: string;

beforeAll(async () => {
  sb = await start();
  provider = await providerFor("sigmamind", sandboxConfig(sb, "sigmamind"));
  agent = (await fixtures(sb)).sigmamind.agents[0].id;
});
afterAll(() => sb?.close());
beforeEach(() => reset(sb));

const base = () => ({ agentId: agent, name: "conversations", url: "https://hooks.example.com/m", events: ["conversation_ended"] });
const hook = (id: string) => `/v1/webhooks/${id}`;

describe("create", () => {
  it("creates with one POST after listing the agent's webhooks; our own stable id; the signing secret is kept", async () => {
    const since = await mark(sb);
    const { id, outs } = await created(provider, base());
    const logged = await requestsSince(sb, since);
    expect(calls(logged)).toEqual(["GET /v1/webhooks", "POST /v1/webhooks"]);
    expect(logged[1].requestBody).toEqual(base());
    expect(id).toMatch(/^sigmamind-/);
    expect(outs.webhookId).toMatch(/^wh_/);
    expect(outs.signingSecret).toEqual(expect.any(String));
    expect(outs).toMatchObject({ ...base(), enabled: true });
  });

  it("a disabled webhook exists only in state", async () => {
    const since = await mark(sb);
    const { outs } = await created(provider, { ...base(), enabled: false });
    expect(await requestsSince(sb, since)).toEqual([]);
    expect(outs).toMatchObject({ enabled: false, webhookId: "" });
  });

  it("after an ambiguous failure, deletes the orphan and creates one whose secret we have", async () => {
    await injectFault(sb, { vendor: "sigmamind", method: "POST", status: 504, afterOperation: true });
    const { outs } = await created(provider, base());
    const listed = await byHand(sb, "sigmamind", "GET", `/v1/webhooks?agentId=${agent}`);
    expect(listed.body.data.map((w: { webhookId: string }) => w.webhookId)).toEqual([outs.webhookId]);
  });
});

describe("enabled is an in-place update", () => {
  it("disable is one DELETE; enable creates it again with a new id and secret", async () => {
    const { id, outs } = await created(provider, base());
    let since = await mark(sb);
    const off = await updated(provider, id, outs, { ...base(), enabled: false });
    expect(off.diff).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(calls(await requestsSince(sb, since))).toEqual([`DELETE ${hook(outs.webhookId)}`]);
    expect(off.outs).toMatchObject({ enabled: false, webhookId: "" });
    expect(off.outs.signingSecret).toBeUndefined();

    since = await mark(sb);
    const on = await updated(provider, id, off.outs, base());
    expect(calls(await requestsSince(sb, since))).toEqual(["POST /v1/webhooks"]);
    expect(on.outs.webhookId).toMatch(/^wh_/);
    expect(on.outs.webhookId).not.toBe(outs.webhookId);
    expect(on.outs.signingSecret).not.toBe(outs.signingSecret);
  });

  it("no change makes no request; every other edit replaces", async () => {
    const { id, outs } = await created(provider, base());
    const since = await mark(sb);
    expect(await provider.diff(id, outs, await checked(provider, base(), outs))).toMatchObject({ changes: false });
    expect((await provider.diff(id, outs, await checked(provider, { ...base(), url: "https://x.example.com" }, outs))).replaces).toEqual(["url"]);
    expect(await requestsSince(sb, since)).toEqual([]);
  });
});

describe("read, delete, adopt", () => {
  it("no drift when nothing changed", async () => {
    const { id, outs } = await created(provider, base());
    const read = await provider.read(id, outs);
    expect(read.props).toEqual(outs);
    expect(read.inputs).toEqual(await checked(provider, base()));
  });

  it("a disabled webhook reads from state without a request", async () => {
    const { id, outs } = await created(provider, { ...base(), enabled: false });
    const since = await mark(sb);
    expect((await provider.read(id, outs)).props).toEqual(outs);
    expect(await requestsSince(sb, since)).toEqual([]);
  });

  it("a webhook deleted by hand reads as gone", async () => {
    const { id, outs } = await created(provider, base());
    await byHand(sb, "sigmamind", "DELETE", hook(outs.webhookId));
    expect((await provider.read(id, outs)).id).toBe("");
  });

  it("delete is one DELETE; already gone is success", async () => {
    const { id, outs } = await created(provider, base());
    const since = await mark(sb);
    await provider.delete(id, outs);
    expect(calls(await requestsSince(sb, since))).toEqual([`DELETE ${hook(outs.webhookId)}`]);
    await expect(provider.delete(id, outs)).resolves.toBeUndefined();
  });

  it("adopts a matching webhook, and refuses one that differs (nothing can be edited)", async () => {
    const made = await byHand(sb, "sigmamind", "POST", "/v1/webhooks", base());
    const { outs } = await created(provider, { ...base(), adoptId: made.body.webhookId });
    expect(outs.webhookId).toBe(made.body.webhookId);
    await expect(created(provider, { ...base(), url: "https://other.example.com", adoptId: made.body.webhookId })).rejects.toThrow(
      /SigmaMind cannot edit webhooks/,
    );
  });
});
