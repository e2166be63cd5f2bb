/**
 * diff under each vendor's field policy: only real changes count, replaces only for the
 * fields the spec names, deleteBeforeReplace only where the vendor allows one per scope.
 */
import { describe, expect, it } from "vitest";
import { checked, providerFor, type Props } from "../helpers/provider";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const AGENT = "9fbef0b7-8d4e-4a08-9207-66c22155721d";
const ORG = "3b0e2a57-2d55-4d4c-9a0e-0d5b8b1c2f10";

// Old outputs are the checked inputs plus vendor fields (the engine diffs against outputs).
async function diffOf(vendor: string, base: Props, change: Props, vendorFields: Props = {}) {
  const provider = await providerFor(vendor);
  const olds = { ...(await checked(provider, base)), ...vendorFields };
  const news = await checked(provider, { ...base, ...change }, olds);
  return provider.diff("id-1", olds, news);
}

const talkover = { agentId: AGENT, name: "calls", url: "https://hooks.example.com/t", events: ["event_phone_call_ended"] };
const polytomic = { endpoint: "https://hooks.example.com/p", secret: "s3cret-value" };
const shodai = { url: "https://hooks.example.com/s" };
const sigmamind = { agentId: "agent_1", name: "conv", url: "https://hooks.example.com/m", events: ["conversation_ended"] };
const autocalls = { assistantId: 12, url: "https://hooks.example.com/a" };

describe("no change is no change", () => {
  it.each([
    ["talkover", talkover, { webhookId: "w", status: "active" }],
    ["polytomic", polytomic, { webhookId: "w", effectiveOrganizationId: ORG }],
    ["shodai", shodai, { subscriptionId: "wh_1", signingSecret: "whsec_x" }],
    ["sigmamind", sigmamind, { webhookId: "wh_1", signingSecret: "s" }],
    ["autocalls", autocalls, { assistantName: "A" }],
  ])("%s", async (vendor, base, vendorFields) => {
    expect(await diffOf(vendor, base, {}, vendorFields)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("events in another order, or repeated, are the same set", async () => {
    const d = await diffOf("talkover", { ...talkover, events: ["event_action", "event_recording"] }, { events: ["event_recording", "event_action", "event_action"] });
    expect(d.changes).toBe(false);
  });

  it("adoptId matters only at creation", async () => {
    expect((await diffOf("talkover", talkover, { adoptId: AGENT })).changes).toBe(false);
  });

  it("an omitted organizationId keeps the one the vendor chose; declaring that same one is no change", async () => {
    expect((await diffOf("polytomic", polytomic, {}, { effectiveOrganizationId: ORG })).changes).toBe(false);
    expect((await diffOf("polytomic", polytomic, { organizationId: ORG }, { effectiveOrganizationId: ORG })).changes).toBe(false);
    expect((await diffOf("polytomic", polytomic, { organizationId: "6c7d8e9f-0a1b-4c2d-8e3f-4a5b6c7d8e9f" }, { effectiveOrganizationId: ORG })).replaces).toEqual(["organizationId"]);
  });
});

describe("enabled is an in-place update everywhere", () => {
  it.each([["talkover", talkover], ["polytomic", polytomic], ["shodai", shodai], ["sigmamind", sigmamind], ["autocalls", autocalls]])(
    "%s",
    async (vendor, base) => {
      expect(await diffOf(vendor, base, { enabled: false })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    },
  );
});

describe("replacements follow the spec", () => {
  it.each([
    ["talkover", talkover, { agentId: "0b7c4f1e-7f3a-4a59-8c43-2f1d7e5a9b11" }, ["agentId"], false],
    ["talkover", talkover, { url: "https://hooks.example.com/other", timeout: 45 }, [], false],
    ["polytomic", { ...polytomic, organizationId: ORG }, { organizationId: "6c7d8e9f-0a1b-4c2d-8e3f-4a5b6c7d8e9f" }, ["organizationId"], true],
    ["polytomic", polytomic, { endpoint: "https://hooks.example.com/q" }, [], false],
    ["shodai", shodai, { environment: "testnet" }, ["environment"], false],
    ["shodai", shodai, { filters: { agreementIds: ["a1"] } }, [], false],
    ["sigmamind", sigmamind, { name: "renamed" }, ["name"], false],
    ["sigmamind", sigmamind, { url: "https://hooks.example.com/n", events: ["conversation_started"] }, ["url", "events"], false],
    ["autocalls", autocalls, { assistantId: 13 }, ["assistantId"], false],
    ["autocalls", autocalls, { url: "https://hooks.example.com/b" }, [], false],
  ] as const)("%s %j", async (vendor, base, change, replaces, deleteBeforeReplace) => {
    expect(await diffOf(vendor, base, change)).toEqual({ changes: true, replaces, deleteBeforeReplace });
  });

  it("an unknown value in preview is a change", async () => {
    expect((await diffOf("talkover", talkover, { url: UNKNOWN })).changes).toBe(true);
    expect((await diffOf("talkover", talkover, { agentId: UNKNOWN })).replaces).toEqual(["agentId"]);
  });
});
