/** Talkover webhook inputs: validation, defaults and the field policy (vendors.md §1). */
import { z } from "zod";
import type { FieldPolicy } from "../../core/adapter";
import { accountName, eventSet, headerName, headerValue, intRange, text, uuid, webUrl } from "../../core/rules";
import { AUTHORIZATION_SCHEMES, HTTP_METHODS, TALKOVER_EVENTS } from "./values";

/** Webhooks belong to an agent of an account; moving one means a new webhook. */
export const TALKOVER_REPLACE_FIELDS = ["agentId", "account"] as const;

export const talkoverPolicy: FieldPolicy = {
  inputs: ["agentId", "name", "url", "events", "enabled", "timeout", "maxRetries", "secret", "httpMethod",
    "authorizationScheme", "customHeaders", "payloadTemplates", "adoptId", "account"],
  replaceOn: TALKOVER_REPLACE_FIELDS,
  createOnly: ["adoptId"],
  // webhook_secret is write-only at Talkover: it is never returned, so read keeps it.
  writeOnly: ["secret"],
};

export function talkoverSchema() {
  const event = z.string().refine((e) => (TALKOVER_EVENTS as readonly string[]).includes(e), {
    error: (i) => `unknown event "${String(i.input)}"`,
  });
  return z.strictObject({
    agentId: uuid("the Talkover agent id"),
    name: text(1, 255),
    url: webUrl({ max: 500 }),
    events: eventSet(TALKOVER_EVENTS, { min: 1 }),
    enabled: z.boolean({ error: "must be true or false" }).default(true),
    timeout: intRange(5, 120).default(30),
    maxRetries: intRange(0, 10).default(3),
    secret: text(1, 255).optional(),
    httpMethod: z.enum(HTTP_METHODS, { error: `must be one of ${HTTP_METHODS.join(", ")}` }).default("POST"),
    authorizationScheme: z
      .enum(AUTHORIZATION_SCHEMES, { error: `must be one of ${AUTHORIZATION_SCHEMES.join(", ")}` })
      .default("none"),
    customHeaders: z
      .array(z.strictObject({ key: headerName(255), value: headerValue() }), {
        error: "must be a list of {key, value}",
      })
      .default([]),
    payloadTemplates: z.record(event, z.unknown(), { error: "must be an object keyed by event name" }).default({}),
    adoptId: uuid("the id of an existing Talkover webhook").optional(),
    account: accountName().optional(),
  });
}

export type TalkoverInputs = z.output<ReturnType<typeof talkoverSchema>>;

export type TalkoverOutputs = TalkoverInputs & {
  webhookId: string;
  status: string;
  createdAt?: string;
  updatedAt?: string;
  eventsCount?: number;
};
