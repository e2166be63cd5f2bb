/**
 * Credentials as the README tells users to set them: `pulumi config set --secret
 * <vendor>:<key> …`, run literally with the real CLI, reach each vendor's provider — each
 * vendor behind its own sandbox that accepts only that vendor's token, so a credential sent
 * to the wrong vendor fails — and stay out of plaintext in the stack config and state.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createStack, PulumiError, type RealStack } from "../helpers/real-stack";
import { start, type Sandbox } from "../helpers/sandbox";
import { CREDENTIAL_KEYS } from "../helpers/stack";

const VENDORS = Object.keys(CREDENTIAL_KEYS);
const token = (vendor: string) => `${vendor}-only-token-7f3a`;
const sandboxes: Record<string, Sandbox> = {};
let stack: RealStack;

beforeAll(async () => {
  for (const v of VENDORS) sandboxes[v] = await start({ tokens: [token(v)] });
  stack = await createStack({ stackName: "credentials" });
  for (const v of VENDORS) {
    await stack.cli(["config", "set", `${v}:baseUrl`, sandboxes[v].baseUrls[v as keyof Sandbox["baseUrls"]], "--stack", stack.name]);
    await stack.cli(["config", "set", "--secret", CREDENTIAL_KEYS[v], token(v), "--stack", stack.name]);
  }
});
afterAll(async () => {
  for (const sb of Object.values(sandboxes)) await sb.close();
  stack?.cleanup();
});

it("each vendor gets its own credential from `pulumi config set --secret`, with no environment variable set", async () => {
  for (const k of Object.keys(process.env)) expect(k).not.toMatch(/^(TALKOVER|POLYTOMIC|SHODAI|SIGMAMIND|AUTOCALLS)_/);
  const up = await stack.up();
  expect(up.steps.filter((s) => s.type.startsWith("pulumi-nodejs:dynamic/")).map((s) => s.op)).toEqual(["create", "create", "create", "create", "create"]);
  const config = readFileSync(`${stack.workDir}/Pulumi.${stack.name}.yaml`, "utf8");
  const state = readFileSync(stack.stateFile, "utf8");
  for (const v of VENDORS) {
    expect(config).toContain(`${CREDENTIAL_KEYS[v]}:\n    secure:`);
    expect(config.includes(token(v)), `${v} token in stack config`).toBe(false);
    expect(state.includes(token(v)), `${v} token in state`).toBe(false);
    expect(stack.transcript.join("\n").includes(token(v)), `${v} token in engine output`).toBe(false);
  }
});

it("a missing credential fails that vendor's operations with a message naming the config key; the other vendors go ahead", async () => {
  await stack.cli(["config", "rm", CREDENTIAL_KEYS.talkover, "--stack", stack.name]);
  const failed = await stack.destroy({ runProgram: true }).catch((e: PulumiError) => e);
  expect(failed).toBeInstanceOf(PulumiError);
  expect((failed as PulumiError).message).toContain("talkover: no API token configured: run `pulumi config set --secret talkover:apiToken <value>` or set the environment variable TALKOVER_API_TOKEN");
  await stack.cli(["config", "set", "--secret", CREDENTIAL_KEYS.talkover, token("talkover"), "--stack", stack.name]);
  const destroyed = await stack.destroy({ runProgram: true });
  expect(destroyed.steps.filter((s) => s.type.startsWith("pulumi-nodejs:dynamic/") && s.op === "delete").length).toBeGreaterThanOrEqual(1);
  expect((await stack.state()).filter((r) => r.custom)).toEqual([]);
});
