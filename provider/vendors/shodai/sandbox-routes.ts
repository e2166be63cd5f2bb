/**
 * Shodai's Agreements API webhook subscriptions as the sandbox serves them, from Shodai's
 * docs: `{data, meta}` envelopes, the signing secret only from create, DELETE that only
 * disables. Shares no code with the client side.
 */
import { randomBytes } from "node:crypto";
import { isObject, isUrl, json, type SandboxReply, type SandboxRequest, type SandboxVendor } from "../../sandbox/types";

const EVENT_TYPES = ["agreement.transitioned", "agreement.notification.triggered"];
const FILTER_KEYS = ["agreementIds", "templateIds", "inputIds", "fromStates", "toStates", "ruleIds"];

interface Subscription {
  id: string;
  principalId: string;
  createdByApiKeyId: string;
  url: string;
  status: "active" | "disabled";
  eventTypes: string[];
  filters?: Record<string, string[]>;
  createdAt: string;
  updatedAt: string;
}

interface State {
  principalId: string;
  subscriptions: Subscription[];
}

const requestId = () => `req_${randomBytes(8).toString("hex")}`;

function ok(status: number, data: unknown, extra: Record<string, unknown> = {}): SandboxReply {
  const id = requestId();
  return json(status, { data, ...extra, meta: { apiVersion: "v0", requestId: id } }, { "x-request-id": id });
}

function fail(status: number, code: string, message: string, details?: unknown): SandboxReply {
  const id = requestId();
  return json(status, { error: { code, message, ...(details ? { details } : {}), requestId: id } }, { "x-request-id": id });
}

const missing = (id: string) => fail(404, "not_found", `Webhook subscription ${id} not found`);

/** Checks the fields present; eventTypes null or [] mean the default. */
function validate(body: Record<string, unknown>, creating: boolean): { path: string; message: string }[] {
  const details: { path: string; message: string }[] = [];
  if ((creating || body.url !== undefined) && !isUrl(body.url, ["https:"])) details.push({ path: "url", message: "must be an https URL" });
  if (body.eventTypes !== undefined && body.eventTypes !== null) {
    if (!Array.isArray(body.eventTypes)) details.push({ path: "eventTypes", message: "must be an array" });
    else body.eventTypes.forEach((e, i) => EVENT_TYPES.includes(e as string) || details.push({ path: `eventTypes[${i}]`, message: `must be one of ${EVENT_TYPES.join(", ")}` }));
  }
  if (body.filters !== undefined && body.filters !== null) {
    if (!isObject(body.filters)) details.push({ path: "filters", message: "must be an object" });
    else for (const [k, v] of Object.entries(body.filters)) {
      if (!FILTER_KEYS.includes(k)) details.push({ path: `filters.${k}`, message: "unknown filter" });
      else if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) details.push({ path: `filters.${k}`, message: "must be an array of strings" });
    }
  }
  if (body.status !== undefined && body.status !== "active" && body.status !== "disabled") details.push({ path: "status", message: "must be active or disabled" });
  return details;
}

const eventTypesOf = (value: unknown) => (Array.isArray(value) && value.length > 0 ? [...new Set(value as string[])] : ["agreement.transitioned"]);

function subscription(state: State, id: string) {
  return state.subscriptions.find((s) => s.id === id);
}

export const shodaiSandbox: SandboxVendor<State> = {
  name: "shodai",
  basePath: "/shodai",
  credential(req: SandboxRequest) {
    const key = req.headers["x-api-key"];
    if (typeof key === "string") return key;
    const auth = req.headers.authorization;
    return auth?.startsWith("Bearer ") ? auth.slice(7).trim() : undefined;
  },
  unauthorized: () => fail(401, "unauthorized", "Missing or invalid API key"),
  notFound: (req) => fail(404, "not_found", `No route for ${req.method} ${req.path}`),
  badRequest: () => fail(400, "invalid_json", "Request body must be valid JSON"),
  seed: () => ({ principalId: "prn_sandbox", subscriptions: [] }),
  fixtures: (state) => ({ principalId: state.principalId, eventTypes: EVENT_TYPES, environments: ["production", "testnet"] }),
  routes: [
    {
      method: "POST",
      pattern: "/v0/webhooks",
      handle: (req, _p, state) => {
        const body = isObject(req.body) ? req.body : {};
        const details = validate(body, true);
        if (details.length) return fail(400, "validation_error", "Invalid webhook subscription", details);
        const at = new Date().toISOString();
        const sub: Subscription = {
          id: `wh_${randomBytes(12).toString("hex")}`, principalId: state.principalId, createdByApiKeyId: "key_sandbox",
          url: body.url as string, status: "active", eventTypes: eventTypesOf(body.eventTypes),
          ...(isObject(body.filters) ? { filters: body.filters as Record<string, string[]> } : {}), createdAt: at, updatedAt: at,
        };
        state.subscriptions.push(sub);
        // The signing secret exists only in this answer.
        return ok(201, { ...sub, secret: `whsec_${randomBytes(24).toString("base64url")}` });
      },
    },
    {
      method: "GET",
      pattern: "/v0/webhooks",
      handle: (req, _p, state) => {
        const limit = req.query.has("limit") ? Number(req.query.get("limit")) : 20;
        if (!Number.isInteger(limit) || limit < 1 || limit > 100) return fail(400, "validation_error", "limit must be 1 to 100", [{ path: "limit", message: "must be 1 to 100" }]);
        // Cursor paging (the format is undocumented): the cursor is an opaque offset.
        const start = req.query.has("cursor") ? Number(Buffer.from(req.query.get("cursor")!, "base64url").toString()) : 0;
        if (!Number.isInteger(start) || start < 0) return fail(400, "validation_error", "invalid cursor", [{ path: "cursor", message: "invalid" }]);
        const page = state.subscriptions.slice(start, start + limit);
        const next = start + limit < state.subscriptions.length ? Buffer.from(String(start + limit)).toString("base64url") : null;
        return ok(200, page, { pageInfo: { limit, nextCursor: next, totalCount: state.subscriptions.length } });
      },
    },
    {
      method: "GET",
      pattern: "/v0/webhooks/:id",
      handle: (_req, p, state) => {
        const s = subscription(state, p.id);
        return s ? ok(200, s) : missing(p.id);
      },
    },
    {
      method: "PATCH",
      pattern: "/v0/webhooks/:id",
      handle: (req, p, state) => {
        const s = subscription(state, p.id);
        if (!s) return missing(p.id);
        const body = isObject(req.body) ? req.body : {};
        const details = validate(body, false);
        if (details.length) return fail(400, "validation_error", "Invalid webhook subscription", details);
        if (body.url !== undefined) s.url = body.url as string;
        if (body.status !== undefined) s.status = body.status as Subscription["status"];
        // null or [] resets to the default.
        if (body.eventTypes !== undefined) s.eventTypes = eventTypesOf(body.eventTypes);
        // Filters replace the whole object.
        if (body.filters !== undefined) {
          if (isObject(body.filters) && Object.keys(body.filters).length) s.filters = body.filters as Record<string, string[]>;
          else delete s.filters;
        }
        s.updatedAt = new Date().toISOString();
        return ok(200, s);
      },
    },
    {
      method: "DELETE",
      pattern: "/v0/webhooks/:id",
      handle: (_req, p, state) => {
        const s = subscription(state, p.id);
        if (!s) return missing(p.id);
        // No hard delete at Shodai: the record stays, disabled.
        s.status = "disabled";
        s.updatedAt = new Date().toISOString();
        return ok(200, s);
      },
    },
  ],
};
