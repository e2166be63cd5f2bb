/**
 * Two Talkover accounts in one stack on the real engine: the default account and account
 * "eu", each behind its own sandbox that accepts only its own token, configured the way the
 * README says (`pulumi config set --secret talkover:apiToken-eu …`). `up` makes one webhook
 * in each; moving one to the other account replaces it; each account's token rotates on
 * its own (a 401 before `pulumi up` records the new one names the key to fix); destroy
 * removes both.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Several engine runs per test on a shared 2-core machine.
const SLOW = 240_000;
import { createStack, PulumiError, type RealStack } from "../helpers/real-stack";
import { start, type Sandbox } from "../helpers/sandbox";

const AGENT = "9fbef0b7-8d4e-4a08-9207-66c22155721d";
const TOKEN = { home: "talq_home-token-4d1a", eu: "talq_eu-token-8c2b", euRotated: "talq_eu-token-rotated-51e0", homeRotated: "talq_home-token-rotated-77aa" };
const ALL_TOKENS = Object.values(TOKEN);
let home: Sandbox;
let eu: Sandbox;
let stack: RealStack;
const current = { home: TOKEN.home, eu: TOKEN.eu };

/** The agent's webhooks at one account, asked with that account's current token. */
async function webhooks(sb: Sandbox, token: string): Promise<{ id: string; name: string }[]> {
  const res = await fetch(`${sb.baseUrls.talkover}/agents/${AGENT}/webhooks`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: { webhooks: { id: string; name: string }[] } }).data.webhooks;
}
const names = async (sb: Sandbox, token: string) => (await webhooks(sb, token)).map((w) => w.name).sort();
const hooks = (r: { steps: { type: string; name: string; op: string }[] }) =>
  Object.fromEntries(r.steps.filter((s) => s.type === "pulumi-nodejs:dynamic/talkover:Webhook").map((s) => [s.name, s.op]));

async function rotate(sb: Sandbox, token: string): Promise<void> {
  const res = await fetch(`${sb.url}/_sandbox/tokens`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ tokens: [token] }) });
  expect(res.status).toBeLessThan(300);
}

beforeAll(async () => {
  home = await start({ tokens: [TOKEN.home] });
  eu = await start({ tokens: [TOKEN.eu] });
  stack = await createStack({ program: join(__dirname, "fixtures", "accounts", "index.ts"), stackName: "accounts" });
  // Literally as the README tells users to configure a second account.
  for (const args of [
    ["talkover:baseUrl", home.baseUrls.talkover],
    ["--secret", "talkover:apiToken", TOKEN.home],
    ["talkover:baseUrl-eu", eu.baseUrls.talkover],
    ["--secret", "talkover:apiToken-eu", TOKEN.eu],
  ]) await stack.cli(["config", "set", ...args, "--stack", stack.name]);
});
afterAll(async () => {
  await home?.close();
  await eu?.close();
  stack?.cleanup();
});

describe("two Talkover accounts in one stack", () => {
  it("up creates one webhook at each account, with each account's own token; no token in config, state or engine output", async () => {
    const up = await stack.up();
    expect(hooks(up)).toEqual({ home: "create", eu: "create" });
    expect(await names(home, current.home)).toEqual(["home"]);
    expect(await names(eu, current.eu)).toEqual(["eu"]);
    const state = await stack.state();
    const euState = state.find((r) => r.urn.endsWith("::eu"))!;
    expect(euState.inputs.account).toBe("eu");
    expect(euState.outputs.account).toBe("eu");
    expect(state.find((r) => r.urn.endsWith("::home"))!.inputs.account).toBeUndefined();

    const config = readFileSync(join(stack.workDir, `Pulumi.${stack.name}.yaml`), "utf8");
    expect(config).toContain("talkover:apiToken-eu:\n    secure:");
    const written = [config, readFileSync(stack.stateFile, "utf8"), stack.transcript.join("\n")].join("\n");
    for (const token of ALL_TOKENS) expect(written.includes(token), token).toBe(false);
  }, SLOW);

  it("changing a webhook's account replaces it: made at the new account, deleted at the old one", async () => {
    await stack.setConfig({ homeAccount: "eu" });
    expect(hooks(await stack.up())).toEqual({ home: "replace", eu: "same" });
    expect(await names(home, current.home)).toEqual([]);
    expect(await names(eu, current.eu)).toEqual(["eu", "home"]);

    await stack.setConfig({ homeAccount: undefined });
    expect(hooks(await stack.up())).toEqual({ home: "replace", eu: "same" });
    expect(await names(home, current.home)).toEqual(["home"]);
    expect(await names(eu, current.eu)).toEqual(["eu"]);
  }, SLOW);

  it("each account's token rotates on its own; until `pulumi up` records it, the 401 names that account's key and variable", async () => {
    await rotate(eu, TOKEN.euRotated);
    current.eu = TOKEN.euRotated;
    await stack.cli(["config", "set", "--secret", "talkover:apiToken-eu", TOKEN.euRotated, "--stack", stack.name]);
    // Refresh configures the provider from the config recorded at the last up: the old eu token.
    const stale = await stack.refresh().catch((e: PulumiError) => e);
    expect(stale).toBeInstanceOf(PulumiError);
    const message = (stale as PulumiError).message;
    expect(message).toContain("401");
    expect(message).toContain('check the API token for account "eu": config key talkover:apiToken-eu');
    expect(message).toContain("or environment variable TALKOVER_API_TOKEN_EU");
    expect(message).toContain("run `pulumi up` once");
    for (const token of ALL_TOKENS) expect(message.includes(token), token).toBe(false);

    // `pulumi up` records the new token without touching either webhook; then refresh sees both.
    expect(hooks(await stack.up())).toEqual({ home: "same", eu: "same" });
    expect(hooks(await stack.refresh())).toEqual({ home: "same", eu: "same" });

    // The default account rotates the same way, independently of "eu".
    await rotate(home, TOKEN.homeRotated);
    current.home = TOKEN.homeRotated;
    await stack.cli(["config", "set", "--secret", "talkover:apiToken", TOKEN.homeRotated, "--stack", stack.name]);
    expect(hooks(await stack.up())).toEqual({ home: "same", eu: "same" });
    // Destroy (next) configures from that record too, so it proves the new default token is used.
    const written = [readFileSync(stack.stateFile, "utf8"), stack.transcript.join("\n")].join("\n");
    for (const token of ALL_TOKENS) expect(written.includes(token), token).toBe(false);
  }, SLOW);

  it("destroy removes the webhook at each account", async () => {
    expect(hooks(await stack.destroy())).toEqual({ home: "delete", eu: "delete" });
    expect(await webhooks(home, current.home)).toEqual([]);
    expect(await webhooks(eu, current.eu)).toEqual([]);
    expect((await stack.state()).filter((r) => r.custom)).toEqual([]);
  }, SLOW);
});
