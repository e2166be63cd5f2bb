/**
 * Resource options and failure paths on the real engine, with a one-webhook program
 * (fixtures/options): ignoreChanges, protect, a webhook removed from the program, and a
 * value `check` rejects before any vendor request.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changedInputs, createStack, PulumiError, type RealStack } from "../helpers/real-stack";
import { mark, requestsSince, start, type Sandbox } from "../helpers/sandbox";

let sb: Sandbox;
let stack: RealStack;
const hook = (r: { steps: { type: string; op: string; name: string }[] }) => r.steps.filter((s) => s.type === "pulumi-nodejs:dynamic/talkover:Webhook");

beforeAll(async () => {
  sb = await start();
  stack = await createStack({
    program: join(__dirname, "fixtures", "options", "index.ts"),
    stackName: "options",
    config: { "talkover:baseUrl": sb.baseUrls.talkover, "talkover:apiToken": { value: "sandbox-token", secret: true } },
  });
});
afterAll(async () => {
  await sb?.close();
  stack?.cleanup();
});

describe("resource options on the real engine", () => {
  it("creates, and returns the vendor id as a stack output", async () => {
    const up = await stack.up();
    expect(hook(up).map((s) => s.op)).toEqual(["create"]);
    expect(up.outputs.webhookId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("honours ignoreChanges: no diff, no vendor request", async () => {
    await stack.setConfig({ url: "https://b.example.com/hook", ignore: JSON.stringify(["url"]) });
    const since = await mark(sb);
    expect(hook(await stack.preview()).map((s) => s.op)).toEqual(["same"]);
    expect(await requestsSince(sb, since)).toEqual([]);
    await stack.setConfig({ ignore: undefined });
    const update = hook(await stack.preview())[0];
    expect({ op: update.op, changed: changedInputs(update as never) }).toEqual({ op: "update", changed: ["url"] });
  });

  it("a webhook no longer declared is deleted, and plan says so", async () => {
    await stack.setConfig({ url: undefined, absent: "true" });
    const planned = await stack.command("plan", "text");
    expect(planned.output).toBe('Webhook changes: 1 webhook deleted (Talkover 1).\n  Talkover Webhook "guarded": delete');
    expect(hook(await stack.preview()).map((s) => [s.op, s.name])).toEqual([["delete", "guarded"]]);
    await stack.setConfig({ absent: undefined });
  });

  it("honours protect for replace and destroy", async () => {
    await stack.setConfig({ protect: "true" });
    await stack.up();
    await stack.setConfig({ agentId: "5d0c3b1e-2f4a-4c6b-9e8d-7a1b2c3d4e5f" });
    await expect(stack.up()).rejects.toThrow(/protect/);
    await expect(stack.destroy()).rejects.toThrow(/protect/);
    await stack.setConfig({ protect: undefined, agentId: undefined });
    await stack.up();
  });

  it("a value check rejects fails up before any vendor request, with the property named", async () => {
    await stack.setConfig({ url: "not a url" });
    const since = await mark(sb);
    const error = await stack.up().catch((e: PulumiError) => e);
    expect(await requestsSince(sb, since)).toEqual([]);
    expect(error).toBeInstanceOf(PulumiError);
    // The engine words check failures itself: "property url value {not a url} has a problem: …".
    expect((error as PulumiError).message).toMatch(/property url value \{not a url\} has a problem: must be an absolute http:\/\/ or https:\/\/ URL/);
    expect((error as PulumiError).result.events.some((e) => e.diagnosticEvent?.severity === "error")).toBe(true);
    await stack.setConfig({ url: undefined });
  });

  it("a secret input that fails check is not printed", async () => {
    const secret = `s3cr3t-${"x".repeat(300)}`;
    await stack.setConfig({ secret: { value: secret, secret: true } });
    const error = await stack.up().catch((e: PulumiError) => e);
    expect(error).toBeInstanceOf(PulumiError);
    expect((error as PulumiError).message).toMatch(/property secret value .* has a problem/);
    expect((error as PulumiError).message).not.toContain("s3cr3t");
    expect(stack.transcript.join("\n")).not.toContain("s3cr3t");
    await stack.setConfig({ secret: undefined });
    const destroyed = await stack.destroy();
    expect(hook(destroyed).map((s) => s.op)).toEqual(["delete"]);
  });
});
