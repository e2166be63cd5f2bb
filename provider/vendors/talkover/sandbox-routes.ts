/**
 * Talkover's webhook API as the sandbox serves it, written from Talkover's docs and
 * OpenAPI (shared/vendor-specs): Laravel-style 422s, a toggle that flips, a write-only
 * secret. Shares no code with the client side.
 */
import { randomUUID } from "node:crypto";
import { bearer, isObject, isUrl, json, type SandboxReply, type SandboxRequest, type SandboxVendor } from "../../sandbox/types";

const EVENTS: Record<string, string> = Object.fromEntries(
  ["phone_call_started", "phone_call_ended", "phone_call_did_not_connect", "phone_call_connected", "phone_call_disconnected",
    "phone_call_error", "participant_joined", "participant_left", "voicemail_detected", "voicemail_message_left",
    "conversation_started", "conversation_ended", "action", "action_failed", "recording", "connection_established",
    "connection_closed", "connection_error", "user_connected", "user_disconnected", "client_connected", "client_disconnected"]
    .map((e) => [`event_${e}`, `Sent on ${e.replace(/_/g, " ")}`]),
);
const METHODS = ["POST", "PUT", "PATCH"];
const SCHEMES = ["none", "bearer", "basic", "api_key", "custom"];

interface Webhook {
  id: string;
  agent_id: string;
  name: string;
  webhook_url: string;
  webhook_secret: string | null;
  events: string[];
  timeout: number;
  max_retries: number;
  enabled: boolean;
  http_method: string;
  authorization_scheme: string;
  custom_headers: { key: string; value: string }[];
  payload_templates: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

interface State {
  agents: { id: string; name: string }[];
  webhooks: Webhook[];
}

/** Laravel's timestamp format: microseconds and a Z. */
const now = () => new Date().toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");

/** The public shape: the secret is write-only; status and events_count are derived. */
function present(w: Webhook) {
  const { webhook_secret: _secret, ...rest } = w;
  return { ...rest, events_count: w.events.length, status: w.enabled ? "active" : "disabled" };
}

const invalid = (errors: Record<string, string[]>): SandboxReply => json(422, { message: "The given data was invalid.", errors });
const agentMissing = () => json(404, { success: false, message: "Agent not found in this environment." });
const webhookMissing = () => json(404, { success: false, message: "Webhook not found." });

/** Validates the fields present; `creating` also requires name, webhook_url and events. */
function validate(body: Record<string, unknown>, creating: boolean): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const fail = (field: string, message: string) => (errors[field] ??= []).push(message);
  const has = (f: string) => body[f] !== undefined;
  if (creating) for (const f of ["name", "webhook_url", "events"]) if (!has(f)) fail(f, `The ${f.replace("_", " ")} field is required.`);
  if (has("name") && (typeof body.name !== "string" || body.name.length === 0 || body.name.length > 255)) fail("name", "The name must be a string of at most 255 characters.");
  if (has("webhook_url") && (!isUrl(body.webhook_url) || (body.webhook_url as string).length > 500)) fail("webhook_url", "The webhook url must be a valid URL of at most 500 characters.");
  if (has("events")) {
    if (!Array.isArray(body.events) || body.events.length === 0) fail("events", "The events must be an array with at least 1 item.");
    else body.events.forEach((e, i) => typeof e === "string" && EVENTS[e] ? undefined : fail(`events.${i}`, `The selected events.${i} is invalid.`));
  }
  if (has("webhook_secret") && body.webhook_secret !== null && (typeof body.webhook_secret !== "string" || body.webhook_secret.length > 255)) fail("webhook_secret", "The webhook secret must be a string of at most 255 characters.");
  const int = (f: string, min: number, max: number) => {
    if (has(f) && !(Number.isInteger(body[f]) && (body[f] as number) >= min && (body[f] as number) <= max)) fail(f, `The ${f.replace("_", " ")} must be an integer between ${min} and ${max}.`);
  };
  int("timeout", 5, 120);
  int("max_retries", 0, 10);
  if (has("enabled") && typeof body.enabled !== "boolean") fail("enabled", "The enabled field must be true or false.");
  if (has("http_method") && !METHODS.includes(body.http_method as string)) fail("http_method", "The selected http method is invalid.");
  if (has("authorization_scheme") && !SCHEMES.includes(body.authorization_scheme as string)) fail("authorization_scheme", "The selected authorization scheme is invalid.");
  if (has("custom_headers") && !(Array.isArray(body.custom_headers) && body.custom_headers.every((h) => isObject(h) && typeof h.key === "string" && typeof h.value === "string"))) fail("custom_headers", "The custom headers must be a list of key/value strings.");
  if (has("payload_templates") && !isObject(body.payload_templates)) fail("payload_templates", "The payload templates must be an object.");
  return errors;
}

const FIELDS = ["name", "webhook_url", "webhook_secret", "events", "timeout", "max_retries", "enabled", "http_method", "authorization_scheme", "custom_headers", "payload_templates"] as const;

function findAgent(state: State, id: string) {
  return state.agents.find((a) => a.id === id);
}

function findWebhook(state: State, agent: string, id: string) {
  return state.webhooks.find((w) => w.agent_id === agent && w.id === id);
}

