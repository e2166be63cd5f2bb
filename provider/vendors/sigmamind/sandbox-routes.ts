/**
 * SigmaMind's webhook API as the sandbox serves it, from SigmaMind's docs: no update
 * endpoint, the secret returned once, inactive webhooks hidden from the list unless
 * `active=false`. Shares no code with the client side.
 */
import { randomBytes } from "node:crypto";
import { isUrl, json, isObject, type SandboxReply, type SandboxRequest, type SandboxVendor } from "../../sandbox/types";

const EVENTS = ["conversation_started", "conversation_ended", "conversation_analysed"];

interface Webhook {
  webhookId: string;
  workspaceId: string;
  name: string;
  agentId: string;
  url: string;
  events: string[];
  active: boolean;
  secret: string;
}

interface State {
  workspaceId: string;
  agents: { id: string; name: string }[];
  webhooks: Webhook[];
}

/** Spring-style error body. */
function error(req: SandboxRequest, status: number, errorName: string, message: string, validationErrors?: { field: string; message: string }[]): SandboxReply {
  return json(status, {
    timestamp: new Date().toISOString(), status, error: errorName, message, path: `/v1${req.path.replace(/^\/v1/, "")}`,
    ...(validationErrors ? { validationErrors } : {}),
  });
}

/** The secret is returned once, by create. */
const present = ({ secret: _secret, ...rest }: Webhook) => rest;

function validate(body: Record<string, unknown>, state: State): { field: string; message: string }[] {
  const errors: { field: string; message: string }[] = [];
  const text = (f: string, max: number) => {
    if (typeof body[f] !== "string" || (body[f] as string).length < 1 || (body[f] as string).length > max) errors.push({ field: f, message: `must be 1 to ${max} characters` });
  };
  text("name", 128);
  text("agentId", 64);
  if (!isUrl(body.url)) errors.push({ field: "url", message: "must be an http(s) URL" });
  if (!Array.isArray(body.events) || body.events.length === 0) errors.push({ field: "events", message: "must contain at least one event" });
  else body.events.forEach((e, i) => EVENTS.includes(e as string) || errors.push({ field: `events[${i}]`, message: `must be one of ${EVENTS.join(", ")}` }));
  // Undocumented: an unknown agent is a validation error here.
  if (typeof body.agentId === "string" && !state.agents.some((a) => a.id === body.agentId)) errors.push({ field: "agentId", message: "agent not found in this workspace" });
  return errors;
}

const noUpdate = (req: SandboxRequest) => error(req, 405, "Method Not Allowed", `Request method '${req.method}' is not supported`);

export const sigmamindSandbox: SandboxVendor<State> = {
  name: "sigmamind",
  basePath: "/sigmamind",
  credential: (req) => (typeof req.headers["x-api-key"] === "string" ? req.headers["x-api-key"] : undefined),
  unauthorized: (req) => error(req, 401, "Unauthorized", "Invalid or missing API key"),
  notFound: (req) => error(req, 404, "Not Found", "No handler found"),
  badRequest: (req) => error(req, 400, "Bad Request", "Malformed JSON request"),
  seed: () => ({
    workspaceId: "ws_sandbox",
    agents: [
      { id: "agent_support", name: "Support agent" },
      { id: "agent_sales", name: "Sales agent" },
      { id: "agent_onboarding", name: "Onboarding agent" },
    ],
    webhooks: [],
  }),
  fixtures: (state) => ({ workspaceId: state.workspaceId, agents: state.agents, events: EVENTS }),
  routes: [
    {
      method: "POST",
      pattern: "/v1/webhooks",
      handle: (req, _p, state) => {
        const body = isObject(req.body) ? req.body : {};
        const errors = validate(body, state);
        if (errors.length) return error(req, 400, "Bad Request", "Validation failed", errors);
        const webhook: Webhook = {
          webhookId: `wh_${randomBytes(10).toString("hex")}`, workspaceId: state.workspaceId, name: body.name as string,
          agentId: body.agentId as string, url: body.url as string, events: [...new Set(body.events as string[])], active: true,
          secret: `sm_whsec_${randomBytes(20).toString("hex")}`,
        };
        state.webhooks.push(webhook);
        return json(201, webhook);
      },
    },
    {
      method: "GET",
      pattern: "/v1/webhooks",
      handle: (req, _p, state) => {
        const page = Number(req.query.get("page") ?? 0);
        const size = Number(req.query.get("size") ?? 20);
        if (!Number.isInteger(page) || page < 0 || !Number.isInteger(size) || size < 1 || size > 100) {
          return error(req, 400, "Bad Request", "page must be >= 0 and size 1 to 100");
        }
        // `active` defaults to true: inactive webhooks are hidden unless active=false is asked for.
        const active = req.query.get("active") !== "false";
        const agentId = req.query.get("agentId");
        const all = state.webhooks.filter((w) => w.active === active && (!agentId || w.agentId === agentId));
        const totalPages = Math.ceil(all.length / size);
        return json(200, {
          data: all.slice(page * size, page * size + size).map(present), page, size, totalCount: all.length, totalPages,
          hasNext: page + 1 < totalPages, hasPrevious: page > 0,
        });
      },
    },
    {
      method: "GET",
      pattern: "/v1/webhooks/:id",
      handle: (req, p, state) => {
        const w = state.webhooks.find((x) => x.webhookId === p.id);
        return w ? json(200, present(w)) : error(req, 404, "Not Found", `Webhook ${p.id} not found`);
      },
    },
    {
      method: "DELETE",
      pattern: "/v1/webhooks/:id",
      handle: (req, p, state) => {
        const i = state.webhooks.findIndex((x) => x.webhookId === p.id);
        if (i < 0) return error(req, 404, "Not Found", `Webhook ${p.id} not found`);
        state.webhooks.splice(i, 1);
        return json(204);
      },
    },
    // No update endpoint is documented.
    { method: "PUT", pattern: "/v1/webhooks/:id", handle: (req) => noUpdate(req) },
    { method: "PATCH", pattern: "/v1/webhooks/:id", handle: (req) => noUpdate(req) },
  ],
};
