/**
 * Several accounts per vendor: a resource names its account; the account's credential and
 * base URL come from `<vendor>:<key>-<account>` in stack config, then
 * `<VENDOR>_<KEY>_<ACCOUNT>` in the environment — never from inputs or state. The default
 * account (no name) reads the keys it always did, so state written before accounts works.
 */
import { createRequire } from "node:module";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { checked, created, providerFor, type Provider } from "../helpers/provider";
import { calls, fixtures, mark, requestsSince, start, type Sandbox } from "../helpers/sandbox";

const req = createRequire(import.meta.url);
const config = req("../../provider/dist/core/config.js") as typeof import("../../provider/core/config");

const TOKENS = { home: "home-token-1b2c", eu: "eu-token-9d8e" };
let home: Sandbox;
let eu: Sandbox;
let agent: string;

beforeAll(async () => {
  // Each sandbox accepts only its own account's token: a token sent to the wrong account fails.
  home = await start({ tokens: [TOKENS.home] });
  eu = await start({ tokens: [TOKENS.eu] });
  agent = (await fixtures(home)).talkover.agents[0].id;
});
afterAll(async () => {
  await home?.close();
  await eu?.close();
});

const twoAccounts = () => ({
  "talkover:apiToken": TOKENS.home,
  "talkover:baseUrl": home.baseUrls.talkover,
  "talkover:apiToken-eu": TOKENS.eu,
  "talkover:baseUrl-eu": eu.baseUrls.talkover,
});
const hook = (name: string, account?: string) => ({
  agentId: agent, name, url: `https://hooks.example.com/${name}`, events: ["event_phone_call_ended"], ...(account ? { account } : {}),
});

describe("the config keys and environment variables of an account", () => {
  const token = { configKey: "talkover:apiToken", envVar: "TALKOVER_API_TOKEN" };

  it("the default account reads the keys it always did; a named one appends -<account> and _<ACCOUNT>", () => {
    expect(config.forAccount(token)).toEqual(token);
    expect(config.forAccount(token, "eu")).toEqual({ configKey: "talkover:apiToken-eu", envVar: "TALKOVER_API_TOKEN_EU" });
    expect(config.forAccount({ configKey: "shodai:testnetBaseUrl", envVar: "SHODAI_TESTNET_BASE_URL" }, "second-org"))
      .toEqual({ configKey: "shodai:testnetBaseUrl-second-org", envVar: "SHODAI_TESTNET_BASE_URL_SECOND_ORG" });
  });

  it("stack config first, then the environment, each per account; a named account never borrows the default's", () => {
    const env = { TALKOVER_API_TOKEN: "env-home", TALKOVER_API_TOKEN_EU: "env-eu" };
    config.setStackConfig({ get: (k) => ({ "talkover:apiToken": "cfg-home" } as Record<string, string>)[k] });
    expect(config.lookupWithSource(token, env)).toEqual({ value: "cfg-home", source: "stack config" });
    expect(config.lookupWithSource(config.forAccount(token, "eu"), env)).toEqual({ value: "env-eu", source: "environment" });
    expect(config.lookup(config.forAccount(token, "us"), env)).toBeUndefined();
    config.setStackConfig(undefined);
  });

  it("each account has its own rate budget (kept per base URL + credential); two names for one credential share one", () => {
    const api = req("../../provider/dist/vendors/talkover/api.js") as typeof import("../../provider/vendors/talkover/api");
    const values: Record<string, string> = { ...twoAccounts(), "talkover:apiToken-alias": TOKENS.home, "talkover:baseUrl-alias": home.baseUrls.talkover };
    config.setStackConfig({ get: (k) => values[k] });
    try {
      const [byDefault, byEu, byAlias] = [api.talkoverClient(), api.talkoverClient("eu"), api.talkoverClient("alias")];
      expect(byEu.account).not.toBe(byDefault.account);
      expect(byAlias.account).toBe(byDefault.account);
    } finally {
      config.setStackConfig(undefined);
    }
  });
});

