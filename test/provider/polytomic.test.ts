/** polytomic.Webhook through its provider object, against the sandbox. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { checked, created, providerFor, updated, type Provider } from "../helpers/provider";
import { byHand, calls, fixtures, injectFault, mark, requestsSince, reset, sandboxConfig, start, type Sandbox } from "../helpers/sandbox";

let sb: Sandbox;
let provider: Provider;
let org: string;
let otherOrg: string;

beforeAll(async () => {
  sb = await start();
  provider = await providerFor("polytomic", sandboxConfig(sb, "polytomic"));
  [org, otherOrg] = (await fixtures(sb)).polytomic.organizations.map((o: { id: string }) => o.id);
});
afterAll(() => sb?.close());
beforeEach(() => reset(sb));

const base = { endpoint: "https://hooks.example.com/p", secret: "s3cret-value" };
const hook = (id: string) => `/api/webhooks/${id}`;

describe("create", () => {
  it("creates with an Idempotency-Key, in the key's organization, and converges enabled", async () => {
    const since = await mark(sb);
    const { id, outs } = await created(provider, base);
    const logged = await requestsSince(sb, since);
    // The sandbox log records that a secret was sent, never its value.
    expect(logged[0]).toMatchObject({ method: "POST", path: "/api/webhooks", requestBody: { endpoint: base.endpoint, secret: "[redacted]" } });
    // Whether a new webhook starts disabled is undocumented: at most one extra call converges it.
    expect(calls(logged.slice(1)).every((c) => c === `POST ${hook(id)}/enable`)).toBe(true);
    expect(outs).toMatchObject({ ...base, enabled: true, effectiveOrganizationId: org, webhookId: id });
    expect(outs.organizationId).toBeUndefined();
    expect((await byHand(sb, "polytomic", "GET", hook(id))).body.data.disabled).toBe(false);
  });

  it("creates a disabled webhook with POST + /disable", async () => {
    const since = await mark(sb);
    const { id, outs } = await created(provider, { ...base, enabled: false });
    expect(calls(await requestsSince(sb, since))).toContain(`POST ${hook(id)}/disable`);
    expect(outs.enabled).toBe(false);
    expect((await byHand(sb, "polytomic", "GET", hook(id))).body.data.disabled).toBe(true);
  });

  it("a second webhook in the organization fails naming the existing one and how to adopt it", async () => {
    const { id } = await created(provider, base);
    await expect(created(provider, { ...base, endpoint: "https://hooks.example.com/second" })).rejects.toThrow(
      new RegExp(`already has webhook ${id} .*Polytomic allows one per organization.*adoptId: "${id}"`),
    );
  });

  it("a lost answer is retried with the same Idempotency-Key and makes one webhook", async () => {
    await injectFault(sb, { vendor: "polytomic", method: "POST", path: "^/api/webhooks$", status: 503, afterOperation: true });
    const since = await mark(sb);
    const { id } = await created(provider, base);
    const posts = (await requestsSince(sb, since)).filter((r) => r.method === "POST" && r.path === "/api/webhooks");
    expect(posts).toHaveLength(2);
    const list = await byHand(sb, "polytomic", "GET", "/api/webhooks");
    expect(list.body.data.map((w: { id: string }) => w.id)).toEqual([id]);
  });
});

describe("update", () => {
  it("no change makes no request", async () => {
    const { id, outs } = await created(provider, base);
    const since = await mark(sb);
    expect(await provider.diff(id, outs, await checked(provider, base, outs))).toMatchObject({ changes: false });
    expect(await requestsSince(sb, since)).toEqual([]);
  });

  it("disables with one POST /disable and re-enables with one POST /enable", async () => {
    const { id, outs } = await created(provider, base);
    let since = await mark(sb);
    const off = await updated(provider, id, outs, { ...base, enabled: false });
    expect(calls(await requestsSince(sb, since))).toEqual([`POST ${hook(id)}/disable`]);
    expect(off.outs.enabled).toBe(false);
    since = await mark(sb);
    const on = await updated(provider, id, off.outs, base);
    expect(calls(await requestsSince(sb, since))).toEqual([`POST ${hook(id)}/enable`]);
    expect(on.outs.enabled).toBe(true);
  });

  it.each([["endpoint", { endpoint: "https://hooks.example.com/q" }], ["secret", { secret: "rotated-secret" }]])(
    "%s change is one PUT with both endpoint and secret",
    async (_field, change) => {
      const { id, outs } = await created(provider, base);
      const since = await mark(sb);
      const { outs: after } = await updated(provider, id, outs, { ...base, ...change });
      const logged = await requestsSince(sb, since);
      expect(calls(logged)).toEqual([`PUT ${hook(id)}`]);
      expect(logged[0].requestBody).toEqual({ ...base, ...change, secret: "[redacted]" });
      expect(after).toMatchObject(change);
    },
  );

  it("an organization change replaces, deleting first", async () => {
    const { id, outs } = await created(provider, { ...base, organizationId: org });
    expect(await provider.diff(id, outs, await checked(provider, { ...base, organizationId: otherOrg }, outs))).toEqual({
      changes: true, replaces: ["organizationId"], deleteBeforeReplace: true,
    });
  });
});

describe("read (refresh)", () => {
  it("no drift when nothing changed", async () => {
    const { id, outs } = await created(provider, base);
    const read = await provider.read(id, outs);
    expect(read.props).toEqual(outs);
    // An omitted organizationId stays omitted: refresh reports no drift for it.
    expect(read.inputs).toEqual(await checked(provider, base));
  });

  it("sees a webhook disabled by hand and a secret rotated by hand", async () => {
    const { id, outs } = await created(provider, base);
    await byHand(sb, "polytomic", "POST", `${hook(id)}/disable`);
    await byHand(sb, "polytomic", "PUT", hook(id), { endpoint: base.endpoint, secret: "changed-by-hand" });
    expect((await provider.read(id, outs)).inputs).toMatchObject({ enabled: false, secret: "changed-by-hand" });
  });

  it("reports a webhook deleted by hand as gone", async () => {
    const { id, outs } = await created(provider, base);
    await byHand(sb, "polytomic", "DELETE", hook(id));
    expect((await provider.read(id, outs)).id).toBe("");
  });
});

describe("delete and adopt", () => {
  it("deletes with one DELETE; already gone is success", async () => {
    const { id, outs } = await created(provider, base);
    const since = await mark(sb);
    await provider.delete(id, outs);
    expect(calls(await requestsSince(sb, since))).toEqual([`DELETE ${hook(id)}`]);
    await expect(provider.delete(id, outs)).resolves.toBeUndefined();
  });

  it("adopts the organization's webhook made by hand, updating what differs", async () => {
    const made = await byHand(sb, "polytomic", "POST", "/api/webhooks", { endpoint: "https://old.example.com", secret: "old-secret" });
    const existing = made.body.data.id;
    const since = await mark(sb);
    const { id, outs } = await created(provider, { ...base, adoptId: existing });
    expect(id).toBe(existing);
    const logged = await requestsSince(sb, since);
    expect(logged.find((r) => r.method === "PUT")?.requestBody).toEqual({ ...base, secret: "[redacted]" });
    expect(logged.some((r) => r.method === "POST" && r.path === "/api/webhooks")).toBe(false);
    expect(outs).toMatchObject({ ...base, enabled: true });
  });
});
