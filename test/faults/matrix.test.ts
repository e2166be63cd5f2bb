/**
 * Faults × operations × vendors, through each resource's provider object against the
 * sandbox's fault injection. Every cell must end with the declared state at the vendor —
 * succeeding through retries, or failing with a clear error after which the next attempt
 * converges — and never with a duplicate or orphaned webhook. `npm run test:faults`
 * prints the matrix.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checked, created, providerFor, updated, type Props, type Provider } from "../helpers/provider";
import { byHand, injectFault, requestsSince, reset, sandboxConfig, start, type Sandbox } from "../helpers/sandbox";

const TIMEOUT_MS = 300;
const FAULTS: Record<string, Record<string, unknown>> = {
  "429": { status: 429, retryAfter: 0 },
  "500": { status: 500 },
  "502": { status: 502 },
  "503": { status: 503 },
  drop: { drop: true },
  slow: { afterOperation: true, delayMs: TIMEOUT_MS * 2 + 100 },
  ambiguous: { afterOperation: true, status: 502 },
  persistent: { status: 503, times: 50 },
  // Bad answers: the vendor did the work, but the answer cannot be read.
  "html 502": { status: 502, html: true },
  malformed: { afterOperation: true, status: 200, rawBody: "{\"data\": {" },
  empty: { afterOperation: true, status: 200, rawBody: "" },
  shape: { afterOperation: true, status: 200, body: { unexpected: true } },
  // Issue 10: never followed, never success.
  "3xx": { status: 307, headers: { location: "https://elsewhere.example.com/moved?token=t0k" } },
  // Issue 10: a wrong base URL or a proxy answers 404 for the route; nothing is "gone".
  "route 404": { routeMissing: true },
  // Issue 10: the answer exhausts the budget for an hour; nothing waits for it.
  "far reset": { headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "FAR" } },
};
/** Faults that may surface as an error (the next attempt must then converge), and the words it must carry. */
const MAY_FAIL: Record<string, RegExp> = {
  persistent: /503/,
  malformed: /unexpected shape: not JSON/,
  empty: /unexpected shape: empty body/,
  shape: /unexpected shape: /,
  "3xx": /307 redirected to https:\/\/elsewhere\.example\.com\/moved \(.*redirects are not followed/,
  "route 404": /404 .*check \w+:baseUrl \(the request went to /,
  "far reset": /rate limit of this account is used up until .*retry after /,
};
/** Secrets the cells use: none may appear in an error or in the sandbox log. */
const SECRETS = ["matrix-secret", "matrix-talkover-secret", "matrix-header-secret"];
const URL1 = "https://hooks.example.com/one";
const URL2 = "https://hooks.example.com/two";
const AGENT = "9fbef0b7-8d4e-4a08-9207-66c22155721d";

interface Remote {
  url: string | null;
  enabled: boolean;
}

interface VendorCase {
  base: Props;
  /** Everything the vendor holds for this test, as {url, enabled}. */
  remote(sb: Sandbox): Promise<Remote[]>;
  /** Method and vendor-relative path pattern of each operation's request. */
  targets: Partial<Record<"create" | "update" | "disable" | "read" | "delete", [string, string]>>;
}

const CASES: Record<string, VendorCase> = {
  talkover: {
    base: { agentId: AGENT, name: "matrix", url: URL1, events: ["event_action"], secret: "matrix-talkover-secret", customHeaders: [{ key: "Authorization", value: "matrix-header-secret" }] },
    remote: async (sb) => (await byHand(sb, "talkover", "GET", `/agents/${AGENT}/webhooks`)).body.data.webhooks.map((w: any) => ({ url: w.webhook_url, enabled: w.enabled })),
    targets: { create: ["POST", "^/agents/[^/]+/webhooks$"], update: ["PUT", "/webhooks/"], disable: ["PUT", "/webhooks/"], read: ["GET", "/webhooks/"], delete: ["DELETE", "/webhooks/"] },
  },
  polytomic: {
    base: { endpoint: URL1, secret: "matrix-secret" },
    remote: async (sb) => (await byHand(sb, "polytomic", "GET", "/api/webhooks")).body.data.map((w: any) => ({ url: w.endpoint, enabled: !w.disabled })),
    targets: { create: ["POST", "^/api/webhooks$"], update: ["PUT", "^/api/webhooks/"], disable: ["POST", "/disable$"], read: ["GET", "^/api/webhooks/"], delete: ["DELETE", "^/api/webhooks/"] },
  },
  shodai: {
    base: { url: URL1 },
    remote: async (sb) => (await byHand(sb, "shodai", "GET", "/v0/webhooks?limit=100")).body.data.map((s: any) => ({ url: s.url, enabled: s.status === "active" })),
    targets: { create: ["POST", "^/v0/webhooks$"], update: ["PATCH", "^/v0/webhooks/"], disable: ["PATCH", "^/v0/webhooks/"], read: ["GET", "^/v0/webhooks/"], delete: ["DELETE", "^/v0/webhooks/"] },
  },
  sigmamind: {
    base: { agentId: "agent_support", name: "matrix", url: URL1, events: ["conversation_ended"] },
    remote: async (sb) => (await byHand(sb, "sigmamind", "GET", "/v1/webhooks?agentId=agent_support")).body.data.map((w: any) => ({ url: w.url, enabled: w.active })),
    // No update endpoint: every edit is a replacement (a create and a delete, covered here).
    targets: { create: ["POST", "^/v1/webhooks$"], disable: ["DELETE", "^/v1/webhooks/"], read: ["GET", "^/v1/webhooks/"], delete: ["DELETE", "^/v1/webhooks/"] },
  },
  autocalls: {
    base: { assistantId: 1001, url: URL1 },
    remote: async (sb) => {
      const a = (await byHand(sb, "autocalls", "GET", "/user/assistants/get?page=1&per_page=1")).body.data[0];
      return a.is_webhook_active || a.webhook_url ? [{ url: a.webhook_url, enabled: a.is_webhook_active }] : [];
    },
    targets: { create: ["POST", "enable-webhook"], update: ["POST", "enable-webhook"], disable: ["POST", "disable-webhook"], read: ["GET", "/get$"], delete: ["POST", "disable-webhook"] },
  },
};

/** What the vendor must hold once each operation has converged. */
const EXPECTED: Record<string, (vendor: string) => Remote[]> = {
  create: () => [{ url: URL1, enabled: true }],
  update: () => [{ url: URL2, enabled: true }],
  // SigmaMind cannot pause (disabling deletes); Autocalls forgets the url of an off webhook.
  disable: (v) => (v === "sigmamind" || v === "autocalls" ? [] : [{ url: URL1, enabled: false }]),
  read: () => [{ url: URL1, enabled: true }],
  // Shodai has no hard delete: the record stays, disabled.
  delete: (v) => (v === "shodai" ? [{ url: URL1, enabled: false }] : []),
};

const credentialKey = (vendor: string) => `${vendor}:${vendor === "talkover" || vendor === "autocalls" ? "apiToken" : "apiKey"}`;
const setTokens = (tokens: string[]) =>
  fetch(`${sb.url}/_sandbox/tokens`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ tokens }) });

