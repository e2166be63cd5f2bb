/**
 * Every check rule of every resource: invalid input is rejected before any HTTP request,
 * with a failure that names the property and the rule; defaults are filled in.
 */
import { describe, expect, it } from "vitest";
import { providerFor } from "../helpers/provider";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const AGENT = "9fbef0b7-8d4e-4a08-9207-66c22155721d";

async function failures(vendor: string, news: Record<string, unknown>) {
  const result = await (await providerFor(vendor)).check({}, news);
  return result.failures ?? [];
}

const talkover = { agentId: AGENT, name: "calls", url: "https://hooks.example.com/t", events: ["event_phone_call_ended"] };
const polytomic = { endpoint: "https://hooks.example.com/p", secret: "s3cret-value" };
const shodai = { url: "https://hooks.example.com/s" };
const sigmamind = { agentId: "agent_1", name: "conv", url: "https://hooks.example.com/m", events: ["conversation_ended"] };
const autocalls = { assistantId: 12, url: "https://hooks.example.com/a" };

// [vendor, base inputs, change, property named, words the reason must contain]
const cases: [string, object, object, string, string][] = [
  ["talkover", talkover, { agentId: "not-a-uuid" }, "agentId", "UUID"],
  ["talkover", talkover, { name: "" }, "name", "must not be empty"],
  ["talkover", talkover, { name: "x".repeat(256) }, "name", "at most 255"],
  ["talkover", talkover, { url: "not a url" }, "url", "absolute http"],
  ["talkover", talkover, { url: "ftp://example.com/x" }, "url", "absolute http"],
  ["talkover", talkover, { url: `https://example.com/${"a".repeat(500)}` }, "url", "at most 500"],
  ["talkover", talkover, { events: [] }, "events", "at least 1"],
  ["talkover", talkover, { events: ["event_nope"] }, "events[0]", 'unknown event "event_nope"'],
  ["talkover", talkover, { timeout: 4 }, "timeout", "between 5 and 120"],
  ["talkover", talkover, { timeout: 121 }, "timeout", "between 5 and 120"],
  ["talkover", talkover, { timeout: 30.5 }, "timeout", "whole number"],
  ["talkover", talkover, { maxRetries: 11 }, "maxRetries", "between 0 and 10"],
  ["talkover", talkover, { maxRetries: "3" }, "maxRetries", "must be a number"],
  ["talkover", talkover, { secret: "x".repeat(256) }, "secret", "at most 255"],
  ["talkover", talkover, { httpMethod: "GET" }, "httpMethod", "POST, PUT, PATCH"],
  ["talkover", talkover, { authorizationScheme: "oauth" }, "authorizationScheme", "none, bearer"],
  ["talkover", talkover, { customHeaders: [{ key: "", value: "v" }] }, "customHeaders[0].key", "must not be empty"],
  ["talkover", talkover, { payloadTemplates: { event_nope: {} } }, "payloadTemplates.event_nope", "unknown event"],
  ["talkover", talkover, { enabled: "yes" }, "enabled", "true or false"],
  ["talkover", talkover, { colour: "red" }, "colour", 'unknown property "colour"'],
  ["polytomic", polytomic, { secret: "short" }, "secret", "at least 6"],
  ["polytomic", polytomic, { secret: "x".repeat(33) }, "secret", "at most 32"],
  ["polytomic", polytomic, { endpoint: "hooks.example.com" }, "endpoint", "absolute http"],
  ["polytomic", polytomic, { organizationId: "org-1" }, "organizationId", "UUID"],
  ["polytomic", polytomic, { events: ["x"] }, "events", "unknown property"],
  ["shodai", shodai, { url: "http://hooks.example.com/s" }, "url", "https://"],
  ["shodai", shodai, { eventTypes: ["agreement.created"] }, "eventTypes[0]", "unknown event"],
  ["shodai", shodai, { filters: { agreementIds: "a1" } }, "filters.agreementIds", "list of strings"],
  ["shodai", shodai, { filters: { states: ["x"] } }, "filters.states", "unknown property"],
  ["shodai", shodai, { environment: "staging" }, "environment", "production or testnet"],
  ["shodai", shodai, { adoptId: "sub_1" }, "adoptId", "wh_"],
  ["sigmamind", sigmamind, { name: "x".repeat(129) }, "name", "at most 128"],
  ["sigmamind", sigmamind, { agentId: "x".repeat(65) }, "agentId", "at most 64"],
  ["sigmamind", sigmamind, { events: [] }, "events", "at least 1"],
  ["sigmamind", sigmamind, { events: ["conversation_paused"] }, "events[0]", "unknown event"],
  ["sigmamind", sigmamind, { url: 42 }, "url", "must be a string"],
  ["autocalls", autocalls, { assistantId: "12" }, "assistantId", "must be a number"],
  ["autocalls", autocalls, { assistantId: 0 }, "assistantId", "positive"],
  ["autocalls", autocalls, { assistantId: 1.5 }, "assistantId", "whole number"],
  ["autocalls", autocalls, { url: "javascript:alert(1)" }, "url", "absolute http"],
  ["autocalls", autocalls, { adopt: "true" }, "adopt", "true or false"],
  // Values the vendor would refuse or store changed (a permanent diff), or that would split a header (issue 10).
  ["talkover", talkover, { url: " https://hooks.example.com/t" }, "url", "must not start or end with whitespace"],
  ["talkover", talkover, { url: "https://hooks.example.com/t\n" }, "url", "must not start or end with whitespace"],
  ["talkover", talkover, { url: "https://hooks.example.com/t\nX-Evil: 1" }, "url", "must not contain a line break"],
  ["talkover", talkover, { url: "https://hooks.example.com/a b" }, "url", "must not contain spaces"],
  ["talkover", talkover, { customHeaders: [{ key: "X-Team", value: "a\r\nX-Injected: 1" }] }, "customHeaders[0].value", "must not contain CR, LF"],
  ["talkover", talkover, { customHeaders: [{ key: "X-Team", value: "a\nb" }] }, "customHeaders[0].value", "must not contain CR, LF"],
  ["talkover", talkover, { customHeaders: [{ key: "X Team:", value: "v" }] }, "customHeaders[0].key", "must be a header name"],
  ["polytomic", polytomic, { endpoint: "https://hooks.example.com/p " }, "endpoint", "must not start or end with whitespace"],
  ["shodai", shodai, { url: "https://hooks.example.com/s\t" }, "url", "must not start or end with whitespace"],
  ["sigmamind", sigmamind, { url: "https://hooks.example.com/m m" }, "url", "must not contain spaces"],
  ["autocalls", autocalls, { url: "\nhttps://hooks.example.com/a" }, "url", "must not start or end with whitespace"],
];

