/** Polytomic webhook inputs: validation, defaults and the field policy (vendors.md §2). */
import { z } from "zod";
import type { FieldPolicy } from "../../core/adapter";
import { accountName, text, uuid, webUrl } from "../../core/rules";

/** One webhook per organization: a move means delete first, then create (deleteBeforeReplace). */
export const POLYTOMIC_REPLACE_FIELDS = ["organizationId", "account"] as const;

export const polytomicPolicy: FieldPolicy = {
  inputs: ["endpoint", "secret", "organizationId", "enabled", "adoptId", "account"],
  replaceOn: POLYTOMIC_REPLACE_FIELDS,
  deleteBeforeReplace: true,
  // Omitted, the webhook goes to the key's own organization; effectiveOrganizationId says which.
  computed: { organizationId: "effectiveOrganizationId" },
  createOnly: ["adoptId"],
};

export function polytomicSchema() {
  return z.strictObject({
    endpoint: webUrl(),
    secret: text(6, 32),
    organizationId: uuid("the Polytomic organization id").optional(),
    enabled: z.boolean({ error: "must be true or false" }).default(true),
    adoptId: uuid("the id of an existing Polytomic webhook").optional(),
    account: accountName().optional(),
  });
}

export type PolytomicInputs = z.output<ReturnType<typeof polytomicSchema>>;

export type PolytomicOutputs = PolytomicInputs & {
  webhookId: string;
  effectiveOrganizationId?: string;
  createdAt?: string;
};