/** No secret value, and no webhook URL beyond its host, in an error or the sandbox log. */
function expectNoSecret(text: string): void {
  for (const secret of [...SECRETS, ...signingSecrets]) expect(text).not.toContain(secret);
}
const signingSecrets = new Set<string>();

let sb: Sandbox;
const results: { vendor: string; op: string; fault: string; outcome: string }[] = [];
const saved = { ...process.env };

beforeAll(async () => {
  sb = await start();
  Object.assign(process.env, { PULUMI_WEBHOOKS_TIMEOUT_MS: String(TIMEOUT_MS), PULUMI_WEBHOOKS_RETRY_BASE_MS: "5", PULUMI_WEBHOOKS_MAX_RETRIES: "3", PULUMI_WEBHOOKS_LIST_CACHE_MS: "0" });
});
afterAll(async () => {
  for (const k of ["PULUMI_WEBHOOKS_TIMEOUT_MS", "PULUMI_WEBHOOKS_RETRY_BASE_MS", "PULUMI_WEBHOOKS_MAX_RETRIES", "PULUMI_WEBHOOKS_LIST_CACHE_MS"]) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  await sb?.close();
  printMatrix();
});

/** Runs one operation; the outcome for the table. */
async function perform(provider: Provider, op: string, c: VendorCase, state: { id: string; outs: Props }) {
  switch (op) {
    case "create":
      return created(provider, c.base);
    case "update":
      return updated(provider, state.id, state.outs, { ...c.base, ...(c.base.endpoint ? { endpoint: URL2 } : { url: URL2 }) });
    case "disable":
      return updated(provider, state.id, state.outs, { ...c.base, enabled: false });
    case "read": {
      const read = await provider.read(state.id, state.outs);
      expect(read.id).toBe(state.id);
      expect(read.inputs).toEqual(await checked(provider, c.base));
      return read;
    }
    default:
      return provider.delete(state.id, state.outs);
  }
}