describe("check rejects invalid input, naming the property and the rule", () => {
  it.each(cases.map(([v, b, c, p, r]) => [v, JSON.stringify(c).slice(0, 60), b, c, p, r] as const))("%s %s", async (vendor, _title, base, change, property, reason) => {
    const found = await failures(vendor, { ...base, ...change });
    const failure = found.find((f) => f.property === property);
    expect(failure, JSON.stringify(found)).toBeDefined();
    expect(failure!.reason).toContain(reason);
  });

  it("says a missing property is required, for every vendor's required properties", async () => {
    const required: [string, object, string[]][] = [
      ["talkover", talkover, ["agentId", "name", "url", "events"]],
      ["polytomic", polytomic, ["endpoint", "secret"]],
      ["shodai", shodai, ["url"]],
      ["sigmamind", sigmamind, ["agentId", "name", "url", "events"]],
      ["autocalls", autocalls, ["assistantId", "url"]],
    ];
    for (const [vendor, base, properties] of required) {
      for (const property of properties) {
        const found = await failures(vendor, { ...base, [property]: undefined });
        expect(found, `${vendor} ${property}`).toEqual([{ property, reason: expect.stringMatching(/^required, but missing — must be /) }]);
      }
    }
    expect(await failures("talkover", { ...talkover, url: undefined })).toEqual([{ property: "url", reason: "required, but missing — must be a string (a URL)" }]);
    // A nested one too, and a present value of the wrong type is not called missing.
    expect(await failures("talkover", { ...talkover, customHeaders: [{ value: "v" }] })).toEqual([{ property: "customHeaders[0].key", reason: "required, but missing — must be a string" }]);
    expect(await failures("talkover", { ...talkover, url: 42 })).toEqual([{ property: "url", reason: "must be a string (a URL)" }]);
  });
});

describe("check fills defaults and normalizes, so no perpetual diff appears", () => {
  it("talkover", async () => {
    const { inputs, failures } = await (await providerFor("talkover")).check({}, { ...talkover, events: ["event_phone_call_started", "event_phone_call_ended", "event_phone_call_started"] });
    expect(failures).toEqual([]);
    expect(inputs).toEqual({
      ...talkover,
      events: ["event_phone_call_ended", "event_phone_call_started"],
      enabled: true, timeout: 30, maxRetries: 3, httpMethod: "POST", authorizationScheme: "none", customHeaders: [], payloadTemplates: {},
    });
  });

  it("shodai defaults eventTypes and drops empty filters", async () => {
    for (const eventTypes of [undefined, []]) {
      const { inputs } = await (await providerFor("shodai")).check({}, { ...shodai, eventTypes, filters: { agreementIds: [] } });
      expect(inputs).toEqual({ ...shodai, eventTypes: ["agreement.transitioned"], environment: "production", enabled: true });
    }
  });

  it("keeps false and 0 as given", async () => {
    const { inputs } = await (await providerFor("talkover")).check({}, { ...talkover, enabled: false, maxRetries: 0 });
    expect(inputs).toMatchObject({ enabled: false, maxRetries: 0 });
  });

  it("tolerates preview unknowns and still checks the known properties", async () => {
    const ok = await (await providerFor("talkover")).check({}, { ...talkover, agentId: UNKNOWN, events: [UNKNOWN] });
    expect(ok.failures).toEqual([]);
    expect(ok.inputs).toMatchObject({ agentId: UNKNOWN, events: [UNKNOWN], timeout: 30 });
    const bad = await (await providerFor("talkover")).check({}, { ...talkover, agentId: UNKNOWN, timeout: 1 });
    expect(bad.failures?.map((f) => f.property)).toEqual(["timeout"]);
  });
});
