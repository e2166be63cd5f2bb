/** Autocalls assistant webhook inputs: validation, defaults and field policy (vendors.md §5). */
import { z } from "zod";
import type { FieldPolicy } from "../../core/adapter";
import { accountName, webUrl } from "../../core/rules";

/** The webhook is two fields of an assistant: another assistant (or account) is another webhook. */
export const AUTOCALLS_REPLACE_FIELDS = ["assistantId", "account"] as const;

export const autocallsPolicy: FieldPolicy = {
  inputs: ["assistantId", "url", "enabled", "adopt", "account"],
  replaceOn: AUTOCALLS_REPLACE_FIELDS,
  createOnly: ["adopt"],
};

export function autocallsSchema() {
  return z.strictObject({
    assistantId: z
      .number({ error: "must be a number (the Autocalls assistant id)" })
      .int({ error: "must be a whole number (the Autocalls assistant id)" })
      .positive({ error: "must be a positive assistant id" }),
    url: webUrl(),
    enabled: z.boolean({ error: "must be true or false" }).default(true),
    adopt: z.boolean({ error: "must be true or false" }).default(false),
    account: accountName().optional(),
  });
}

export type AutocallsInputs = z.output<ReturnType<typeof autocallsSchema>>;

export type AutocallsOutputs = AutocallsInputs & {
  assistantName?: string;
};