for (const [vendor, c] of Object.entries(CASES)) {
  describe(vendor, () => {
    for (const [op, [method, path]] of Object.entries(c.targets)) {
      for (const [fault, spec] of Object.entries(FAULTS)) {
        it(`${op} × ${fault}`, async () => {
          await reset(sb);
          // A far reset exhausts one account's budget for an hour: that cell runs on an account (token) of its own.
          const token = fault === "far reset" ? `far-${vendor}-${op}` : "sandbox-token";
          const config = { ...sandboxConfig(sb, vendor), [credentialKey(vendor)]: token };
          await setTokens(["sandbox-token", token]);
          let provider = await providerFor(vendor, config);
          const state = op === "create" ? { id: "", outs: {} } : await created(provider, c.base);
          const headers = spec.headers && Object.fromEntries(Object.entries(spec.headers as Record<string, string>).map(([k, v]) => [k, v === "FAR" ? String(Math.floor(Date.now() / 1000) + 3600) : v]));
          await injectFault(sb, { vendor, method, path, ...spec, ...(headers ? { headers } : {}) });
          let outcome = "succeeded";
          try {
            await perform(provider, op, c, state);
          } catch (err) {
            // Only a fault that outlasts every retry may surface, with a clear message; the next attempt converges.
            expect(Object.keys(MAY_FAIL)).toContain(fault);
            expect(String(err)).toMatch(new RegExp(`^\\w*Error: ${vendor}: could not `));
            expect(String(err)).toMatch(MAY_FAIL[fault]);
            expectNoSecret(String(err));
            await fetch(`${sb.url}/_sandbox/faults`, { method: "DELETE" });
            // That account waits an hour: the next attempt is the next run, with the stack's usual account.
            if (fault === "far reset") provider = await providerFor(vendor, sandboxConfig(sb, vendor));
            await perform(provider, op, c, state);
            outcome = "failed clearly, then converged";
          }
          if (fault === "far reset" && outcome === "succeeded") {
            // The exhausted budget is not waited for in silence: the next request fails at once, saying when.
            const started = Date.now();
            await expect(created(provider, c.base)).rejects.toThrow(MAY_FAIL[fault]);
            expect(Date.now() - started).toBeLessThan(1000);
          }
          // The fault really hit this operation's request (a cell that misses its target proves nothing).
          expect((await (await fetch(`${sb.url}/_sandbox/faults`)).json()).faults).toEqual([]);
          const remote = await c.remote(sb);
          // Shodai never deletes, so an orphan of an ambiguous create is left disabled; only active ones count there.
          const seen = vendor === "shodai" && op === "create" ? remote.filter((r) => r.enabled) : remote;
          expect(seen).toEqual(EXPECTED[op](vendor));
          if (typeof state.outs.signingSecret === "string") signingSecrets.add(state.outs.signingSecret);
          expectNoSecret(JSON.stringify(await requestsSince(sb, 0)));
          results.push({ vendor, op, fault, outcome });
        });
      }
    }
  });
}

/** Where a twin (same settings, not ours) can exist, and how the sandbox lists every webhook with its id. */
const TWINS: Record<string, { make(sb: Sandbox): Promise<string>; ids(sb: Sandbox): Promise<{ id: string; active: boolean }[]> }> = {
  talkover: {
    make: async (sb) => (await byHand(sb, "talkover", "POST", `/agents/${AGENT}/webhooks`, { name: "matrix", webhook_url: URL1, events: ["event_action"] })).body.data.id,
    ids: async (sb) => (await byHand(sb, "talkover", "GET", `/agents/${AGENT}/webhooks`)).body.data.webhooks.map((w: any) => ({ id: w.id, active: w.enabled })),
  },
  shodai: {
    make: async (sb) => (await byHand(sb, "shodai", "POST", "/v0/webhooks", { url: URL1 })).body.data.id,
    ids: async (sb) => (await byHand(sb, "shodai", "GET", "/v0/webhooks?limit=100")).body.data.map((s: any) => ({ id: s.id, active: s.status === "active" })),
  },
  sigmamind: {
    make: async (sb) => (await byHand(sb, "sigmamind", "POST", "/v1/webhooks", { agentId: "agent_support", name: "matrix", url: URL1, events: ["conversation_ended"] })).body.webhookId,
    ids: async (sb) => (await byHand(sb, "sigmamind", "GET", "/v1/webhooks?agentId=agent_support")).body.data.map((w: any) => ({ id: w.webhookId, active: w.active })),
  },
};
const AMBIGUOUS = ["ambiguous", "slow", "malformed", "empty", "shape"];

