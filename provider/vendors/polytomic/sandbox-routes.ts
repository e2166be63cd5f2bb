/**
 * Polytomic's webhook API as the sandbox serves it, from Polytomic's docs and SDK: one
 * webhook per organization, the secret echoed back, Idempotency-Key replay.
 * Shares no code with the client side.
 */
import { createHash, randomUUID } from "node:crypto";
import { isObject, isUrl, json, type SandboxReply, type SandboxRequest, type SandboxVendor } from "../../sandbox/types";

interface Webhook {
  id: string;
  organization_id: string;
  endpoint: string;
  secret: string;
  disabled: boolean;
  created_at: string;
}

interface State {
  organizations: { id: string; name: string }[];
  webhooks: Webhook[];
  /** Idempotency-Key → the first outcome, replayed for repeats. */
  idempotency: Record<string, { fingerprint: string; reply: SandboxReply }>;
}

const error = (status: number, message: string, metadata?: Record<string, string>): SandboxReply =>
  json(status, { message, status, ...(metadata ? { metadata } : {}) });
const missing = (id: string) => error(404, `webhook ${id} not found`);

function validate(body: Record<string, unknown>): Record<string, string> | undefined {
  const problems: Record<string, string> = {};
  if (!isUrl(body.endpoint)) problems.endpoint = "endpoint is required and must be a valid URL";
  if (typeof body.secret !== "string" || body.secret.length < 6 || body.secret.length > 32) problems.secret = "secret is required and must be 6 to 32 characters";
  if (body.organization_id !== undefined && typeof body.organization_id !== "string") problems.organization_id = "organization_id must be a UUID";
  return Object.keys(problems).length ? problems : undefined;
}

function create(req: SandboxRequest, state: State): SandboxReply {
  const body = isObject(req.body) ? req.body : {};
  const problems = validate(body);
  if (problems) return error(422, "invalid webhook", problems);
  const org = (body.organization_id as string | undefined) ?? state.organizations[0].id;
  if (!state.organizations.some((o) => o.id === org)) return error(404, `organization ${org} not found`);
  const existing = state.webhooks.find((w) => w.organization_id === org);
  // Undocumented: the sandbox answers 409 and names the webhook that holds the organization's one slot.
  if (existing) return error(409, `organization ${org} already has webhook ${existing.id}; only one webhook per organization is allowed`);
  const webhook: Webhook = { id: randomUUID(), organization_id: org, endpoint: body.endpoint as string, secret: body.secret as string, disabled: false, created_at: new Date().toISOString() };
  state.webhooks.push(webhook);
  return json(200, { data: webhook });
}

export const polytomicSandbox: SandboxVendor<State> = {
  name: "polytomic",
  basePath: "/polytomic",
  credential(req) {
    const auth = req.headers.authorization ?? "";
    if (auth.startsWith("Bearer ")) return auth.slice(7).trim();
    if (auth.startsWith("Basic ")) {
      // An organization-scoped (deployment) key is HTTP Basic credentials: base64 of "key:"
      // (the key as user name, empty password). A raw key after "Basic" is refused.
      const raw = auth.slice(6).trim();
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(raw) || Buffer.from(raw, "base64").toString("base64") !== raw) return undefined;
      const decoded = Buffer.from(raw, "base64").toString("utf8");
      return decoded.endsWith(":") && decoded.length > 1 ? decoded.slice(0, -1) : undefined;
    }
    return undefined;
  },
  unauthorized: () => error(401, "unauthorized: a valid API key is required"),
  notFound: (req) => error(404, `no route for ${req.method} ${req.path}`),
  badRequest: () => error(400, "request body must be valid JSON"),
  seed: () => ({
    organizations: [
      { id: "0f8fad5b-d9cb-469f-a165-70867728950e", name: "Acme (default organization of the user key)" },
      { id: "7c9e6679-7425-40de-944b-e07fc1f90ae7", name: "Acme EU" },
    ],
    webhooks: [],
    idempotency: {},
  }),
  fixtures: (state) => ({ organizations: state.organizations, apiVersion: "2025-09-18" }),
  routes: [
    { method: "GET", pattern: "/api/webhooks", handle: (_req, _p, state) => json(200, { data: state.webhooks }) },
    {
      method: "POST",
      pattern: "/api/webhooks",
      handle: (req, _p, state) => {
        const key = req.headers["idempotency-key"];
        if (typeof key !== "string") return create(req, state);
        if (!/^[A-Za-z0-9_-]{8,255}$/.test(key)) return error(400, "Idempotency-Key must be 8 to 255 characters of A-Z, a-z, 0-9, _ or -");
        const fingerprint = createHash("sha256").update(JSON.stringify(req.body ?? null)).digest("hex");
        const seen = state.idempotency[key];
        if (seen) {
          if (seen.fingerprint !== fingerprint) return error(422, "Idempotency-Key was already used with a different request");
          return { ...seen.reply, headers: { ...seen.reply.headers, "idempotent-replayed": "true" } };
        }
        const reply = create(req, state);
        state.idempotency[key] = { fingerprint, reply };
        return reply;
      },
    },
    {
      method: "GET",
      pattern: "/api/webhooks/:id",
      handle: (_req, p, state) => {
        const w = state.webhooks.find((x) => x.id === p.id);
        return w ? json(200, { data: w }) : missing(p.id);
      },
    },
    {
      method: "PUT",
      pattern: "/api/webhooks/:id",
      handle: (req, p, state) => {
        const w = state.webhooks.find((x) => x.id === p.id);
        if (!w) return missing(p.id);
        const body = isObject(req.body) ? req.body : {};
        // Both endpoint and secret are required on every update.
        const problems = validate(body);
        if (problems) return error(422, "invalid webhook", problems);
        w.endpoint = body.endpoint as string;
        w.secret = body.secret as string;
        return json(200, { data: w });
      },
    },
    {
      method: "DELETE",
      pattern: "/api/webhooks/:id",
      handle: (_req, p, state) => {
        const i = state.webhooks.findIndex((x) => x.id === p.id);
        if (i < 0) return missing(p.id);
        state.webhooks.splice(i, 1);
        return json(204);
      },
    },
    ...(["enable", "disable"] as const).map((action) => ({
      method: "POST",
      pattern: `/api/webhooks/:id/${action}`,
      handle: (_req: SandboxRequest, p: Record<string, string>, state: State) => {
        const w = state.webhooks.find((x) => x.id === p.id);
        if (!w) return missing(p.id);
        w.disabled = action === "disable";
        return json(200, { data: w });
      },
    })),
  ],
};
