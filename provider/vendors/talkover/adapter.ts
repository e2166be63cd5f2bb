/** Talkover webhooks as a Pulumi resource: id = webhook uuid, `enabled` applied by PUT. */
import type { VendorAdapter } from "../../core/adapter";
import { ConflictError, PartialCreateError } from "../../core/errors";
import { createOnce } from "../../core/recovery";
import { compact, updateOperation } from "../../core/operation";
import { sortedUnique } from "../../core/rules";
import { deepEqual } from "../../core/diff";
import type { VendorClient } from "../../core/http";
import * as api from "./api";
import { talkoverPolicy, talkoverSchema, type TalkoverInputs, type TalkoverOutputs } from "./schema";

type Field = keyof api.WireWebhookBody;

/** Input property → the body field it is sent as. */
const WIRE_FIELD: Record<string, Field> = {
  name: "name",
  url: "webhook_url",
  events: "events",
  enabled: "enabled",
  timeout: "timeout",
  maxRetries: "max_retries",
  secret: "webhook_secret",
  httpMethod: "http_method",
  authorizationScheme: "authorization_scheme",
  customHeaders: "custom_headers",
  payloadTemplates: "payload_templates",
};

function toWire(inputs: TalkoverInputs, properties: readonly string[]): api.WireWebhookBody {
  const body: Record<string, unknown> = {};
  for (const property of properties) {
    const field = WIRE_FIELD[property];
    if (!field) continue;
    const value = (inputs as Record<string, unknown>)[property];
    // Removing the secret is an explicit null; every other value is sent as it is (false and 0 too).
    body[field] = value === undefined ? null : value;
  }
  return body as api.WireWebhookBody;
}

function toOutputs(w: api.WireWebhook, prior: TalkoverInputs): TalkoverOutputs {
  return compact({
    agentId: w.agent_id ?? prior.agentId,
    name: w.name,
    url: w.webhook_url,
    events: sortedUnique(w.events),
    enabled: w.enabled,
    timeout: w.timeout ?? prior.timeout,
    maxRetries: w.max_retries ?? prior.maxRetries,
    // Write-only at Talkover: never returned, so the declared value is kept.
    secret: prior.secret,
    httpMethod: (w.http_method ?? prior.httpMethod) as TalkoverInputs["httpMethod"],
    authorizationScheme: (w.authorization_scheme ?? prior.authorizationScheme) as TalkoverInputs["authorizationScheme"],
    customHeaders: w.custom_headers ?? prior.customHeaders,
    payloadTemplates: (w.payload_templates ?? prior.payloadTemplates) as TalkoverInputs["payloadTemplates"],
    adoptId: prior.adoptId,
    account: prior.account,
    webhookId: w.id,
    status: w.status ?? (w.enabled ? "active" : "disabled"),
    createdAt: w.created_at ?? undefined,
    updatedAt: w.updated_at ?? undefined,
    eventsCount: w.events_count,
  });
}

const ALL_FIELDS = Object.keys(WIRE_FIELD);
const label = (props: { name: string }) => `webhook "${props.name}"`;

const sameWebhook = (w: api.WireWebhook, inputs: TalkoverInputs) =>
  w.name === inputs.name && w.webhook_url === inputs.url && deepEqual(sortedUnique(w.events), inputs.events);

async function adopt(client: VendorClient, inputs: TalkoverInputs & { adoptId: string }) {
  const found = await api.getWebhook(client, inputs.agentId, inputs.adoptId);
  if (!found) {
    throw new ConflictError("talkover", "adopt webhook", `cannot adopt webhook ${inputs.adoptId}: it does not exist at agent ${inputs.agentId}`);
  }
  const current = toOutputs(found, { ...inputs, secret: undefined });
  const differing = ALL_FIELDS.filter((p) => p === "secret" ? inputs.secret !== undefined : !deepEqual(current[p as keyof TalkoverOutputs], inputs[p as keyof TalkoverInputs]));
  if (differing.length === 0) return { id: found.id, outs: toOutputs(found, inputs) };
  try {
    const updated = await api.updateWebhook(client, inputs.agentId, found.id, toWire(inputs, differing), `update adopted ${label(inputs)}`);
    return { id: updated.id, outs: toOutputs(updated, inputs) };
  } catch (err) {
    throw new PartialCreateError(found.id, current, err as Error);
  }
}

export const talkoverAdapter: VendorAdapter<TalkoverInputs, TalkoverOutputs> = {
  vendor: "talkover",
  policy: talkoverPolicy,
  schema: talkoverSchema,

  async create(inputs) {
    const client = api.talkoverClient(inputs.account);
    if (inputs.adoptId) return adopt(client, { ...inputs, adoptId: inputs.adoptId });
    const body = toWire(inputs, ALL_FIELDS.filter((p) => p !== "secret" || inputs.secret !== undefined));
    // After a lost answer, only a matching webhook absent from the listing taken before the
    // POST is ours (adopted as made by it); an identical webhook that existed before is not.
    const created = await createOnce({
      vendor: "talkover",
      what: label(inputs),
      list: () => api.listWebhooks(client, inputs.agentId, `create ${label(inputs)}`),
      idOf: (w) => w.id,
      matches: (w) => sameWebhook(w, inputs),
      create: () => api.createWebhook(client, inputs.agentId, body, inputs.name),
      recover: { adopt: true },
      adoptProperty: "adoptId",
    });
    return { id: created.id, outs: toOutputs(created, inputs) };
  },

  async read(id, olds) {
    const found = await api.getWebhook(api.talkoverClient(olds.account), olds.agentId, id);
    return found && toOutputs(found, olds);
  },

  async update(id, olds, news, changed) {
    const operation = updateOperation(changed, news.enabled, label(news));
    const updated = await api.updateWebhook(api.talkoverClient(olds.account), olds.agentId, id, toWire(news, changed), operation);
    return toOutputs(updated, news);
  },

  async delete(id, olds) {
    await api.deleteWebhook(api.talkoverClient(olds.account), olds.agentId, id, olds.name);
  },
};