describe("two Talkover accounts in one provider process", () => {
  let provider: Provider;
  beforeAll(async () => {
    provider = await providerFor("talkover", twoAccounts());
  });

  it("each webhook goes to its account with its account's token, through create, read, update and delete", async () => {
    const [sinceHome, sinceEu] = [await mark(home), await mark(eu)];
    const a = await created(provider, hook("home-hook"));
    const b = await created(provider, hook("eu-hook", "eu"));
    expect(a.outs.account).toBeUndefined();
    expect(b.outs.account).toBe("eu");
    expect(calls(await requestsSince(home, sinceHome))).toEqual([`GET /agents/${agent}/webhooks`, `POST /agents/${agent}/webhooks`]);
    expect(calls(await requestsSince(eu, sinceEu))).toEqual([`GET /agents/${agent}/webhooks`, `POST /agents/${agent}/webhooks`]);

    const read = await provider.read(b.id, b.outs);
    expect(read.props).toMatchObject({ name: "eu-hook", account: "eu" });
    // Refreshed inputs keep the account, so a preview after refresh shows no change.
    expect(read.inputs).toMatchObject({ account: "eu" });
    const news = await checked(provider, { ...hook("eu-hook", "eu"), enabled: false }, b.outs);
    expect(await provider.diff(b.id, b.outs, news)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const since = await mark(eu);
    await provider.update(b.id, b.outs, news);
    expect(calls(await requestsSince(eu, since))).toEqual([`PUT /agents/${agent}/webhooks/${b.id}`]);

    await provider.delete(b.id, b.outs);
    await provider.delete(a.id, a.outs);
    expect((await provider.read(a.id, a.outs)).id).toBe("");
  });

  it("state written before accounts existed (no `account`) stays the default account: no diff, reads from the default keys", async () => {
    const a = await created(provider, hook("legacy"));
    const { account: _none, ...legacyOuts } = a.outs;
    expect("account" in legacyOuts).toBe(false);
    const news = await checked(provider, hook("legacy"), legacyOuts);
    expect(await provider.diff(a.id, legacyOuts, news)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect((await provider.read(a.id, legacyOuts)).props).toMatchObject({ name: "legacy" });
    await provider.delete(a.id, legacyOuts);
  });

  it("changing the account replaces the webhook, for every vendor", async () => {
    const a = await created(provider, hook("moving"));
    const news = await checked(provider, hook("moving", "eu"), a.outs);
    expect(await provider.diff(a.id, a.outs, news)).toEqual({ changes: true, replaces: ["account"], deleteBeforeReplace: false });
    await provider.delete(a.id, a.outs);
    const policies = ["talkover", "polytomic", "shodai", "sigmamind", "autocalls"].map((v) => req(`../../provider/dist/vendors/${v}/schema.js`)[`${v}Policy`]);
    for (const policy of policies) expect(policy.replaceOn).toContain("account");
  });

  it("check accepts lowercase names with single dashes and refuses others", async () => {
    for (const ok of ["eu", "second-org", "acme2"]) expect((await provider.check({}, hook("x", ok))).failures).toEqual([]);
    for (const bad of ["EU", "eu_west", "-eu", "eu--west", "", "x".repeat(41)]) {
      const { failures } = await provider.check({}, { ...hook("x"), account: bad });
      expect(failures?.map((f) => f.property), bad).toEqual(["account"]);
    }
  });
});

describe("what a user reads when an account is not set up", () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const k of Object.keys(process.env)) if (/^TALKOVER_/.test(k) && !(k in saved)) delete process.env[k];
  });

  it("a missing credential of a named account names its own key and variable, and sends nothing", async () => {
    const provider = await providerFor("talkover", { "talkover:apiToken": TOKENS.home, "talkover:baseUrl": home.baseUrls.talkover, "talkover:baseUrl-eu": eu.baseUrls.talkover });
    const since = await mark(eu);
    await expect(created(provider, hook("x", "eu"))).rejects.toThrow(
      'talkover: no API token configured for account "eu": run `pulumi config set --secret talkover:apiToken-eu <value>` or set the environment variable TALKOVER_API_TOKEN_EU',
    );
    expect(await requestsSince(eu, since)).toEqual([]);
  });

  it("the environment serves a named account when its config key is unset", async () => {
    process.env.TALKOVER_API_TOKEN_EU = TOKENS.eu;
    process.env.TALKOVER_BASE_URL_EU = eu.baseUrls.talkover;
    const provider = await providerFor("talkover", { "talkover:apiToken": TOKENS.home, "talkover:baseUrl": home.baseUrls.talkover });
    const b = await created(provider, hook("from-env", "eu"));
    expect((await provider.read(b.id, b.outs)).id).toBe(b.id);
    await provider.delete(b.id, b.outs);
  });

  it("a 401 names the config key and the variable of the account in use, and where the token came from — never the token", async () => {
    const wrong = await providerFor("talkover", { ...twoAccounts(), "talkover:apiToken-eu": "talq_stale-eu-token" });
    const error = String(await created(wrong, hook("x", "eu")).catch((e: Error) => e));
    expect(error).toContain("401");
    expect(error).toContain(
      'check the API token for account "eu": config key talkover:apiToken-eu (`pulumi config set --secret talkover:apiToken-eu <value>`) ' +
        "or environment variable TALKOVER_API_TOKEN_EU; the config key wins, and the one sent came from the stack config. " +
        "After rotating it, run `pulumi up` once: refresh and destroy use the config recorded at the last up",
    );
    expect(error).not.toContain("talq_stale-eu-token");

    process.env.TALKOVER_API_TOKEN_EU = "talq_env-token";
    const fromEnv = await providerFor("talkover", { "talkover:baseUrl-eu": eu.baseUrls.talkover });
    const envError = String(await created(fromEnv, hook("x", "eu")).catch((e: Error) => e));
    expect(envError).toContain("or environment variable TALKOVER_API_TOKEN_EU; the config key wins, and the one sent came from the environment");
    expect(envError).not.toContain("After rotating");
    expect(envError).not.toContain("talq_env-token");
  });
});

