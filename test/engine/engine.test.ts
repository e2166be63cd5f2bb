/**
 * The test engine's own semantics that the example stack does not reach: ignoreChanges,
 * protect, stack outputs, and unknowns only during preview.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mark, requestsSince, start, type Sandbox } from "../helpers/sandbox";
import { ROOT } from "../helpers/stack";
import { plan } from "../../provider/gitops/commands";
import { engineSource } from "./event-source";
import { EngineError, TestEngine } from "./index";

let sb: Sandbox;
let dir: string;
let program: Record<string, string> = {};

const engine = () =>
  new TestEngine({
    projectDir: ROOT,
    program: "test/engine/fixtures/options",
    stack: "options",
    stateFile: join(dir, "state.json"),
    config: {
      "talkover:baseUrl": sb.baseUrls.talkover,
      "talkover:apiToken": { value: "sandbox-token", secret: true },
      ...Object.fromEntries(Object.entries(program).map(([k, v]) => [`pulumi-webhooks-example:${k}`, v])),
    },
  });

beforeAll(async () => {
  sb = await start();
  dir = mkdtempSync(join(tmpdir(), "pw-engine-"));
});
afterAll(async () => {
  await sb?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("test engine", () => {
  it("returns stack outputs; vendor outputs are unknown only in preview", async () => {
    const preview = await engine().preview();
    expect(preview.steps.map((s) => s.op)).toEqual(["create"]);
    expect(preview.outputs.webhookId).toBe("04da6b54-80e4-46f7-96ec-b56ff0331ba9");
    const up = await engine().up();
    expect(up.outputs.webhookId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("honours ignoreChanges", async () => {
    program = { url: "https://b.example.com/hook", ignore: JSON.stringify(["url"]) };
    expect((await engine().preview()).steps.map((s) => s.op)).toEqual(["same"]);
    program = { url: "https://b.example.com/hook" };
    const update = await engine().preview();
    expect(update.steps[0]).toMatchObject({ op: "update", diffs: ["url"], old: { url: "https://a.example.com/hook" }, new: { url: "https://b.example.com/hook" } });
  });

  it("a webhook no longer declared is deleted, and plan says so", async () => {
    program = { absent: "true" };
    const planned = await plan(engineSource(engine()), "text");
    expect(planned.output).toBe('Webhook changes: 1 webhook deleted (Talkover 1).\n  Talkover Webhook "guarded": delete');
    expect((await engine().preview()).steps.map((s) => [s.op, s.name])).toEqual([["delete", "guarded"]]);
    program = {};
  });

  it("honours protect for replace and destroy", async () => {
    program = { protect: "true" };
    await engine().up();
    program = { protect: "true", agentId: "5d0c3b1e-2f4a-4c6b-9e8d-7a1b2c3d4e5f" };
    await expect(engine().up()).rejects.toThrow(/cannot replace a protected resource \(agentId changed\)/);
    await expect(engine().destroy()).rejects.toThrow(/cannot delete a protected resource/);
    program = {};
    await engine().up();
    const destroyed = await engine().destroy();
    expect(destroyed.steps.filter((s) => s.op === "delete").length).toBeGreaterThanOrEqual(1);
  });

  it("a failed operation rejects with the partial result", async () => {
    program = { url: "not a url" };
    const since = await mark(sb);
    const error = await engine().up().catch((e: EngineError) => e);
    expect(await requestsSince(sb, since)).toEqual([]);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).message).toContain("url: must be an absolute http:// or https:// URL");
    expect((error as EngineError).result.events.some((e) => e.diagnosticEvent?.severity === "error")).toBe(true);
  });
});
