/**
 * Closed sets (event names, delivery methods, authorization schemes, Shodai event types and
 * environments) are literal unions in the package's public .d.ts: a user program with a
 * typo'd name fails `tsc`. The fixture program (fixtures/typed-inputs/program.ts) is
 * type-checked against the built package by its name, as a user's project resolves it.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "../..");
const FIXTURE = join(__dirname, "fixtures", "typed-inputs");
const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");

async function tsc(project: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [TSC, "-p", project], { cwd: ROOT });
    return { code: 0, output: stdout };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

describe("typed inputs in the public .d.ts", () => {
  it("valid names compile, and every typo marked @ts-expect-error fails to compile", async () => {
    // An unused @ts-expect-error is an error itself: exit 0 means every marked line fails.
    const { code, output } = await tsc(join(FIXTURE, "tsconfig.json"));
    expect(output).toBe("");
    expect(code).toBe(0);
  }, 120_000);

  it("without the markers, tsc names each typo'd value", async () => {
    mkdirSync(join(ROOT, ".pulumi-test"), { recursive: true });
    const dir = mkdtempSync(join(ROOT, ".pulumi-test", "typed-"));
    try {
      const program = readFileSync(join(FIXTURE, "program.ts"), "utf8").replace(/^\/\/ @ts-expect-error.*\n/gm, "");
      writeFileSync(join(dir, "program.ts"), program);
      writeFileSync(join(dir, "tsconfig.json"), readFileSync(join(FIXTURE, "tsconfig.json"), "utf8"));
      const { code, output } = await tsc(join(dir, "tsconfig.json"));
      expect(code).not.toBe(0);
      const errors = output.split("\n").filter((line) => line.includes("error TS"));
      expect(errors).toHaveLength(8);
      for (const typo of ['"event_phone_call_endd"', "'string'", '"GET"', '"oauth"', "event_nope", '"conversation_analyzed"', '"agreement.created"', '"staging"']) {
        expect(errors.some((e) => e.includes(typo)), `${typo} in ${output}`).toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
