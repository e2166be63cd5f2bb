/**
 * The example stack (one webhook per vendor) through the test engine — the real SDK on
 * both sides — against the sandbox: what `pulumi preview / up / refresh / destroy` do to
 * the vendors. The steps run in order and share one stack.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drift, plan } from "../../provider/gitops/commands";
import { engineSource } from "../engine/event-source";
import { EngineError, type RunResult } from "../engine/index";
import { byHand, calls, injectFault, mark, requestsSince, start, type Sandbox } from "../helpers/sandbox";
import { exampleStack, type TestStack } from "../helpers/stack";

let sb: Sandbox;
let stack: TestStack;
const commandOutputs: string[] = [];
const VENDORS = ["talkover", "polytomic", "shodai", "sigmamind", "autocalls"];
const AGENT2 = "5d0c3b1e-2f4a-4c6b-9e8d-7a1b2c3d4e5f";
const ORG2 = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

beforeAll(async () => {
  sb = await start();
  stack = exampleStack(sb);
});
afterAll(async () => {
  await sb?.close();
  stack?.cleanup();
});

const webhookSteps = (r: RunResult) => r.steps.filter((s) => s.type.startsWith("pulumi-nodejs:dynamic/"));
const byVendor = (r: RunResult) => Object.fromEntries(webhookSteps(r).map((s) => [s.type.split("/")[1].split(":")[0], s]));
const outputs = (name: string) => stack.engine.stateResources().find((r) => r.urn.endsWith(`::${name}`))!.outputs;

/** Runs an operation and returns it with the vendor requests it made. */
async function measured(op: () => Promise<RunResult>) {
  const since = await mark(sb);
  const result = await op();
  return { result, requests: await requestsSince(sb, since) };
}

async function vendorState() {
  const talkover = (await byHand(sb, "talkover", "GET", "/agents/9fbef0b7-8d4e-4a08-9207-66c22155721d/webhooks")).body.data.webhooks;
  const polytomic = (await byHand(sb, "polytomic", "GET", "/api/webhooks")).body.data;
  const shodai = (await byHand(sb, "shodai", "GET", "/v0/webhooks?limit=100")).body.data;
  const sigmamind = (await byHand(sb, "sigmamind", "GET", "/v1/webhooks?agentId=agent_support")).body.data;
  const autocalls = (await byHand(sb, "autocalls", "GET", "/user/assistants/get?page=1&per_page=5")).body.data.find((a: { id: number }) => a.id === 1001);
  return { talkover, polytomic, shodai, sigmamind, autocalls };
}

