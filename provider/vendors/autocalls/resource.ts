import * as pulumi from "@pulumi/pulumi";
import { registrationProps } from "../../core/resource-props";
import { providerFor } from "../../core/shim";

const provider = providerFor("autocalls");

/** The arguments of an Autocalls assistant webhook. */
export interface AssistantWebhookArgs {
  /** The Autocalls assistant (integer id). Changing it replaces the webhook. */
  assistantId: pulumi.Input<number>;
  /** Delivery URL (absolute http(s)). Kept in state while the webhook is disabled. */
  url: pulumi.Input<string>;
  /**
   * Whether the assistant's webhook is on: `true` calls enable-webhook with the url,
   * `false` calls disable-webhook (Autocalls then forgets the url). Default `true`.
   */
  enabled?: pulumi.Input<boolean>;
  /**
   * Take over the assistant's webhook even if it is already active with another url.
   * Without it, creating on such an assistant fails. Used only at creation. Default `false`.
   */
  adopt?: pulumi.Input<boolean>;
  /**
   * The Autocalls account this assistant belongs to, by name (e.g. `"eu"`); omitted, the
   * default account. Only the name is an input: the account's token and base URL are read
   * from stack config, then the environment — `autocalls:apiToken-<account>` /
   * `AUTOCALLS_API_TOKEN_<ACCOUNT>` and `autocalls:baseUrl-<account>` /
   * `AUTOCALLS_BASE_URL_<ACCOUNT>` (unset: Autocalls' public URL). Lowercase letters,
   * digits and single dashes. Changing it replaces the webhook.
   */
  account?: pulumi.Input<string>;
}

/**
 * The webhook of an Autocalls assistant — two fields of the assistant (`webhook_url`,
 * `is_webhook_active`), not an object of its own. Destroy turns the webhook off.
 *
 * @example
 * new autocalls.AssistantWebhook("support-line", {
 *   assistantId: 1042,
 *   url: "https://hooks.example.com/autocalls",
 * });
 */
export class AssistantWebhook extends pulumi.dynamic.Resource {
  /** The assistant id. */
  declare readonly assistantId: pulumi.Output<number>;
  /** The declared delivery URL. */
  declare readonly url: pulumi.Output<string>;
  /** Whether the webhook is on (as Autocalls last reported it). */
  declare readonly enabled: pulumi.Output<boolean>;
  /** Whether this resource was allowed to take over an existing webhook. */
  declare readonly adopt: pulumi.Output<boolean>;
  /** The assistant's name at Autocalls. */
  declare readonly assistantName: pulumi.Output<string | undefined>;
  /** The account, as declared (undefined for the default account). */
  declare readonly account: pulumi.Output<string | undefined>;

  constructor(name: string, args: AssistantWebhookArgs, opts?: pulumi.CustomResourceOptions) {
    const props = registrationProps(args, ["account", "enabled", "adopt", "assistantName"]);
    super(provider, name, props, opts, "autocalls", "AssistantWebhook");
  }
}
