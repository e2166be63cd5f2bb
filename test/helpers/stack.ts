/** The example stack (Pulumi.yaml → examples/) on the test engine, pointed at a sandbox. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { EngineError, TestEngine, type RunResult } from "../engine/index";
import type { Sandbox } from "./sandbox";

export const ROOT = resolve(__dirname, "../..");

export interface TestStack {
  engine: TestEngine;
  /** Everything the engine reported (events, diagnostics, errors) across runs, for secret scans. */
  transcript: string[];
  stateFile: string;
  /** Program config of the example (talkoverAgentId, disabled, hooksBaseUrl, …). */
  setConfig(values: Record<string, unknown>): void;
  /** The credential every vendor gets from stack config. */
  setToken(token: string): void;
  cleanup(): void;
}

export function exampleStack(sb: Sandbox, opts: { token?: string } = {}): TestStack {
  const dir = mkdtempSync(join(tmpdir(), "pw-stack-"));
  const stateFile = join(dir, "state.json");
  let program: Record<string, unknown> = {};
  let token = opts.token ?? "sandbox-token";
  const make = () => {
    const config: Record<string, string | { value: string; secret?: boolean }> = {};
    for (const [vendor, url] of Object.entries(sb.baseUrls)) {
      config[`${vendor}:baseUrl`] = url;
      const key = vendor === "talkover" || vendor === "autocalls" ? "apiToken" : "apiKey";
      config[`${vendor}:${key}`] = { value: token, secret: true };
    }
    for (const [k, v] of Object.entries(program)) if (v !== undefined) config[`pulumi-webhooks-example:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
    const engine = new TestEngine({ projectDir: ROOT, stack: "test", stateFile, passphrase: "lifecycle-test", config });
    for (const op of ["preview", "up", "refresh", "destroy"] as const) {
      const run = engine[op].bind(engine) as (o?: object) => Promise<RunResult>;
      (engine as unknown as Record<string, unknown>)[op] = async (o?: object) => {
        const record = (r: RunResult, error?: string) => stack.transcript.push(JSON.stringify({ events: r.events, diagnostics: r.diagnostics, error }));
        try {
          const result = await run(o);
          record(result);
          return result;
        } catch (err) {
          if (err instanceof EngineError) record(err.result, err.message);
          throw err;
        }
      };
    }
    return engine;
  };
  const stack: TestStack = {
    engine: undefined as unknown as TestEngine,
    transcript: [],
    stateFile,
    setConfig(values) {
      program = { ...program, ...values };
      stack.engine = make();
    },
    setToken(next) {
      token = next;
      stack.engine = make();
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
  stack.engine = make();
  return stack;
}