describe("a 401 from every vendor names its key", () => {
  const inputs: Record<string, object> = {
    polytomic: { endpoint: "https://hooks.example.com/p", secret: "s3cret-value" },
    shodai: { url: "https://hooks.example.com/s" },
    sigmamind: { agentId: "agent_support", name: "c", url: "https://hooks.example.com/m", events: ["conversation_ended"] },
    autocalls: { assistantId: 1042, url: "https://hooks.example.com/a" },
  };
  const keys: Record<string, [string, string]> = {
    polytomic: ["polytomic:apiKey", "POLYTOMIC_API_KEY"],
    shodai: ["shodai:apiKey", "SHODAI_API_KEY"],
    sigmamind: ["sigmamind:apiKey", "SIGMAMIND_API_KEY"],
    autocalls: ["autocalls:apiToken", "AUTOCALLS_API_TOKEN"],
  };
  it.each(Object.keys(inputs))("%s", async (vendor) => {
    const [key, envVar] = keys[vendor];
    for (const account of [undefined, "second-org"]) {
      const suffix = account ? `-${account}` : "";
      const provider = await providerFor(vendor, {
        [`${key}${suffix}`]: "wrong-credential-5e6f",
        [`${vendor}:baseUrl${suffix}`]: home.baseUrls[vendor as keyof Sandbox["baseUrls"]],
      });
      const error = String(await created(provider, { ...inputs[vendor], ...(account ? { account } : {}) }).catch((e: Error) => e));
      expect(error).toMatch(new RegExp(`^\\w*Error: ${vendor}: could not [^:]+: 401 `));
      expect(error).toContain(`config key ${key}${suffix} (`);
      expect(error).toContain(`environment variable ${envVar}${account ? "_SECOND_ORG" : ""};`);
      expect(error).not.toContain("wrong-credential-5e6f");
    }
  });
});
