/**
 * The sandbox as a client sees it, over plain HTTP: each vendor's documented endpoints,
 * status codes, envelopes, error bodies and quirks (shared/vendors.md), and the control
 * plane (fixtures, request log, reset, faults, rate limits, tokens, --state, the CLI).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSandbox } from "../../provider/sandbox/index";
import { byHand, fixtures, injectFault, requestsSince, reset, start, type Sandbox } from "../helpers/sandbox";

let sb: Sandbox;
beforeAll(async () => {
  sb = await start();
});
afterAll(() => sb?.close());
beforeEach(() => reset(sb));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const AGENT = "9fbef0b7-8d4e-4a08-9207-66c22155721d";
const raw = (url: string, init: RequestInit = {}) => fetch(url, init).then(async (r) => ({ status: r.status, headers: r.headers, text: await r.text() }));

describe("authentication: each vendor's scheme and 401 body", () => {
  it.each([
    ["talkover", "/agents/x/webhooks", { message: "Missing Bearer Token" }],
    ["polytomic", "/api/webhooks", { message: "unauthorized: a valid API key is required", status: 401 }],
    ["sigmamind", "/v1/webhooks/x", expect.objectContaining({ status: 401, error: "Unauthorized" })],
    ["autocalls", "/user/assistants/get", { message: "Unauthenticated." }],
    ["shodai", "/v0/webhooks", { error: expect.objectContaining({ code: "unauthorized", requestId: expect.stringMatching(/^req_/) }) }],
  ] as const)("%s rejects a missing or wrong credential", async (vendor, path, body) => {
    for (const headers of [{}, { authorization: "Bearer nope", "x-api-key": "nope" }]) {
      const res = await raw(`${sb.baseUrls[vendor]}${path}`, { headers });
      expect(res.status).toBe(401);
      expect(JSON.parse(res.text)).toEqual(body);
    }
  });

  it("Shodai accepts a Bearer alias; Polytomic an organization key as Basic", async () => {
    expect((await raw(`${sb.baseUrls.shodai}/v0/webhooks`, { headers: { authorization: "Bearer sandbox-token" } })).status).toBe(200);
    const basic = Buffer.from("sandbox-token:").toString("base64");
    expect((await raw(`${sb.baseUrls.polytomic}/api/webhooks`, { headers: { authorization: `Basic ${basic}` } })).status).toBe(200);
  });
});

describe("Talkover", () => {
  const hooks = `/agents/${AGENT}/webhooks`;
  it("creates, lists, reads, updates partially and deletes; the secret is never returned", async () => {
    const made = await byHand(sb, "talkover", "POST", hooks, { name: "n", webhook_url: "https://e.example/x", events: ["event_action"], webhook_secret: "s3cret" });
    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({ success: true, data: { name: "n", timeout: 30, max_retries: 3, enabled: true, status: "active", events_count: 1, agent_id: AGENT } });
    expect(made.body.data.id).toMatch(UUID);
    expect(JSON.stringify(made.body)).not.toContain("s3cret");
    const id = made.body.data.id;
    const list = await byHand(sb, "talkover", "GET", hooks);
    expect(list.body.data.webhooks).toHaveLength(1);
    expect(Object.keys(list.body.data.available_events)).toHaveLength(22);
    const put = await byHand(sb, "talkover", "PUT", `${hooks}/${id}`, { enabled: false });
    expect(put.body.data).toMatchObject({ enabled: false, status: "disabled", name: "n", webhook_url: "https://e.example/x" });
    expect((await byHand(sb, "talkover", "DELETE", `${hooks}/${id}`)).body).toMatchObject({ success: true });
    expect(await byHand(sb, "talkover", "GET", `${hooks}/${id}`)).toEqual({ status: 404, body: { success: false, message: "Webhook not found." } });
  });

  it("the toggle flips, so calling it twice restores the state", async () => {
    const id = (await byHand(sb, "talkover", "POST", hooks, { name: "n", webhook_url: "https://e.example/x", events: ["event_action"] })).body.data.id;
    expect((await byHand(sb, "talkover", "PATCH", `${hooks}/${id}/toggle`)).body.data.enabled).toBe(false);
    expect((await byHand(sb, "talkover", "PATCH", `${hooks}/${id}/toggle`)).body.data.enabled).toBe(true);
  });

  it("validates with Laravel 422 field errors and answers 404 for an unknown agent", async () => {
    const bad = await byHand(sb, "talkover", "POST", hooks, { name: "", webhook_url: "nope", events: ["event_nope"], timeout: 2, max_retries: 11 });
    expect(bad.status).toBe(422);
    expect(bad.body.message).toBe("The given data was invalid.");
    expect(Object.keys(bad.body.errors).sort()).toEqual(["events.0", "max_retries", "name", "timeout", "webhook_url"]);
    expect((await byHand(sb, "talkover", "POST", hooks, {})).body.errors).toHaveProperty("events");
    expect(await byHand(sb, "talkover", "GET", "/agents/00000000-0000-4000-8000-000000000000/webhooks")).toEqual({ status: 404, body: { success: false, message: "Agent not found in this environment." } });
  });
});

describe("Polytomic", () => {
  it("one webhook per organization, the secret echoed, enable/disable, PUT needs endpoint and secret", async () => {
    const made = await byHand(sb, "polytomic", "POST", "/api/webhooks", { endpoint: "https://e.example/p", secret: "secret-1" });
    expect(made.body.data).toMatchObject({ endpoint: "https://e.example/p", secret: "secret-1", disabled: false });
    const id = made.body.data.id;
    const second = await byHand(sb, "polytomic", "POST", "/api/webhooks", { endpoint: "https://e.example/q", secret: "secret-2" });
    expect(second.status).toBe(409);
    expect(second.body.message).toContain(id);
    expect((await byHand(sb, "polytomic", "POST", `/api/webhooks/${id}/disable`)).body.data.disabled).toBe(true);
    expect((await byHand(sb, "polytomic", "POST", `/api/webhooks/${id}/enable`)).body.data.disabled).toBe(false);
    expect((await byHand(sb, "polytomic", "PUT", `/api/webhooks/${id}`, { endpoint: "https://e.example/r" })).status).toBe(422);
    expect((await byHand(sb, "polytomic", "GET", `/api/webhooks/${id}`)).body.data.secret).toBe("secret-1");
    expect((await byHand(sb, "polytomic", "DELETE", `/api/webhooks/${id}`)).status).toBe(204);
    expect((await byHand(sb, "polytomic", "GET", `/api/webhooks/${id}`)).status).toBe(404);
  });

  it("replays an Idempotency-Key and rejects a malformed one", async () => {
    const post = (key: string) =>
      raw(`${sb.baseUrls.polytomic}/api/webhooks`, { method: "POST", headers: { authorization: "Bearer sandbox-token", "content-type": "application/json", "idempotency-key": key }, body: JSON.stringify({ endpoint: "https://e.example/p", secret: "secret-1" }) });
    const first = await post("key-12345678");
    const again = await post("key-12345678");
    expect(again.status).toBe(first.status);
    expect(JSON.parse(again.text).data.id).toBe(JSON.parse(first.text).data.id);
    expect((await byHand(sb, "polytomic", "GET", "/api/webhooks")).body.data).toHaveLength(1);
    expect((await post("short")).status).toBe(400);
  });

  it("validates the secret length with field metadata", async () => {
    const bad = await byHand(sb, "polytomic", "POST", "/api/webhooks", { endpoint: "https://e.example/p", secret: "12345" });
    expect(bad).toMatchObject({ status: 422, body: { status: 422, metadata: { secret: expect.any(String) } } });
  });
});

describe("Shodai", () => {
  it("returns the signing secret only from create; DELETE only disables; PATCH re-enables", async () => {
    const made = await byHand(sb, "shodai", "POST", "/v0/webhooks", { url: "https://e.example/s", eventTypes: [] });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ data: { status: "active", eventTypes: ["agreement.transitioned"] }, meta: { apiVersion: "v0", requestId: expect.stringMatching(/^req_/) } });
    expect(made.body.data.id).toMatch(/^wh_/);
    expect(made.body.data.secret).toMatch(/^whsec_/);
    const id = made.body.data.id;
    expect((await byHand(sb, "shodai", "GET", `/v0/webhooks/${id}`)).body.data.secret).toBeUndefined();
    expect((await byHand(sb, "shodai", "DELETE", `/v0/webhooks/${id}`)).body.data.status).toBe("disabled");
    expect((await byHand(sb, "shodai", "GET", `/v0/webhooks/${id}`)).status).toBe(200);
    const patched = await byHand(sb, "shodai", "PATCH", `/v0/webhooks/${id}`, { status: "active", filters: { toStates: ["signed"] } });
    expect(patched.body.data).toMatchObject({ status: "active", filters: { toStates: ["signed"] } });
    expect((await byHand(sb, "shodai", "PATCH", `/v0/webhooks/${id}`, { filters: {} })).body.data.filters).toBeUndefined();
  });

  it("requires https, pages with a cursor, and answers errors in its envelope", async () => {
    const bad = await byHand(sb, "shodai", "POST", "/v0/webhooks", { url: "http://e.example/s" });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: "validation_error", details: [{ path: "url" }] } } });
    for (let i = 0; i < 3; i++) await byHand(sb, "shodai", "POST", "/v0/webhooks", { url: `https://e.example/${i}` });
    const page1 = await byHand(sb, "shodai", "GET", "/v0/webhooks?limit=2");
    expect(page1.body.pageInfo).toMatchObject({ limit: 2, totalCount: 3, nextCursor: expect.any(String) });
    const page2 = await byHand(sb, "shodai", "GET", `/v0/webhooks?limit=2&cursor=${page1.body.pageInfo.nextCursor}`);
    expect(page2.body.data).toHaveLength(1);
    expect(page2.body.pageInfo.nextCursor).toBeNull();
    expect((await byHand(sb, "shodai", "GET", "/v0/webhooks/wh_missing")).body.error.code).toBe("not_found");
  });
});

describe("SigmaMind", () => {
  it("creates with the secret once, hides nothing active, deletes with 204, has no update", async () => {
    const made = await byHand(sb, "sigmamind", "POST", "/v1/webhooks", { name: "n", agentId: "agent_support", url: "https://e.example/m", events: ["conversation_ended"] });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ active: true, workspaceId: "ws_sandbox", secret: expect.any(String) });
    const id = made.body.webhookId;
    expect(id).toMatch(/^wh_/);
    expect((await byHand(sb, "sigmamind", "GET", `/v1/webhooks/${id}`)).body.secret).toBeUndefined();
    const active = await byHand(sb, "sigmamind", "GET", "/v1/webhooks?agentId=agent_support");
    expect(active.body).toMatchObject({ page: 0, size: 20, totalCount: 1, totalPages: 1, hasNext: false, hasPrevious: false });
    // active defaults to true: inactive ones only with active=false (none can be made inactive through the API).
    expect((await byHand(sb, "sigmamind", "GET", "/v1/webhooks?active=false")).body.data).toEqual([]);
    expect((await byHand(sb, "sigmamind", "PUT", `/v1/webhooks/${id}`, {})).status).toBe(405);
    expect((await byHand(sb, "sigmamind", "DELETE", `/v1/webhooks/${id}`)).status).toBe(204);
    expect((await byHand(sb, "sigmamind", "GET", `/v1/webhooks/${id}`)).body).toMatchObject({ status: 404, error: "Not Found" });
  });

  it("answers validation errors with validationErrors", async () => {
    const bad = await byHand(sb, "sigmamind", "POST", "/v1/webhooks", { name: "", agentId: "nobody", url: "x", events: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.validationErrors.map((e: { field: string }) => e.field).sort()).toEqual(["agentId", "events", "name", "url"]);
  });
});

describe("Autocalls", () => {
  it("pages at most 100 assistants; enable-webhook and disable-webhook (which nulls the url)", async () => {
    const page = await byHand(sb, "autocalls", "GET", "/user/assistants/get?page=3&per_page=100");
    expect(page.body).toMatchObject({ current_page: 3, last_page: 3, per_page: 100, total: 260, next_page_url: null });
    expect(page.body.data).toHaveLength(60);
    expect((await byHand(sb, "autocalls", "GET", "/user/assistants/get?per_page=101")).status).toBe(422);
    expect((await byHand(sb, "autocalls", "GET", "/user/assistants/get?page=9&per_page=100")).body.data).toEqual([]);
    expect((await byHand(sb, "autocalls", "POST", "/user/assistants/enable-webhook", { assistant_id: 1001, webhook_url: "https://e.example/a" })).body).toEqual({ message: "Webhook enabled successfully", data: [] });
    const first = async () => (await byHand(sb, "autocalls", "GET", "/user/assistants/get?per_page=1")).body.data[0];
    expect(await first()).toMatchObject({ id: 1001, webhook_url: "https://e.example/a", is_webhook_active: true });
    await byHand(sb, "autocalls", "POST", "/user/assistants/disable-webhook", { assistant_id: 1001 });
    expect(await first()).toMatchObject({ webhook_url: null, is_webhook_active: false });
  });

  it("answers 404 for an unknown assistant and 422 for a bad url", async () => {
    expect(await byHand(sb, "autocalls", "POST", "/user/assistants/disable-webhook", { assistant_id: 5 })).toEqual({ status: 404, body: { message: "Assistant not found" } });
    expect((await byHand(sb, "autocalls", "POST", "/user/assistants/enable-webhook", { assistant_id: 1001, webhook_url: "nope" })).status).toBe(422);
  });
});

describe("control plane", () => {
  it("fixtures are deterministic across starts", async () => {
    const other = await start();
    try {
      expect(await fixtures(other)).toEqual(await fixtures(sb));
      expect((await fixtures(sb)).autocalls.assistants.length).toBeGreaterThanOrEqual(250);
    } finally {
      await other.close();
    }
  });

  it("logs vendor requests without credentials; filters by vendor and since; reset clears", async () => {
    await byHand(sb, "talkover", "POST", `/agents/${AGENT}/webhooks`, { name: "n", webhook_url: "https://e.example/x", events: ["event_action"] });
    await byHand(sb, "polytomic", "GET", "/api/webhooks");
    const all = await requestsSince(sb, 0);
    expect(all.map((r) => [r.vendor, r.method, r.path, r.status])).toEqual([["talkover", "POST", `/agents/${AGENT}/webhooks`, 200], ["polytomic", "GET", "/api/webhooks", 200]]);
    expect(JSON.stringify(all)).not.toContain("sandbox-token");
    expect(await requestsSince(sb, all[0].seq, "polytomic")).toHaveLength(1);
    await reset(sb);
    expect(await requestsSince(sb, 0)).toEqual([]);
  });

  it("faults: status with Retry-After, delay, drop, after the operation, HTML, raw bodies, consumed by count", async () => {
    await injectFault(sb, { vendor: "polytomic", status: 429, retryAfter: 7, times: 2 });
    for (let i = 0; i < 2; i++) {
      const limited = await raw(`${sb.baseUrls.polytomic}/api/webhooks`, { headers: { authorization: "Bearer sandbox-token" } });
      expect([limited.status, limited.headers.get("retry-after")]).toEqual([429, "7"]);
    }
    expect((await byHand(sb, "polytomic", "GET", "/api/webhooks")).status).toBe(200);

    await injectFault(sb, { vendor: "polytomic", delayMs: 300 });
    const t = Date.now();
    await byHand(sb, "polytomic", "GET", "/api/webhooks");
    expect(Date.now() - t).toBeGreaterThanOrEqual(290);

    await injectFault(sb, { vendor: "polytomic", drop: true });
    await expect(byHand(sb, "polytomic", "GET", "/api/webhooks")).rejects.toThrow();

    await injectFault(sb, { vendor: "polytomic", method: "POST", afterOperation: true, status: 500 });
    expect((await byHand(sb, "polytomic", "POST", "/api/webhooks", { endpoint: "https://e.example/p", secret: "secret-1" })).status).toBe(500);
    expect((await byHand(sb, "polytomic", "GET", "/api/webhooks")).body.data).toHaveLength(1);

    await injectFault(sb, { vendor: "talkover", status: 502, html: true });
    const html = await raw(`${sb.baseUrls.talkover}/agents/${AGENT}/webhooks`, { headers: { authorization: "Bearer sandbox-token" } });
    expect([html.status, html.headers.get("content-type")]).toEqual([502, "text/html"]);
    await injectFault(sb, { vendor: "talkover", status: 200, rawBody: "{broken" });
    expect((await raw(`${sb.baseUrls.talkover}/agents/${AGENT}/webhooks`, { headers: { authorization: "Bearer sandbox-token" } })).text).toBe("{broken");
  });

  it("rate limits answer 429 with the X-RateLimit headers", async () => {
    await fetch(`${sb.url}/_sandbox/rate-limits`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ vendor: "talkover", limit: 2, windowMs: 60_000 }) });
    const call = () => raw(`${sb.baseUrls.talkover}/agents/${AGENT}/webhooks`, { headers: { authorization: "Bearer sandbox-token" } });
    const [a, b, c] = [await call(), await call(), await call()];
    expect([a.status, b.status, c.status]).toEqual([200, 200, 429]);
    expect([b.headers.get("x-ratelimit-limit"), b.headers.get("x-ratelimit-remaining")]).toEqual(["2", "0"]);
    expect(Number(c.headers.get("x-ratelimit-reset"))).toBeGreaterThan(Date.now() / 1000);
    expect(Number(c.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("rotates tokens", async () => {
    await fetch(`${sb.url}/_sandbox/tokens`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ tokens: ["next-token"] }) });
    expect((await byHand(sb, "polytomic", "GET", "/api/webhooks")).status).toBe(401);
    expect((await raw(`${sb.baseUrls.polytomic}/api/webhooks`, { headers: { authorization: "Bearer next-token" } })).status).toBe(200);
    await fetch(`${sb.url}/_sandbox/tokens`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ tokens: ["sandbox-token"] }) });
  });

  it("bad JSON gets the vendor's answer and the sandbox keeps serving", async () => {
    const bad = await raw(`${sb.baseUrls.talkover}/agents/${AGENT}/webhooks`, { method: "POST", headers: { authorization: "Bearer sandbox-token", "content-type": "application/json" }, body: "{nope" });
    expect(bad.status).toBe(422);
    expect((await byHand(sb, "talkover", "GET", `/agents/${AGENT}/webhooks`)).status).toBe(200);
  });

  it("--state keeps data across restarts", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pw-sandbox-"));
    try {
      const first = await startSandbox({ port: 0, stateFile: join(dir, "s.json") });
      await byHand(first, "polytomic", "POST", "/api/webhooks", { endpoint: "https://e.example/p", secret: "secret-1" });
      await first.close();
      const second = await startSandbox({ port: 0, stateFile: join(dir, "s.json") });
      expect((await byHand(second, "polytomic", "GET", "/api/webhooks")).body.data).toHaveLength(1);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the CLI prints the base URLs and stops on SIGTERM", async () => {
    const child = spawn(process.execPath, ["provider/dist/sandbox/cli.js", "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    const out = await new Promise<string>((resolve) => {
      let text = "";
      child.stdout.on("data", (d) => {
        text += d;
        if (text.includes("autocalls")) resolve(text);
      });
    });
    const url = /autocalls\s+(\S+)/.exec(out)![1];
    expect((await raw(`${url}/user/assistants/get`, { headers: { authorization: "Bearer sandbox-token" } })).status).toBe(200);
    const exited = new Promise((r) => child.on("exit", r));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
