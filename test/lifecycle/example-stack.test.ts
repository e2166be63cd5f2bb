/**
 * The example stack (one webhook per vendor) on the real Pulumi engine against the sandbox:
 * what `pulumi preview / up / refresh / destroy` do to the vendors, and what
 * `pulumi-webhooks plan|drift` (production commands over the Automation API) report. The
 * steps run in order and share one stack.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changedInputs, PulumiError, type RunResult } from "../helpers/real-stack";
import { byHand, calls, injectFault, mark, requestsSince, start, type Sandbox } from "../helpers/sandbox";
import { exampleStack, type ExampleStack } from "../helpers/stack";

let sb: Sandbox;
let stack: ExampleStack;
const commandOutputs: string[] = [];
const VENDORS = ["talkover", "polytomic", "shodai", "sigmamind", "autocalls"];
const AGENT2 = "5d0c3b1e-2f4a-4c6b-9e8d-7a1b2c3d4e5f";
const ORG2 = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

beforeAll(async () => {
  sb = await start();
  stack = await exampleStack(sb);
});
afterAll(async () => {
  await sb?.close();
  stack?.cleanup();
});

const webhookSteps = (r: RunResult) => r.steps.filter((s) => s.type.startsWith("pulumi-nodejs:dynamic/"));
const byVendor = (r: RunResult) => Object.fromEntries(webhookSteps(r).map((s) => [s.type.split("/")[1].split(":")[0], s]));
const outputs = async (name: string) => (await stack.state()).find((r) => r.urn.endsWith(`::${name}`))!.outputs;

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
    const { result } = await measured(() => stack.up());
    expect(webhookSteps(result).map((s) => s.op)).toEqual(["create", "create", "create", "create", "create"]);
    expect(result.summary).toMatchObject({ create: 6 }); // the five and the stack itself
    const v = await vendorState();
    expect(v.talkover).toHaveLength(1);
    expect(v.polytomic).toHaveLength(1);
    expect(v.shodai.filter((s: { status: string }) => s.status === "active")).toHaveLength(1);
    expect(v.sigmamind).toHaveLength(1);
    expect(v.autocalls).toMatchObject({ is_webhook_active: true, webhook_url: "https://hooks.example.com/autocalls" });
  });

  it("then preview shows no changes and makes no vendor request", async () => {
    const { result, requests } = await measured(() => stack.preview());
    expect(webhookSteps(result).map((s) => s.op)).toEqual(["same", "same", "same", "same", "same"]);
    expect(requests).toEqual([]);
  });

  it("and a preview-only refresh shows no drift, with reads only", async () => {
    const { result, requests } = await measured(() => stack.refresh({ previewOnly: true }));
    expect(webhookSteps(result).filter((s) => s.op !== "same")).toEqual([]);
    expect(requests.every((r) => r.method === "GET")).toBe(true);
    expect(requests.length).toBeLessThanOrEqual(5 + 2); // one read each; Autocalls lists pages (3 of 100)
  });

  it("disabling each webhook is an in-place update of enabled with exactly the vendor call the spec names", async () => {
    await stack.setConfig({ disabled: JSON.stringify(VENDORS) });
    const preview = await stack.preview();
    for (const s of webhookSteps(preview)) expect({ name: s.name, op: s.op, changed: changedInputs(s) }).toEqual({ name: s.name, op: "update", changed: ["enabled"] });
    // What `pulumi preview --diff` prints for a disable: an in-place update of one property.
    expect(preview.stdout.match(/~ enabled\s*: true => false/g)).toHaveLength(5 + 5); // resources, then stack outputs
    expect(preview.stdout).toContain("~ 5 to update");

    const planned = await stack.command("plan", "markdown");
    commandOutputs.push(planned.output, (await stack.command("plan", "json")).output);
    expect(planned.output).toContain("**5 webhooks turned off (Talkover 1, Polytomic 1, Shodai 1, SigmaMind 1, Autocalls 1).**");

    const sigmamindBefore = (await outputs("conversations")).webhookId;
    const ids = { shodai: (await outputs("agreements")).subscriptionId, polytomic: (await outputs("org-events")).webhookId, talkover: (await outputs("calls-ended")).webhookId };
    const { result, requests } = await measured(() => stack.up());
    expect(webhookSteps(result).map((s) => s.op)).toEqual(["update", "update", "update", "update", "update"]);
    expect(calls(requests).sort()).toEqual([
      `DELETE /v1/webhooks/${sigmamindBefore}`,
      `PATCH /v0/webhooks/${ids.shodai}`,
      `POST /api/webhooks/${ids.polytomic}/disable`,
      "POST /user/assistants/disable-webhook",
      `PUT /agents/9fbef0b7-8d4e-4a08-9207-66c22155721d/webhooks/${ids.talkover}`,
    ].sort());
    const v = await vendorState();
    expect(v.talkover[0].enabled).toBe(false);
    expect(v.polytomic[0].disabled).toBe(true);
    expect(v.shodai[0].status).toBe("disabled");
    expect(v.sigmamind).toEqual([]);
    expect(v.autocalls).toMatchObject({ is_webhook_active: false, webhook_url: null });
  });

  it("re-enabling restores each one", async () => {
    await stack.setConfig({ disabled: "[]" });
    const planned = await stack.command("plan", "text");
    commandOutputs.push(planned.output);
    expect(planned.output.split("\n")[0]).toBe("Webhook changes: 5 webhooks turned on (Talkover 1, Polytomic 1, Shodai 1, SigmaMind 1, Autocalls 1).");
    const { result, requests } = await measured(() => stack.up());
    expect(webhookSteps(result).map((s) => s.op)).toEqual(["update", "update", "update", "update", "update"]);
    expect(requests).toHaveLength(5);
    const v = await vendorState();
    expect([v.talkover[0].enabled, v.polytomic[0].disabled, v.shodai[0].status, v.sigmamind.length, v.autocalls.is_webhook_active]).toEqual([true, false, "active", 1, true]);
    expect((await stack.preview()).steps.filter((s) => s.op !== "same")).toEqual([]);
  });

  it("refresh sees changes made by hand on the right property, drops the deleted one, and up restores", async () => {
    const talkoverId = (await outputs("calls-ended")).webhookId;
    const ids = { shodai: (await outputs("agreements")).subscriptionId, polytomic: (await outputs("org-events")).webhookId, sigmamind: (await outputs("conversations")).webhookId };
    await byHand(sb, "talkover", "PUT", `/agents/9fbef0b7-8d4e-4a08-9207-66c22155721d/webhooks/${talkoverId}`, { enabled: false });
    await byHand(sb, "shodai", "PATCH", `/v0/webhooks/${ids.shodai}`, { url: "https://elsewhere.example.com/x" });
    await byHand(sb, "polytomic", "DELETE", `/api/webhooks/${ids.polytomic}`);
    await byHand(sb, "autocalls", "POST", "/user/assistants/disable-webhook", { assistant_id: 1001 });
    await byHand(sb, "sigmamind", "DELETE", `/v1/webhooks/${ids.sigmamind}`);

    const found = await stack.command("drift", "text");
    commandOutputs.push(found.output, (await stack.command("drift", "json")).output);
    expect(found.exitCode).toBe(2);
    expect(found.output).toContain('Talkover webhook "calls-ended" disabled by hand (enabled: true → false)');
    expect(found.output).toContain('Shodai webhook subscription "agreements" changed by hand (url: https://hooks.example.com/shodai → https://elsewhere.example.com/x)');
    expect(found.output).toContain('Polytomic webhook "org-events" deleted outside Pulumi');
    expect(found.output).toContain('Autocalls assistant webhook "support-line" disabled by hand (enabled: true → false)');
    expect(found.output).toContain('SigmaMind webhook "conversations" deleted outside Pulumi');
    expect(found.output.split("\n")[0]).toBe("Drift: 3 webhooks changed outside Pulumi, 2 webhooks deleted outside Pulumi.");

    const refreshed = await stack.refresh();
    expect(byVendor(refreshed).polytomic.op).toBe("delete");
    expect(byVendor(refreshed).talkover.op).toBe("update");
    expect(changedInputs(byVendor(refreshed).talkover)).toEqual(["enabled"]);
    expect((await stack.state()).some((r) => r.urn.endsWith("::org-events"))).toBe(false);

    const recreate = await stack.command("plan", "text");
    commandOutputs.push(recreate.output);
    expect(recreate.output.split("\n")[0]).toBe("Webhook changes: 2 webhooks turned on (Talkover 1, Autocalls 1), 2 webhooks created (Polytomic 1, SigmaMind 1), 1 webhook updated (Shodai 1).");
    const restored = await stack.up();
    expect(webhookSteps(restored).map((s) => s.op).sort()).toEqual(["create", "create", "update", "update", "update"]);
    expect((await stack.command("drift", "text")).exitCode).toBe(0);
  });

  it("replace fields replace, without a delivery gap where the vendor allows one", async () => {
    const oldTalkover = (await outputs("calls-ended")).webhookId;
    const oldPolytomic = (await outputs("org-events")).webhookId;
    const oldSigmamind = (await outputs("conversations")).webhookId;
    await stack.setConfig({ talkoverAgentId: AGENT2, polytomicOrganizationId: ORG2, hooksBaseUrl: "https://hooks2.example.com" });
    const preview = await stack.preview();
    const planned = await stack.command("plan", "markdown");
    commandOutputs.push(planned.output);
    expect(planned.output).toContain("**3 webhooks replaced (Talkover 1, Polytomic 1, SigmaMind 1), 2 webhooks updated (Shodai 1, Autocalls 1).**");
    expect(planned.output).toContain("| Polytomic | `org-events` | 🔁 **replace (organizationId changed)** |");
    expect(byVendor(preview).talkover).toMatchObject({ op: "replace", replaces: ["agentId"] });
    expect(byVendor(preview).polytomic).toMatchObject({ op: "replace", replaces: ["organizationId"] });
    expect(byVendor(preview).sigmamind).toMatchObject({ op: "replace", replaces: ["url"] });
    expect(byVendor(preview).shodai.op).toBe("update");

    const { requests } = await measured(() => stack.up());
    const order = calls(requests);
    const at = (c: string) => order.findIndex((x) => x.startsWith(c));
    // Talkover and SigmaMind: the new webhook exists before the old one goes.
    expect(at(`POST /agents/${AGENT2}/webhooks`)).toBeLessThan(at(`DELETE /agents/9fbef0b7-8d4e-4a08-9207-66c22155721d/webhooks/${oldTalkover}`));
    expect(at("POST /v1/webhooks")).toBeLessThan(at(`DELETE /v1/webhooks/${oldSigmamind}`));
    // Polytomic allows one per organization: delete first.
    expect(at(`DELETE /api/webhooks/${oldPolytomic}`)).toBeLessThan(at("POST /api/webhooks"));
    expect((await byHand(sb, "polytomic", "GET", "/api/webhooks")).body.data.map((w: { organization_id: string }) => w.organization_id)).toEqual([ORG2]);
  });

  it("no credential or signing secret appears in plaintext: state file, stack config, engine events, CLI output, errors, plan/drift output", async () => {
    const text = readFileSync(stack.stateFile, "utf8");
    const revealed = await stack.state({ showSecrets: true });
    const secretOf = (name: string) => revealed.find((r) => r.urn.endsWith(`::${name}`))!.outputs.signingSecret as string;
    const secrets = ["sandbox-token", "sandbox-signing-secret", "sandbox-secret-1", secretOf("agreements"), secretOf("conversations")];
    expect(secrets.every(Boolean)).toBe(true);
    const config = readFileSync(`${stack.workDir}/Pulumi.${stack.name}.yaml`, "utf8");
    expect(config).toContain("secure:");
    const places = { state: text, config, reported: stack.transcript.join("\n"), commands: commandOutputs.join("\n") };
    expect(places.reported.length).toBeGreaterThan(10_000);
    for (const [where, content] of Object.entries(places)) for (const s of secrets) expect(content.includes(s as string), `${s} in ${where}`).toBe(false);
    expect(text).toContain("ciphertext");
  });

  it("a provider error fails up with the vendor's message, keeps state consistent, and the next up converges", async () => {
    await stack.setToken("wrong-token");
    await stack.setConfig({ disabled: JSON.stringify(["talkover"]) });
    const failed = await stack.up().catch((e: PulumiError) => e);
    expect(failed).toBeInstanceOf(PulumiError);
    expect((failed as PulumiError).message).toContain("401 Missing Bearer Token");
    expect((failed as PulumiError).message).not.toContain("wrong-token");
    expect((await outputs("calls-ended")).enabled).toBe(true);

    await stack.setToken("sandbox-token");
    await injectFault(sb, { vendor: "talkover", method: "PUT", status: 422, body: { message: "The given data was invalid.", errors: { enabled: ["Webhooks of this agent are locked."] } } });
    const invalid = await stack.up().catch((e: PulumiError) => e);
    expect(invalid).toBeInstanceOf(PulumiError);
    expect((invalid as PulumiError).message).toContain("talkover: could not disable webhook \"calls-ended\": 422 The given data was invalid. enabled: Webhooks of this agent are locked.");

    const converged = await stack.up();
    expect(byVendor(converged).talkover.op).toBe("update");
    expect(changedInputs(byVendor(converged).talkover)).toEqual(["enabled"]);
    const talkover = await byHand(sb, "talkover", "GET", `/agents/${AGENT2}/webhooks/${(await outputs("calls-ended")).webhookId}`);
    expect(talkover.body.data.enabled).toBe(false);
  });

  it("after a credential rotation, drift uses the new credential; destroy uses the one recorded at the last up until `pulumi up` records the new one", async () => {
    // The engine configures a provider for refresh and destroy from the inputs it recorded in
    // state at the last `up` (encrypted), unless the program runs. pulumi-webhooks drift runs it.
    await fetch(`${sb.url}/_sandbox/tokens`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ tokens: ["rotated-token"] }) });
    await stack.setToken("rotated-token");
    expect((await stack.command("drift", "text")).exitCode).toBe(0);
    const stale = await stack.destroy().catch((e: PulumiError) => e);
    expect(stale).toBeInstanceOf(PulumiError);
    expect((stale as PulumiError).message).toMatch(/401/);
    expect((await stack.state()).filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"))).toHaveLength(5);

    // `pulumi up` records the new credential (no webhook changes, no vendor request); then destroy works.
    const { requests: upRequests } = await measured(() => stack.up());
    expect(upRequests).toEqual([]);
    const { result } = await measured(() => stack.destroy());
    expect(webhookSteps(result).map((s) => s.op)).toEqual(["delete", "delete", "delete", "delete", "delete"]);
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
    expect((await stack.state()).filter((r) => r.custom)).toEqual([]);
  });
});