for (const [vendor, twin] of Object.entries(TWINS)) {
  describe(`${vendor} with a twin`, () => {
    // Polytomic allows one webhook per organization and Autocalls one per assistant: no twin can exist there.
    for (const fault of AMBIGUOUS) {
      it(`create × twin + ${fault}`, async () => {
        await reset(sb);
        const twinId = await twin.make(sb);
        const provider = await providerFor(vendor, sandboxConfig(sb, vendor));
        await injectFault(sb, { vendor, method: CASES[vendor].targets.create![0], path: CASES[vendor].targets.create![1], ...FAULTS[fault] });
        let outcome = "succeeded";
        let made: { id: string; outs: Props };
        try {
          made = await created(provider, CASES[vendor].base);
        } catch (err) {
          expect(Object.keys(MAY_FAIL)).toContain(fault);
          expect(String(err)).toMatch(MAY_FAIL[fault]);
          await fetch(`${sb.url}/_sandbox/faults`, { method: "DELETE" });
          made = await created(provider, CASES[vendor].base);
          outcome = "failed clearly, then converged";
        }
        const ours = vendor === "sigmamind" ? made.outs.webhookId : made.id;
        const all = await twin.ids(sb);
        // The twin is untouched (still there, still active, not adopted) and exactly one active webhook is ours.
        expect(ours).not.toBe(twinId);
        expect(all.find((w) => w.id === twinId)).toEqual({ id: twinId, active: true });
        expect(all.filter((w) => w.active).map((w) => w.id).sort()).toEqual([twinId, ours].sort());
        results.push({ vendor, op: "create+twin", fault, outcome });
      });
    }
  });
}

/** State that names an id the vendor does not have: its own resource-level 404. */
const GONE: Record<string, (state: { id: string; outs: Props }) => { id: string; outs: Props }> = {
  talkover: (s) => ({ id: "00000000-0000-4000-8000-000000000000", outs: { ...s.outs, webhookId: "00000000-0000-4000-8000-000000000000" } }),
  polytomic: (s) => ({ id: "00000000-0000-4000-8000-000000000000", outs: { ...s.outs, webhookId: "00000000-0000-4000-8000-000000000000" } }),
  shodai: (s) => ({ id: "wh_doesnotexist", outs: { ...s.outs, subscriptionId: "wh_doesnotexist" } }),
  sigmamind: (s) => ({ id: s.id, outs: { ...s.outs, webhookId: "wh_doesnotexist" } }),
  autocalls: () => ({ id: "999999", outs: { assistantId: 999999, url: URL1, enabled: true, adopt: false } }),
};

for (const [vendor, goneState] of Object.entries(GONE)) {
  describe(`${vendor} resource-level 404`, () => {
    for (const op of ["read", "delete"]) {
      it(`${op} × resource 404`, async () => {
        await reset(sb);
        const provider = await providerFor(vendor, sandboxConfig(sb, vendor));
        const state = goneState(await created(provider, CASES[vendor].base));
        // The vendor's own "does not exist" for that id: read reports it gone, delete is done.
        if (op === "read") expect((await provider.read(state.id, state.outs)).id).toBe("");
        else await expect(provider.delete(state.id, state.outs)).resolves.toBeUndefined();
        // And nothing else was touched.
        expect(await CASES[vendor].remote(sb)).toEqual(EXPECTED.read(vendor));
        results.push({ vendor, op, fault: "resource 404", outcome: "succeeded" });
      });
    }
  });
}

function printMatrix(): void {
  const faults = [...Object.keys(FAULTS), "resource 404"];
  const rows = new Map<string, Record<string, string>>();
  for (const r of results) {
    const key = `${r.vendor} ${r.op}`;
    rows.set(key, { ...rows.get(key), [r.fault]: r.outcome === "succeeded" ? "ok" : "err→ok" });
  }
  /** Cells that exist for a row ("·" elsewhere); a missing one of these is a failed test. */
  const applies = (key: string, fault: string) =>
    key.endsWith("create+twin") ? AMBIGUOUS.includes(fault) : fault !== "resource 404" || /(read|delete)$/.test(key);
  const width = 22;
  const lines = [`${"vendor operation".padEnd(width)}${faults.map((f) => f.padEnd(11)).join("")}`];
  for (const [key, cells] of rows) lines.push(`${key.padEnd(width)}${faults.map((f) => (cells[f] ?? (applies(key, f) ? "FAIL" : "·")).padEnd(11)).join("")}`);
  console.log(`\nFault matrix, ${results.length} cells (ok: succeeded through retries; err→ok: failed with a clear error, next attempt converged; ·: does not apply; FAIL: see the test)\n${lines.join("\n")}\n`);
}
