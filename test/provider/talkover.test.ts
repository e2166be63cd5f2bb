/** talkover.Webhook through its provider object, against the sandbox. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { checked, created, providerFor, updated, type Provider } from "../helpers/provider";
import { byHand, calls, fixtures, injectFault, mark, requestsSince, reset, sandboxConfig, start, type Sandbox } from "../helpers/sandbox";

let sb: Sandbox;
let provider: Provider;
let agent: string;
let otherAgent: string;

beforeAll(async () => {
  sb = await start();
  provider = await providerFor("talkover", sandboxConfig(sb, "talkover"));
  const fx = await fixtures(sb);
  [agent, otherAgent] = fx.talkover.agents.map((a: { id: string }) => a.id);
});
afterAll(() => sb?.close());
beforeEach(() => reset(sb));

const base = () => ({ agentId: agent, name: "calls-ended", url: "https://hooks.example.com/t", events: ["event_phone_call_ended"] });
const hookPath = (id: string, agentId = agent) => `/agents/${agentId}/webhooks/${id}`;

describe("create", () => {
  it("creates an enabled webhook with one POST, after listing the agent's webhooks, and reports it", async () => {
    const since = await mark(sb);
    const { id, outs } = await created(provider, { ...base(), secret: "hmac-secret" });
    // The listing before the POST is what lets a lost answer be resolved without touching anyone else's webhook.
    expect(calls(await requestsSince(sb, since))).toEqual([`GET /agents/${agent}/webhooks`, `POST /agents/${agent}/webhooks`]);
    expect(outs).toMatchObject({ ...base(), enabled: true, timeout: 30, maxRetries: 3, webhookId: id, status: "active", secret: "hmac-secret" });
    const remote = await byHand(sb, "talkover", "GET", hookPath(id));
    expect(remote.body.data).toMatchObject({ webhook_url: base().url, enabled: true });
  });

  it("creates a disabled webhook: enabled:false is sent, not dropped", async () => {
    const since = await mark(sb);
    const { id, outs } = await created(provider, { ...base(), enabled: false, maxRetries: 0 });
    const post = (await requestsSince(sb, since)).find((r) => r.method === "POST")!;
    expect(post.requestBody).toMatchObject({ enabled: false, max_retries: 0 });
    expect(outs).toMatchObject({ enabled: false, maxRetries: 0, status: "disabled" });
    expect((await byHand(sb, "talkover", "GET", hookPath(id))).body.data.enabled).toBe(false);
  });

  it("fails with the vendor's message for an unknown agent", async () => {
    await expect(created(provider, { ...base(), agentId: "00000000-0000-4000-8000-000000000000" })).rejects.toThrow(
      /^talkover: could not create webhook "calls-ended": 404 Agent not found in this environment\. \(GET \/agents\/0{8}-.*check talkover:baseUrl/,
    );
  });

  it("after an ambiguous failure, adopts the webhook the POST made instead of duplicating it", async () => {
    await injectFault(sb, { vendor: "talkover", method: "POST", path: "/webhooks$", status: 502, afterOperation: true });
    const { id } = await created(provider, base());
    const list = await byHand(sb, "talkover", "GET", `/agents/${agent}/webhooks`);
    expect(list.body.data.webhooks.map((w: { id: string }) => w.id)).toEqual([id]);
  });
});

describe("update", () => {
  it("makes no request when nothing changed", async () => {
    const { id, outs } = await created(provider, base());
    const since = await mark(sb);
    const news = await checked(provider, { ...base(), events: ["event_phone_call_ended", "event_phone_call_ended"] }, outs);
    expect(await provider.diff(id, outs, news)).toMatchObject({ changes: false });
    expect(await requestsSince(sb, since)).toEqual([]);
  });

  it.each([
    ["name", { name: "renamed" }, { name: "renamed" }],
    ["url", { url: "https://hooks.example.com/u2" }, { webhook_url: "https://hooks.example.com/u2" }],
    ["events", { events: ["event_action", "event_recording"] }, { events: ["event_action", "event_recording"] }],
    ["timeout", { timeout: 90 }, { timeout: 90 }],
    ["maxRetries", { maxRetries: 0 }, { max_retries: 0 }],
    // The sandbox log shows a secret was sent, never its value.
    ["secret", { secret: "rotated-secret" }, { webhook_secret: "[redacted]" }],
    ["httpMethod", { httpMethod: "PUT" }, { http_method: "PUT" }],
    ["authorizationScheme", { authorizationScheme: "bearer" }, { authorization_scheme: "bearer" }],
    ["customHeaders", { customHeaders: [{ key: "X-Team", value: "platform" }] }, { custom_headers: [{ key: "X-Team", value: "[redacted]" }] }],
    ["payloadTemplates", { payloadTemplates: { event_action: { a: 1 } } }, { payload_templates: { event_action: { a: 1 } } }],
  ])("%s is one PUT of that field only", async (_field, change, body) => {
    const { id, outs } = await created(provider, base());
    const since = await mark(sb);
    const { diff, outs: after } = await updated(provider, id, outs, { ...base(), ...change });
    expect(diff).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const logged = await requestsSince(sb, since);
    expect(calls(logged)).toEqual([`PUT ${hookPath(id)}`]);
    expect(logged[0].requestBody).toEqual(body);
    expect(after).toMatchObject(change);
  });

  it("disables with one PUT {enabled:false} and re-enables with one PUT {enabled:true}", async () => {
    const { id, outs } = await created(provider, base());
    let since = await mark(sb);
    const off = await updated(provider, id, outs, { ...base(), enabled: false });
    let logged = await requestsSince(sb, since);
    expect(calls(logged)).toEqual([`PUT ${hookPath(id)}`]);
    expect(logged[0].requestBody).toEqual({ enabled: false });
    expect(off.outs).toMatchObject({ enabled: false, status: "disabled" });
    expect((await byHand(sb, "talkover", "GET", hookPath(id))).body.data.enabled).toBe(false);

    since = await mark(sb);
    const on = await updated(provider, id, off.outs, base());
    logged = await requestsSince(sb, since);
    expect(logged.map((r) => r.requestBody)).toEqual([{ enabled: true }]);
    expect(on.outs).toMatchObject({ enabled: true, status: "active" });
  });

  it("replaces on agentId", async () => {
    const { id, outs } = await created(provider, base());
    const news = await checked(provider, { ...base(), agentId: otherAgent }, outs);
    expect(await provider.diff(id, outs, news)).toEqual({ changes: true, replaces: ["agentId"], deleteBeforeReplace: false });
  });

  it("fails with the vendor's validation message", async () => {
    const { id, outs } = await created(provider, base());
    await byHand(sb, "talkover", "DELETE", hookPath(id));
    await expect(updated(provider, id, outs, { ...base(), enabled: false })).rejects.toThrow(
      `talkover: could not disable webhook "calls-ended": 404 Webhook not found. (PUT ${hookPath(id)})`,
    );
  });
});

describe("read (refresh)", () => {
  it("reports no drift when nothing changed, keeping the write-only secret", async () => {
    const { id, outs } = await created(provider, { ...base(), secret: "hmac-secret" });
    const read = await provider.read(id, outs);
    expect(read.id).toBe(id);
    expect(read.props).toEqual(expect.objectContaining({ ...outs, updatedAt: expect.any(String) }));
    expect(read.inputs).toEqual(await checked(provider, { ...base(), secret: "hmac-secret" }));
  });

  it("sees a webhook disabled and edited by hand", async () => {
    const { id, outs } = await created(provider, base());
    await byHand(sb, "talkover", "PUT", hookPath(id), { enabled: false, webhook_url: "https://evil.example.com/x" });
    const read = await provider.read(id, outs);
    expect(read.props).toMatchObject({ enabled: false, url: "https://evil.example.com/x" });
    expect(read.inputs).toMatchObject({ enabled: false, url: "https://evil.example.com/x" });
  });

  it("sees the toggle endpoint flip it", async () => {
    const { id, outs } = await created(provider, base());
    await byHand(sb, "talkover", "PATCH", `${hookPath(id)}/toggle`);
    expect((await provider.read(id, outs)).props).toMatchObject({ enabled: false });
  });

  it("reports a webhook deleted by hand as gone", async () => {
    const { id, outs } = await created(provider, base());
    await byHand(sb, "talkover", "DELETE", hookPath(id));
    expect((await provider.read(id, outs)).id).toBe("");
  });
});

describe("delete", () => {
  it("deletes with one DELETE; a webhook already gone is success", async () => {
    const { id, outs } = await created(provider, base());
    const since = await mark(sb);
    await provider.delete(id, outs);
    expect(calls(await requestsSince(sb, since))).toEqual([`DELETE ${hookPath(id)}`]);
    expect((await byHand(sb, "talkover", "GET", hookPath(id))).status).toBe(404);
    await expect(provider.delete(id, outs)).resolves.toBeUndefined();
  });
});

describe("adopt", () => {
  it("takes over a webhook made by hand, updating only what differs", async () => {
    const made = await byHand(sb, "talkover", "POST", `/agents/${agent}/webhooks`, { name: "calls-ended", webhook_url: "https://hooks.example.com/old", events: ["event_phone_call_ended"] });
    const existing = made.body.data.id;
    const since = await mark(sb);
    const { id, outs } = await created(provider, { ...base(), adoptId: existing });
    expect(id).toBe(existing);
    const logged = await requestsSince(sb, since);
    expect(calls(logged)).toEqual([`GET ${hookPath(existing)}`, `PUT ${hookPath(existing)}`]);
    expect(logged[1].requestBody).toEqual({ webhook_url: base().url });
    expect(outs).toMatchObject({ url: base().url, adoptId: existing });
  });

  it("fails clearly when the webhook to adopt does not exist", async () => {
    await expect(created(provider, { ...base(), adoptId: "00000000-0000-4000-8000-000000000000" })).rejects.toThrow(
      /cannot adopt webhook 0{8}-.* it does not exist at agent/,
    );
  });
});

describe("credentials", () => {
  // Stack config is per process, as in the dynamic-provider host: restore the sandbox's.
  afterEach(async () => {
    provider = await providerFor("talkover", sandboxConfig(sb, "talkover"));
  });

  it("a missing token names the config key and the env var, and sends nothing", async () => {
    const bare = await providerFor("talkover", { "talkover:baseUrl": sb.baseUrls.talkover });
    const saved = process.env.TALKOVER_API_TOKEN;
    delete process.env.TALKOVER_API_TOKEN;
    try {
      const since = await mark(sb);
      await expect(created(bare, base())).rejects.toThrow(
        "talkover: no API token configured: run `pulumi config set --secret talkover:apiToken <value>` or set the environment variable TALKOVER_API_TOKEN",
      );
      expect(await requestsSince(sb, since)).toEqual([]);
    } finally {
      if (saved !== undefined) process.env.TALKOVER_API_TOKEN = saved;
    }
  });

  it("a wrong token fails with the vendor's 401 message and no credential in it", async () => {
    const wrong = await providerFor("talkover", { ...sandboxConfig(sb, "talkover"), "talkover:apiToken": "talq_wrong-token" });
    const error = await created(wrong, base()).catch((e: Error) => e);
    expect(String(error)).toContain("401");
    expect(String(error)).not.toContain("talq_wrong-token");
  });
});
