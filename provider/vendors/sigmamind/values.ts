/**
 * The closed sets of values SigmaMind accepts (vendors.md §4): one list for the runtime
 * check (schema.ts) and the public types (resource.ts). No imports: resource.ts takes only
 * types from here.
 */

export const SIGMAMIND_EVENTS = ["conversation_started", "conversation_ended", "conversation_analysed"] as const;

export type SigmamindEvent = (typeof SIGMAMIND_EVENTS)[number];