export const talkoverSandbox: SandboxVendor<State> = {
  name: "talkover",
  basePath: "/talkover/api/v1",
  credential: bearer,
  unauthorized: () => json(401, { message: "Missing Bearer Token" }),
  // Laravel's answer for an unknown route: unlike "Webhook not found.", it says nothing about a webhook.
  notFound: (req) => json(404, { message: `The route ${req.path.replace(/^\//, "")} could not be found.` }),
  badRequest: () => invalid({ body: ["The request body must be valid JSON."] }),
  seed: () => ({
    agents: [
      { id: "9fbef0b7-8d4e-4a08-9207-66c22155721d", name: "Support line" },
      { id: "5d0c3b1e-2f4a-4c6b-9e8d-7a1b2c3d4e5f", name: "Sales line" },
      { id: "c1a2b3c4-d5e6-4f70-8a9b-0c1d2e3f4a5b", name: "After-hours line" },
    ],
    webhooks: [],
  }),
  fixtures: (state) => ({ agents: state.agents, events: Object.keys(EVENTS) }),
  routes: [
    {
      method: "GET",
      pattern: "/agents/:agent/webhooks",
      handle: (_req, p, state) => {
        if (!findAgent(state, p.agent)) return agentMissing();
        const webhooks = state.webhooks.filter((w) => w.agent_id === p.agent).map(present);
        return json(200, { success: true, data: { webhooks, available_events: EVENTS } });
      },
    },
    {
      method: "POST",
      pattern: "/agents/:agent/webhooks",
      handle: (req, p, state) => {
        if (!findAgent(state, p.agent)) return agentMissing();
        const body = isObject(req.body) ? req.body : {};
        const errors = validate(body, true);
        if (Object.keys(errors).length) return invalid(errors);
        const at = now();
        const webhook: Webhook = {
          id: randomUUID(), agent_id: p.agent, name: body.name as string, webhook_url: body.webhook_url as string,
          webhook_secret: (body.webhook_secret as string | null) ?? null, events: body.events as string[],
          timeout: (body.timeout as number) ?? 30, max_retries: (body.max_retries as number) ?? 3, enabled: (body.enabled as boolean) ?? true,
          http_method: (body.http_method as string) ?? "POST", authorization_scheme: (body.authorization_scheme as string) ?? "none",
          custom_headers: (body.custom_headers as Webhook["custom_headers"]) ?? [], payload_templates: (body.payload_templates as Record<string, unknown>) ?? {},
          created_at: at, updated_at: at,
        };
        state.webhooks.push(webhook);
        return json(200, { success: true, message: "Webhook created successfully.", data: present(webhook) });
      },
    },
    {
      method: "GET",
      pattern: "/agents/:agent/webhooks/:webhook",
      handle: (_req, p, state) => {
        if (!findAgent(state, p.agent)) return agentMissing();
        const w = findWebhook(state, p.agent, p.webhook);
        return w ? json(200, { success: true, data: present(w) }) : webhookMissing();
      },
    },
    {
      method: "PUT",
      pattern: "/agents/:agent/webhooks/:webhook",
      handle: (req, p, state) => {
        if (!findAgent(state, p.agent)) return agentMissing();
        const w = findWebhook(state, p.agent, p.webhook);
        if (!w) return webhookMissing();
        const body = isObject(req.body) ? req.body : {};
        const errors = validate(body, false);
        if (Object.keys(errors).length) return invalid(errors);
        // A partial update: only the fields sent change.
        for (const f of FIELDS) if (body[f] !== undefined) (w as unknown as Record<string, unknown>)[f] = body[f];
        w.updated_at = now();
        return json(200, { success: true, message: "Webhook updated successfully.", data: present(w) });
      },
    },
    {
      method: "DELETE",
      pattern: "/agents/:agent/webhooks/:webhook",
      handle: (_req, p, state) => {
        if (!findAgent(state, p.agent)) return agentMissing();
        const w = findWebhook(state, p.agent, p.webhook);
        if (!w) return webhookMissing();
        state.webhooks.splice(state.webhooks.indexOf(w), 1);
        return json(200, { success: true, message: "Webhook deleted successfully." });
      },
    },
    {
      method: "PATCH",
      pattern: "/agents/:agent/webhooks/:webhook/toggle",
      handle: (_req, p, state) => {
        if (!findAgent(state, p.agent)) return agentMissing();
        const w = findWebhook(state, p.agent, p.webhook);
        if (!w) return webhookMissing();
        // Flips: calling it twice restores the first state (why the provider never uses it).
        w.enabled = !w.enabled;
        w.updated_at = now();
        return json(200, { success: true, message: "Webhook status toggled successfully.", data: present(w) });
      },
    },
    {
      method: "POST",
      pattern: "/agents/:agent/webhooks/:webhook/test",
      handle: (req: SandboxRequest, p, state) => {
        if (!findAgent(state, p.agent)) return agentMissing();
        if (!findWebhook(state, p.agent, p.webhook)) return webhookMissing();
        const body = isObject(req.body) ? req.body : {};
        if (!isUrl(body.url)) return invalid({ url: ["The url field must be a valid URL."] });
        // The sandbox delivers nothing: it reports a successful test without leaving the machine.
        return json(200, { success: true, message: "Webhook test sent successfully.", data: { status_code: 200, response_time: 1 } });
      },
    },
  ],
};
