/** SigmaMind webhook inputs: validation, defaults and field policy (vendors.md §4). */
import { z } from "zod";
import type { FieldPolicy } from "../../core/adapter";
import { accountName, eventSet, text, webUrl } from "../../core/rules";
import { SIGMAMIND_EVENTS } from "./values";

/** SigmaMind documents no update endpoint: every edit is a new webhook (created before the old one goes). */
export const SIGMAMIND_REPLACE_FIELDS = ["agentId", "name", "url", "events", "account"] as const;

export const sigmamindPolicy: FieldPolicy = {
  inputs: ["agentId", "name", "url", "events", "enabled", "adoptId", "account"],
  replaceOn: SIGMAMIND_REPLACE_FIELDS,
  createOnly: ["adoptId"],
};

export function sigmamindSchema() {
  return z.strictObject({
    agentId: text(1, 64),
    name: text(1, 128),
    url: webUrl(),
    events: eventSet(SIGMAMIND_EVENTS, { min: 1 }),
    enabled: z.boolean({ error: "must be true or false" }).default(true),
    adoptId: z.string({ error: "must be a string" }).regex(/^wh_[A-Za-z0-9_-]+$/, { error: "must be a SigmaMind webhook id (wh_…)" }).optional(),
    account: accountName().optional(),
  });
}

export type SigmamindInputs = z.output<ReturnType<typeof sigmamindSchema>>;

export type SigmamindOutputs = SigmamindInputs & {
  /** The vendor's webhook id; empty while disabled (the vendor webhook is deleted then). */
  webhookId: string;
  workspaceId?: string;
  signingSecret?: string;
};
