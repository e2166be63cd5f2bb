/**
 * `pulumi-webhooks plan` / `drift` on the real engine, for the cases where comparing what
 * the events display is not enough: a secret-only change, a create whose follow-up call
 * failed, a secret rotated by hand; `drift --fix`; several stacks in one report; one-line
 * errors. Two stacks of the example project share one backend and one sandbox.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PulumiError } from "../helpers/real-stack";
import { byHand, calls, injectFault, mark, requestsSince, start, type Sandbox } from "../helpers/sandbox";
import { exampleStack, type ExampleStack } from "../helpers/stack";

let sb: Sandbox;
let a: ExampleStack;
let b: ExampleStack;
const TALKOVER_AGENT = "9fbef0b7-8d4e-4a08-9207-66c22155721d";
const ORG2 = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
const id = async (stack: ExampleStack, name: string, key: string) => (await stack.state()).find((r) => r.urn.endsWith(`::${name}`))!.outputs[key] as string;

beforeAll(async () => {
  sb = await start();
  a = await exampleStack(sb, { stackName: "alpha" });
  b = await exampleStack(sb, { stackName: "beta", sibling: a });
  // Beta is a second copy of the example: Polytomic allows one webhook per organization and
  // Autocalls one per assistant, so it uses the other organization and assistant.
  await b.setConfig({ polytomicOrganizationId: ORG2, autocallsAssistantId: "1002", hooksBaseUrl: "https://beta.example.com" });
  await a.up();
});
afterAll(async () => {
  await sb?.close();
  a?.cleanup();
});

describe("plan and drift on the real engine", () => {
  it("a create whose follow-up call failed: up fails, plan shows the convergence, the next up converges", async () => {
    await b.setConfig({ disabled: JSON.stringify(["shodai"]) });
    await injectFault(sb, { vendor: "shodai", method: "PATCH", status: 422, body: { error: { code: "invalid", message: "Subscription is locked." } } });
    const failed = await b.up().catch((e: PulumiError) => e);
    expect(failed).toBeInstanceOf(PulumiError);
    const planned = await b.command("plan", "text");
    expect(planned.output).toBe('Webhook changes: 1 webhook turned off (Shodai 1).\n  Shodai WebhookSubscription "agreements": disable — enabled: true → false');
    const since = await mark(sb);
    await b.up();
    expect(calls(await requestsSince(sb, since))).toEqual([`PATCH /v0/webhooks/${await id(b, "agreements", "subscriptionId")}`]);
    expect((await b.command("plan", "text")).output).toBe("Webhook changes: No webhook changes.");
  });

  it("a secret-only change is a row in plan, with the value hidden", async () => {
    await a.setConfig({ polytomicWebhookSecret: { value: "rotated-secret-2", secret: true } });
    const planned = await a.command("plan", "text");
    expect(planned.output).toBe('Webhook changes: 1 webhook updated (Polytomic 1).\n  Polytomic Webhook "org-events": update — secret: changed (value hidden)');
    const markdown = await a.command("plan", "markdown");
    expect(markdown.output).toContain("**1 webhook updated (Polytomic 1).**");
    expect(markdown.output).toContain("| Polytomic | `org-events` | ✏️ **update** | `secret`: changed (value hidden) |");
    expect(markdown.output).not.toContain("rotated-secret-2");
    const since = await mark(sb);
    await a.up();
    expect(calls(await requestsSince(sb, since))).toEqual([`PUT /api/webhooks/${await id(a, "org-events", "webhookId")}`]);
  });

  it("a secret changed by hand is drift, with the value hidden", async () => {
    const hook = await id(a, "org-events", "webhookId");
    await byHand(sb, "polytomic", "PUT", `/api/webhooks/${hook}`, { endpoint: "https://hooks.example.com/polytomic", secret: "attacker-secret" });
    const found = await a.command("drift", "text");
    expect(found.exitCode).toBe(2);
    expect(found.output).toContain('Polytomic webhook "org-events" changed by hand (secret: changed (value hidden))');
    expect(found.output).not.toContain("attacker-secret");
  });

  it("drift --fix restores exactly the drifted webhooks, and the next drift is clean", async () => {
    await byHand(sb, "talkover", "PUT", `/agents/${TALKOVER_AGENT}/webhooks/${await id(a, "calls-ended", "webhookId")}`, { enabled: false });
    const since = await mark(sb);
    const fixed = await a.command("drift", "text", { fix: true });
    expect(fixed.output).toContain("2 webhooks changed outside Pulumi");
    expect(fixed.output).toContain("Fixed: restored 2 webhooks to the declared state (calls-ended, org-events); no drift left.");
    expect(fixed.exitCode).toBe(0);
    const writes = calls(await requestsSince(sb, since)).filter((c) => !c.startsWith("GET "));
    expect(writes.sort()).toEqual([`PUT /agents/${TALKOVER_AGENT}/webhooks/${await id(a, "calls-ended", "webhookId")}`, `PUT /api/webhooks/${await id(a, "org-events", "webhookId")}`].sort());
    const polytomic = (await byHand(sb, "polytomic", "GET", `/api/webhooks/${await id(a, "org-events", "webhookId")}`)).body.data;
    expect(polytomic.secret).toBe("rotated-secret-2");
    expect((await a.command("drift", "text")).exitCode).toBe(0);
  });

  it("several stacks: one report, exit 2 when one drifted; an erroring stack gives exit 1 without hiding the others' drift", async () => {
    await b.up();
    await byHand(sb, "autocalls", "POST", "/user/assistants/disable-webhook", { assistant_id: 1002 });
    const both = await a.command("drift", "text", { stacks: ["alpha", "beta"] });
    expect(both.exitCode).toBe(2);
    expect(both.output).toContain("== stack alpha ==\nDrift: No drift: every webhook matches state.");
    expect(both.output).toContain('== stack beta ==\nDrift: 1 webhook changed outside Pulumi.\n  Autocalls assistant webhook "support-line" disabled by hand');

    const withMissing = await a.command("drift", "text", { stacks: ["alpha", "nope", "beta"] });
    expect(withMissing.exitCode).toBe(1);
    expect(withMissing.output).toContain('Autocalls assistant webhook "support-line" disabled by hand');
    const errorLines = withMissing.output.split("\n").filter((l) => l.includes('stack "nope"'));
    expect(errorLines).toEqual(['pulumi-webhooks drift failed for stack "nope": no stack named \'nope\' found']);
  });

  it("a failure of the CLI is one line: what failed, for which stack, the CLI's first error line", async () => {
    const missing = await a.command("plan", "text", { stacks: ["nope"] });
    expect(missing).toEqual({ output: "pulumi-webhooks plan failed for stack \"nope\": no stack named 'nope' found", exitCode: 1 });

    await b.setConfig({ hooksBaseUrl: "not a url" });
    const invalid = await b.command("plan", "text");
    expect(invalid.exitCode).toBe(1);
    expect(invalid.output.split("\n")).toHaveLength(1);
    expect(invalid.output).toMatch(/^pulumi-webhooks plan failed for stack "beta": .*property (url|endpoint) value \{not a url\/\w+\} has a problem: must be an absolute (http:\/\/ or )?https:\/\/ URL/);
  });
});
