/**
 * The closed sets of values Shodai accepts (vendors.md §3): one list for the runtime check
 * (schema.ts) and the public types (resource.ts). No imports: resource.ts takes only types
 * from here.
 */

export const SHODAI_EVENT_TYPES = ["agreement.transitioned", "agreement.notification.triggered"] as const;
export const ENVIRONMENTS = ["production", "testnet"] as const;

export type ShodaiEventType = (typeof SHODAI_EVENT_TYPES)[number];
export type ShodaiEnvironment = (typeof ENVIRONMENTS)[number];
