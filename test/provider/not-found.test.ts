/**
 * Issue 10, defects 2 and 3: only the vendor's own "this webhook does not exist" answer
 * means gone. A route-level or parent-level 404 (wrong base URL, a proxy, Talkover's
 * "Agent not found in this environment.") fails naming the path and `<vendor>:baseUrl`,
 * so refresh keeps the resource and destroy does not report a success it did not have.
 * A 3xx is an error saying where it pointed; it is never followed.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { created, providerFor, type Props } from "../helpers/provider";
import { byHand, injectFault, mark, requestsSince, reset, sandboxConfig, start, type Sandbox } from "../helpers/sandbox";

let sb: Sandbox;
const savedLifetime = process.env.PULUMI_WEBHOOKS_LIST_CACHE_MS;
beforeAll(async () => {
  sb = await start();
  // Every Autocalls read lists anew, so the fault meets the read's own request.
  process.env.PULUMI_WEBHOOKS_LIST_CACHE_MS = "0";
});
afterAll(async () => {
  if (savedLifetime === undefined) delete process.env.PULUMI_WEBHOOKS_LIST_CACHE_MS;
  else process.env.PULUMI_WEBHOOKS_LIST_CACHE_MS = savedLifetime;
  await sb?.close();
});
beforeEach(() => reset(sb));

const AGENT = "9fbef0b7-8d4e-4a08-9207-66c22155721d";
const CASES: Record<string, { base: Props; read: [string, string]; del: [string, string] }> = {
  talkover: { base: { agentId: AGENT, name: "n", url: "https://hooks.example.com/x", events: ["event_action"] }, read: ["GET", "/webhooks/"], del: ["DELETE", "/webhooks/"] },
  polytomic: { base: { endpoint: "https://hooks.example.com/x", secret: "nf-secret" }, read: ["GET", "^/api/webhooks/"], del: ["DELETE", "^/api/webhooks/"] },
  shodai: { base: { url: "https://hooks.example.com/x" }, read: ["GET", "^/v0/webhooks/"], del: ["DELETE", "^/v0/webhooks/"] },
  sigmamind: { base: { agentId: "agent_support", name: "n", url: "https://hooks.example.com/x", events: ["conversation_ended"] }, read: ["GET", "^/v1/webhooks/"], del: ["DELETE", "^/v1/webhooks/"] },
  autocalls: { base: { assistantId: 1001, url: "https://hooks.example.com/x" }, read: ["GET", "/get$"], del: ["POST", "disable-webhook"] },
};

describe.each(Object.entries(CASES))("%s", (vendor, c) => {
  it("a route-level 404 on read is an error naming the path and the base URL setting, not a drop", async () => {
    const provider = await providerFor(vendor, sandboxConfig(sb, vendor));
    const { id, outs } = await created(provider, c.base);
    await injectFault(sb, { vendor, method: c.read[0], path: c.read[1], routeMissing: true });
    const error = await provider.read(id, outs).then(() => undefined, (e: Error) => e);
    expect(String(error)).toMatch(new RegExp(`^VendorHttpError: ${vendor}: could not .*: 404 .*check ${vendor}:baseUrl \\(the request went to http://127\\.0\\.0\\.1:\\d+/`));
  });

  it("a route-level 404 on delete is an error, and the webhook is still there", async () => {
    const provider = await providerFor(vendor, sandboxConfig(sb, vendor));
    const { id, outs } = await created(provider, c.base);
    await injectFault(sb, { vendor, method: c.del[0], path: c.del[1], routeMissing: true });
    await expect(provider.delete(id, outs)).rejects.toThrow(new RegExp(`${vendor}: could not .*404.*check ${vendor}:baseUrl`));
    expect((await provider.read(id, outs)).id).toBe(id);
  });

  it("a base URL that points at the wrong place fails read and delete instead of dropping the webhook", async () => {
    const { id, outs } = await created(await providerFor(vendor, sandboxConfig(sb, vendor)), c.base);
    const wrong = await providerFor(vendor, { ...sandboxConfig(sb, vendor), [`${vendor}:baseUrl`]: `${sb.baseUrls[vendor as keyof Sandbox["baseUrls"]]}/v9` });
    await expect(wrong.read(id, outs)).rejects.toThrow(`check ${vendor}:baseUrl`);
    await expect(wrong.delete(id, outs)).rejects.toThrow(`check ${vendor}:baseUrl`);
  });

  it("a 3xx is an error saying where it was redirected; it is not followed and deletes nothing", async () => {
    const provider = await providerFor(vendor, sandboxConfig(sb, vendor));
    const { id, outs } = await created(provider, c.base);
    await injectFault(sb, { vendor, method: c.del[0], path: c.del[1], status: 301, headers: { location: "https://elsewhere.example.com/moved?token=abc" } });
    const since = await mark(sb);
    await expect(provider.delete(id, outs)).rejects.toThrow(
      new RegExp(`^${vendor}: could not .*: 301 redirected to https://elsewhere\\.example\\.com/moved \\(.*\\); redirects are not followed: set ${vendor}:baseUrl`),
    );
    // One request, not followed, and the query (a possible credential) is not shown.
    expect(await requestsSince(sb, since)).toHaveLength(1);
    expect((await provider.read(id, outs)).id).toBe(id);
  });
});

describe("the vendor's own answer still means gone", () => {
  it("talkover: 'Agent not found in this environment.' is not 'Webhook not found.'", async () => {
    const provider = await providerFor("talkover", sandboxConfig(sb, "talkover"));
    const { id, outs } = await created(provider, CASES.talkover.base);
    const otherAgent = { ...outs, agentId: "00000000-0000-4000-8000-000000000000" };
    await expect(provider.read(id, otherAgent)).rejects.toThrow(/404 Agent not found in this environment\..*check talkover:baseUrl/);
    await expect(provider.delete(id, otherAgent)).rejects.toThrow(/404 Agent not found/);
    await byHand(sb, "talkover", "DELETE", `/agents/${AGENT}/webhooks/${id}`);
    expect((await provider.read(id, outs)).id).toBe("");
    await expect(provider.delete(id, outs)).resolves.toBeUndefined();
  });

  it("autocalls: an assistant that does not exist has no webhook; destroy finishes", async () => {
    const provider = await providerFor("autocalls", sandboxConfig(sb, "autocalls"));
    await expect(provider.delete("999999", { assistantId: 999999, url: "https://hooks.example.com/x" })).resolves.toBeUndefined();
  });
});
