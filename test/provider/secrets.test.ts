/**
 * Issue 10, defect 5: webhook URLs are often credentials, so errors show at most their
 * host; the sandbox request log never holds a secret's value.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { created, providerFor } from "../helpers/provider";
import { byHand, injectFault, requestsSince, reset, sandboxConfig, start, type Sandbox } from "../helpers/sandbox";

let sb: Sandbox;
beforeAll(async () => {
  sb = await start();
});
afterAll(() => sb?.close());
beforeEach(() => reset(sb));

const SECRET_URL = "https://hooks.example.com/services/T0/B0/XXXXSECRET";

describe("errors name at most the URL's host", () => {
  it("polytomic: a failed create", async () => {
    const provider = await providerFor("polytomic", sandboxConfig(sb, "polytomic"));
    await injectFault(sb, { vendor: "polytomic", method: "POST", path: "^/api/webhooks$", status: 400, body: { message: "bad request", status: 400 } });
    const error = String(await created(provider, { endpoint: SECRET_URL, secret: "p-secret-1" }).catch((e) => e));
    expect(error).toContain("polytomic: could not create webhook (endpoint host hooks.example.com): 400 bad request");
    expect(error).not.toContain("XXXXSECRET");
  });

  it("polytomic: the one-per-organization conflict does not print the other webhook's endpoint", async () => {
    const other = (await byHand(sb, "polytomic", "POST", "/api/webhooks", { endpoint: SECRET_URL, secret: "someone-else" })).body.data;
    const provider = await providerFor("polytomic", sandboxConfig(sb, "polytomic"));
    const error = String(await created(provider, { endpoint: "https://hooks.example.com/mine", secret: "p-secret-1" }).catch((e) => e));
    expect(error).toContain(`already has webhook ${other.id} (delivering to host hooks.example.com)`);
    expect(error).not.toContain("XXXXSECRET");
    expect(error).not.toContain("someone-else");
  });

  it("shodai: a failed create", async () => {
    const provider = await providerFor("shodai", sandboxConfig(sb, "shodai"));
    await injectFault(sb, { vendor: "shodai", method: "POST", path: "^/v0/webhooks$", status: 400, body: { error: { code: "bad", message: "bad request", requestId: "req_1" } } });
    const error = String(await created(provider, { url: SECRET_URL }).catch((e) => e));
    expect(error).toContain("shodai: could not create webhook subscription (url host hooks.example.com): 400 bad request");
    expect(error).not.toContain("XXXXSECRET");
  });

  it("autocalls and sigmamind: someone else's webhook is named by host only", async () => {
    await byHand(sb, "autocalls", "POST", "/user/assistants/enable-webhook", { assistant_id: 1003, webhook_url: SECRET_URL });
    const autocalls = await providerFor("autocalls", sandboxConfig(sb, "autocalls"));
    const error = String(await created(autocalls, { assistantId: 1003, url: "https://hooks.example.com/mine" }).catch((e) => e));
    expect(error).toContain("delivering to host hooks.example.com");
    expect(error).not.toContain("XXXXSECRET");
    const made = (await byHand(sb, "sigmamind", "POST", "/v1/webhooks", { agentId: "agent_support", name: "n", url: SECRET_URL, events: ["conversation_ended"] })).body;
    const sigmamind = await providerFor("sigmamind", sandboxConfig(sb, "sigmamind"));
    const mismatch = String(await created(sigmamind, { agentId: "agent_support", name: "other", url: SECRET_URL, events: ["conversation_ended"], adoptId: made.webhookId }).catch((e) => e));
    expect(mismatch).toContain("url host hooks.example.com");
    expect(mismatch).not.toContain("XXXXSECRET");
  });

  it("an unreadable success answer is not quoted (it may echo the secret)", async () => {
    const provider = await providerFor("polytomic", sandboxConfig(sb, "polytomic"));
    await injectFault(sb, { vendor: "polytomic", method: "POST", path: "^/api/webhooks$", status: 200, rawBody: '{"data": {"secret": "p-secret-2"', times: 2 });
    const error = String(await created(provider, { endpoint: "https://hooks.example.com/p", secret: "p-secret-2" }).catch((e) => e));
    expect(error).toMatch(/unexpected shape: not JSON \(application\/json, \d+ characters\)/);
    expect(error).not.toContain("p-secret-2");
  });
});

it("the sandbox request log redacts every secret-bearing field, in requests and answers", async () => {
  const secrets: string[] = ["talkover-hmac-secret", "header-credential", "polytomic-secret"];
  const talkover = await providerFor("talkover", sandboxConfig(sb, "talkover"));
  await created(talkover, {
    agentId: "9fbef0b7-8d4e-4a08-9207-66c22155721d", name: "s", url: "https://hooks.example.com/t", events: ["event_action"],
    secret: "talkover-hmac-secret", customHeaders: [{ key: "Authorization", value: "header-credential" }],
  });
  await created(await providerFor("polytomic", sandboxConfig(sb, "polytomic")), { endpoint: "https://hooks.example.com/p", secret: "polytomic-secret" });
  secrets.push((await created(await providerFor("shodai", sandboxConfig(sb, "shodai")), { url: "https://hooks.example.com/s" })).outs.signingSecret);
  secrets.push((await created(await providerFor("sigmamind", sandboxConfig(sb, "sigmamind")), { agentId: "agent_support", name: "s", url: "https://hooks.example.com/m", events: ["conversation_ended"] })).outs.signingSecret);
  const log = JSON.stringify(await requestsSince(sb, 0));
  for (const secret of secrets) {
    expect(secret).toEqual(expect.any(String));
    expect(log).not.toContain(secret);
  }
  expect(log).toContain('"webhook_secret":"[redacted]"');
  expect(log).toContain('"value":"[redacted]"');
});
