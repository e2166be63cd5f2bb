/**
 * What a vendor folder declares so the shared runtime can run Pulumi's check / diff /
 * create / read / update / delete for it. Vendor adapters never import @pulumi/pulumi.
 */
import type { z } from "zod";

export type VendorName = "talkover" | "polytomic" | "shodai" | "sigmamind" | "autocalls";

export interface CheckFailure {
  property: string;
  reason: string;
}

/** How each input property behaves under change. Read by `diff`, `update` and `read`. */
export interface FieldPolicy {
  /** Every input property the user declares, in display order. */
  inputs: readonly string[];
  /** A change to one of these replaces the webhook. */
  replaceOn: readonly string[];
  /** The vendor allows one per scope: delete the old webhook before creating its replacement. */
  deleteBeforeReplace?: boolean;
  /**
   * Inputs the vendor fills in when omitted, mapped to the output holding the value it
   * chose. The input keeps what was declared (so refresh reports no drift for an omitted
   * value); an absent new value is not a change, and a declared one is compared with the
   * effective value.
   */
  computed?: Readonly<Record<string, string>>;
  /** Used only when the webhook is first created (adoption): never a change. */
  createOnly?: readonly string[];
  /** Write-only inputs the vendor never returns: `read` keeps them from state. */
  writeOnly?: readonly string[];
}

export type Props = Record<string, unknown>;

export interface VendorAdapter<Inputs extends Props = Props, Outputs extends Props = Props> {
  vendor: VendorName;
  policy: FieldPolicy;
  /** The input schema: strict (unknown properties are failures), with defaults filled in. */
  schema(): z.ZodObject;
  /** Rules across properties, run only when every property involved is known. */
  refine?(inputs: Inputs): CheckFailure[];
  /** Creates (or adopts) the webhook. Throws PartialCreateError when a follow-up call fails. */
  create(inputs: Inputs): Promise<{ id: string; outs: Outputs }>;
  /** The webhook as the vendor has it now, or undefined when it is gone. */
  read(id: string, olds: Outputs): Promise<Outputs | undefined>;
  /** Applies exactly the changed input properties (`changed`, in policy order). */
  update(id: string, olds: Outputs, news: Inputs, changed: string[]): Promise<Outputs>;
  /** Removes the webhook; a webhook already gone is success. */
  delete(id: string, olds: Outputs): Promise<void>;
}
