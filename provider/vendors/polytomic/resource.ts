import * as pulumi from "@pulumi/pulumi";
import { registrationProps } from "../../core/resource-props";
import { providerFor } from "../../core/shim";

const provider = providerFor("polytomic");

/** The arguments of a Polytomic webhook. */
export interface WebhookArgs {
  /** Where Polytomic delivers every event of the organization: an absolute http(s) URL. */
  endpoint: pulumi.Input<string>;
  /** Secret Polytomic signs deliveries with, 6–32 characters. Stored as a Pulumi secret. */
  secret: pulumi.Input<string>;
  /**
   * Organization UUID. Omitted, the API key's own organization. Polytomic allows one webhook
   * per organization, so changing it deletes this webhook before creating the new one.
   */
  organizationId?: pulumi.Input<string>;
  /** Whether Polytomic delivers events (`/enable`, `/disable`). Events while disabled are dropped, not replayed. Default `true`. */
  enabled?: pulumi.Input<boolean>;
  /** Id of the organization's existing webhook to take over instead of creating one. Used only at creation. */
  adoptId?: pulumi.Input<string>;
  /**
   * The Polytomic account this webhook belongs to, by name (e.g. `"eu"`); omitted, the
   * default account. Only the name is an input: the account's key, key type and base URL
   * are read from stack config, then the environment — `polytomic:apiKey-<account>` /
   * `POLYTOMIC_API_KEY_<ACCOUNT>`, `polytomic:keyType-<account>` /
   * `POLYTOMIC_KEY_TYPE_<ACCOUNT>` and `polytomic:baseUrl-<account>` /
   * `POLYTOMIC_BASE_URL_<ACCOUNT>` (unset: Polytomic's public URL). Lowercase letters,
   * digits and single dashes. Changing it deletes this webhook, then creates the new one.
   */
  account?: pulumi.Input<string>;
}

/**
 * The webhook of a Polytomic organization (one per organization; it receives every
 * event). `enabled: false` calls `/disable`; destroy deletes it.
 *
 * @example
 * new polytomic.Webhook("sync-events", {
 *   endpoint: "https://hooks.example.com/polytomic",
 *   secret: config.requireSecret("polytomicWebhookSecret"),
 * });
 */
export class Webhook extends pulumi.dynamic.Resource {
  /** Delivery URL. */
  declare readonly endpoint: pulumi.Output<string>;
  /** Signing secret, as Polytomic reports it (secret). */
  declare readonly secret: pulumi.Output<string>;
  /** The organization as declared (undefined when omitted). */
  declare readonly organizationId: pulumi.Output<string | undefined>;
  /** The organization the webhook belongs to: the declared one, or the API key's own. */
  declare readonly effectiveOrganizationId: pulumi.Output<string>;
  /** Whether Polytomic delivers events (as Polytomic last reported it). */
  declare readonly enabled: pulumi.Output<boolean>;
  /** The adopted webhook id, if this resource took one over. */
  declare readonly adoptId: pulumi.Output<string | undefined>;
  /** Polytomic's webhook UUID (also the resource id). */
  declare readonly webhookId: pulumi.Output<string>;
  /** When Polytomic created the webhook. */
  declare readonly createdAt: pulumi.Output<string | undefined>;
  /** The account, as declared (undefined for the default account). */
  declare readonly account: pulumi.Output<string | undefined>;

  constructor(name: string, args: WebhookArgs, opts?: pulumi.CustomResourceOptions) {
    const props = registrationProps({ ...args, secret: pulumi.secret(args.secret) },
      ["account", "organizationId", "effectiveOrganizationId", "enabled", "adoptId", "webhookId", "createdAt"]);
    super(provider, name, props, pulumi.mergeOptions(opts, { additionalSecretOutputs: ["secret"] }), "polytomic", "Webhook");
  }
}