describe("the example stack", () => {
  it("up creates one webhook per vendor", async () => {
    const { result } = await measured(() => stack.engine.up());
    expect(result.summary).toMatchObject({ create: 5 });
    const v = await vendorState();
    expect(v.talkover).toHaveLength(1);
    expect(v.polytomic).toHaveLength(1);
    expect(v.shodai.filter((s: { status: string }) => s.status === "active")).toHaveLength(1);
    expect(v.sigmamind).toHaveLength(1);
    expect(v.autocalls).toMatchObject({ is_webhook_active: true, webhook_url: "https://hooks.example.com/autocalls" });
  });

  it("then preview shows no changes and makes no vendor request", async () => {
    const { result, requests } = await measured(() => stack.engine.preview());
    expect(webhookSteps(result).map((s) => s.op)).toEqual(["same", "same", "same", "same", "same"]);
    expect(requests).toEqual([]);
  });

  it("and a preview-only refresh shows no drift, with reads only", async () => {
    const { result, requests } = await measured(() => stack.engine.refresh({ previewOnly: true }));
    expect(webhookSteps(result).filter((s) => s.op !== "same")).toEqual([]);
    expect(requests.every((r) => r.method === "GET")).toBe(true);
    expect(requests.length).toBeLessThanOrEqual(5 + 2); // one read each; Autocalls lists pages (3 of 100)
  });

  it("disabling each webhook is an in-place update of enabled with exactly the vendor call the spec names", async () => {
    stack.setConfig({ disabled: VENDORS });
    const preview = await stack.engine.preview();
    for (const s of webhookSteps(preview)) expect({ name: s.name, op: s.op, diffs: s.diffs }).toEqual({ name: s.name, op: "update", diffs: ["enabled"] });

    const planned = await plan(engineSource(stack.engine), "markdown");
    commandOutputs.push(planned.output, (await plan(engineSource(stack.engine), "json")).output);
    expect(planned.output).toContain("**5 webhooks turned off (Talkover 1, Polytomic 1, Shodai 1, SigmaMind 1, Autocalls 1).**");

    const sigmamindBefore = outputs("conversations").webhookId;
    const { result, requests } = await measured(() => stack.engine.up());
    expect(result.summary).toMatchObject({ update: 5 });
    expect(calls(requests).sort()).toEqual([
      `DELETE /v1/webhooks/${sigmamindBefore}`,
      `PATCH /v0/webhooks/${outputs("agreements").subscriptionId}`,
      `POST /api/webhooks/${outputs("org-events").webhookId}/disable`,
      "POST /user/assistants/disable-webhook",
      `PUT /agents/9fbef0b7-8d4e-4a08-9207-66c22155721d/webhooks/${outputs("calls-ended").webhookId}`,
    ].sort());
    const v = await vendorState();
    expect(v.talkover[0].enabled).toBe(false);
    expect(v.polytomic[0].disabled).toBe(true);
    expect(v.shodai[0].status).toBe("disabled");
    expect(v.sigmamind).toEqual([]);
    expect(v.autocalls).toMatchObject({ is_webhook_active: false, webhook_url: null });
  });

  it("re-enabling restores each one", async () => {
    stack.setConfig({ disabled: [] });
    const planned = await plan(engineSource(stack.engine), "text");
    commandOutputs.push(planned.output);
    expect(planned.output.split("\n")[0]).toBe("Webhook changes: 5 webhooks turned on (Talkover 1, Polytomic 1, Shodai 1, SigmaMind 1, Autocalls 1).");
    const { result, requests } = await measured(() => stack.engine.up());
    expect(result.summary).toMatchObject({ update: 5 });
    expect(requests).toHaveLength(5);
    const v = await vendorState();
    expect([v.talkover[0].enabled, v.polytomic[0].disabled, v.shodai[0].status, v.sigmamind.length, v.autocalls.is_webhook_active]).toEqual([true, false, "active", 1, true]);
    expect((await stack.engine.preview()).steps.filter((s) => s.op !== "same")).toEqual([]);
  });

  it("refresh sees changes made by hand on the right property, drops the deleted one, and up restores", async () => {
    const talkoverId = outputs("calls-ended").webhookId;
    await byHand(sb, "talkover", "PUT", `/agents/9fbef0b7-8d4e-4a08-9207-66c22155721d/webhooks/${talkoverId}`, { enabled: false });
    await byHand(sb, "shodai", "PATCH", `/v0/webhooks/${outputs("agreements").subscriptionId}`, { url: "https://elsewhere.example.com/x" });
    await byHand(sb, "polytomic", "DELETE", `/api/webhooks/${outputs("org-events").webhookId}`);
    await byHand(sb, "autocalls", "POST", "/user/assistants/disable-webhook", { assistant_id: 1001 });
    await byHand(sb, "sigmamind", "DELETE", `/v1/webhooks/${outputs("conversations").webhookId}`);

    const found = await drift(engineSource(stack.engine), "text");
    commandOutputs.push(found.output, (await drift(engineSource(stack.engine), "json")).output);
    expect(found.exitCode).toBe(2);
    expect(found.output).toContain('Talkover webhook "calls-ended" disabled by hand (enabled: true → false)');
    expect(found.output).toContain('Shodai webhook subscription "agreements" changed by hand (url: https://hooks.example.com/shodai → https://elsewhere.example.com/x)');
    expect(found.output).toContain('Polytomic webhook "org-events" deleted outside Pulumi');
    expect(found.output).toContain('Autocalls assistant webhook "support-line" disabled by hand (enabled: true → false)');
    expect(found.output).toContain('SigmaMind webhook "conversations" deleted outside Pulumi');
    expect(found.output.split("\n")[0]).toBe("Drift: 3 webhooks changed outside Pulumi, 2 webhooks deleted outside Pulumi.");

    const refreshed = await stack.engine.refresh();
    expect(byVendor(refreshed).polytomic.op).toBe("delete");
    expect(byVendor(refreshed).talkover).toMatchObject({ op: "update", diffs: ["enabled"] });
    expect(stack.engine.stateResources().some((r) => r.urn.endsWith("::org-events"))).toBe(false);

    const recreate = await plan(engineSource(stack.engine), "text");
    commandOutputs.push(recreate.output);
    expect(recreate.output.split("\n")[0]).toBe("Webhook changes: 2 webhooks turned on (Talkover 1, Autocalls 1), 2 webhooks created (Polytomic 1, SigmaMind 1), 1 webhook updated (Shodai 1).");
    const restored = await stack.engine.up();
    expect(restored.summary).toMatchObject({ create: 2, update: 3 });
    expect((await drift(engineSource(stack.engine), "text")).exitCode).toBe(0);
  });

  it("replace fields replace, without a delivery gap where the vendor allows one", async () => {
    const oldTalkover = outputs("calls-ended").webhookId;
    const oldPolytomic = outputs("org-events").webhookId;
    const oldSigmamind = outputs("conversations").webhookId;
    stack.setConfig({ talkoverAgentId: AGENT2, polytomicOrganizationId: ORG2, hooksBaseUrl: "https://hooks2.example.com" });
    const preview = await stack.engine.preview();
    const planned = await plan(engineSource(stack.engine), "markdown");
    commandOutputs.push(planned.output);
    expect(planned.output).toContain("**3 webhooks replaced (Talkover 1, Polytomic 1, SigmaMind 1), 2 webhooks updated (Shodai 1, Autocalls 1).**");
    expect(planned.output).toContain("| Polytomic | `org-events` | 🔁 **replace (organizationId changed)** |");
    expect(byVendor(preview).talkover).toMatchObject({ op: "replace", replaces: ["agentId"] });
    expect(byVendor(preview).polytomic).toMatchObject({ op: "replace", replaces: ["organizationId"] });
    expect(byVendor(preview).sigmamind).toMatchObject({ op: "replace", replaces: ["url"] });
    expect(byVendor(preview).shodai.op).toBe("update");

    const { requests } = await measured(() => stack.engine.up());
    const order = calls(requests);
    const at = (c: string) => order.findIndex((x) => x.startsWith(c));
    // Talkover and SigmaMind: the new webhook exists before the old one goes.
    expect(at(`POST /agents/${AGENT2}/webhooks`)).toBeLessThan(at(`DELETE /agents/9fbef0b7-8d4e-4a08-9207-66c22155721d/webhooks/${oldTalkover}`));
    expect(at("POST /v1/webhooks")).toBeLessThan(at(`DELETE /v1/webhooks/${oldSigmamind}`));
    // Polytomic allows one per organization: delete first.
    expect(at(`DELETE /api/webhooks/${oldPolytomic}`)).toBeLessThan(at("POST /api/webhooks"));
    expect((await byHand(sb, "polytomic", "GET", "/api/webhooks")).body.data.map((w: { organization_id: string }) => w.organization_id)).toEqual([ORG2]);
  });

  it("no credential or signing secret appears in plaintext: state file, engine events, diagnostics, errors, plan/drift output", () => {
    const text = readFileSync(stack.stateFile, "utf8");
    const secrets = ["sandbox-token", "sandbox-signing-secret", "sandbox-secret-1", outputsSecret("agreements"), outputsSecret("conversations")];
    expect(secrets.every(Boolean)).toBe(true);
    const places = { state: text, reported: stack.transcript.join("\n"), commands: commandOutputs.join("\n") };
    expect(places.reported.length).toBeGreaterThan(10_000);
    for (const [where, content] of Object.entries(places)) for (const s of secrets) expect(content.includes(s as string), `${s} in ${where}`).toBe(false);
    expect(text).toContain("ciphertext");
  });

  it("a provider error fails up with the vendor's message, keeps state consistent, and the next up converges", async () => {
    stack.setToken("wrong-token");
    stack.setConfig({ disabled: ["talkover"] });
    const failed = await stack.engine.up().catch((e: EngineError) => e);
    expect(failed).toBeInstanceOf(EngineError);
    expect((failed as EngineError).message).toContain("401 Missing Bearer Token");
    expect((failed as EngineError).message).not.toContain("wrong-token");
    expect(outputs("calls-ended").enabled).toBe(true);

    stack.setToken("sandbox-token");
    await injectFault(sb, { vendor: "talkover", method: "PUT", status: 422, body: { message: "The given data was invalid.", errors: { enabled: ["Webhooks of this agent are locked."] } } });
    const invalid = await stack.engine.up().catch((e: EngineError) => e);
    expect((invalid as EngineError).message).toContain("talkover: could not disable webhook \"calls-ended\": 422 The given data was invalid. enabled: Webhooks of this agent are locked.");

    const converged = await stack.engine.up();
    expect(byVendor(converged).talkover).toMatchObject({ op: "update", diffs: ["enabled"] });
    const talkover = await byHand(sb, "talkover", "GET", `/agents/${AGENT2}/webhooks/${outputs("calls-ended").webhookId}`);
    expect(talkover.body.data.enabled).toBe(false);
  });

  it("destroy leaves the vendors as the spec says (Shodai keeps disabled records), after a credential rotation", async () => {
    // Credentials are read at call time, never from state: rotating the token before destroy just works.
    await fetch(`${sb.url}/_sandbox/tokens`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ tokens: ["rotated-token"] }) });
    stack.setToken("rotated-token");
    const { result } = await measured(() => stack.engine.destroy());
    expect(result.summary.delete).toBeGreaterThanOrEqual(5);
    // The checks below call the vendors with the default token.
    await fetch(`${sb.url}/_sandbox/tokens`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ tokens: ["sandbox-token"] }) });
    const v = await vendorState();
    expect(v.polytomic).toEqual([]);
    expect(v.sigmamind).toEqual([]);
    expect(v.shodai.length).toBeGreaterThan(0);
    expect(v.shodai.every((s: { status: string }) => s.status === "disabled")).toBe(true);
    expect(v.autocalls.is_webhook_active).toBe(false);
    const agent2 = (await byHand(sb, "talkover", "GET", `/agents/${AGENT2}/webhooks`)).body.data.webhooks;
    expect([...v.talkover, ...agent2]).toEqual([]);
    expect(stack.engine.stateResources().filter((r) => r.custom)).toEqual([]);
  });
});

function outputsSecret(name: string): string | undefined {
  const value = outputs(name)?.signingSecret as { value?: string } | undefined;
  return value?.value;
}
