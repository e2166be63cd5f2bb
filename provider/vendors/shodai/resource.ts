import * as pulumi from "@pulumi/pulumi";
import { registrationProps } from "../../core/resource-props";
import { providerFor } from "../../core/shim";
import type { ShodaiEnvironment, ShodaiEventType } from "./values";

const provider = providerFor("shodai");

/**
 * A Shodai event type: `agreement.transitioned` or `agreement.notification.triggered`.
 * Another name fails `tsc`, and `check` refuses it before any request when it comes from
 * config at run time.
 */
export type EventType = ShodaiEventType;

/** A Shodai deployment: `production` or `testnet`. */
export type Environment = ShodaiEnvironment;

/** Narrows which agreements' events are delivered; every list is optional. */
export interface SubscriptionFilters {
  /** Only these agreements. */
  agreementIds?: string[];
  /** Only agreements from these templates. */
  templateIds?: string[];
  /** Only these inputs. */
  inputIds?: string[];
  /** Only transitions from these states. */
  fromStates?: string[];
  /** Only transitions to these states. */
  toStates?: string[];
  /** Only these rules. */
  ruleIds?: string[];
}

/** The arguments of a Shodai webhook subscription. */
export interface WebhookSubscriptionArgs {
  /** Where Shodai delivers events: an absolute https:// URL. */
  url: pulumi.Input<string>;
  /**
   * `agreement.transitioned` and/or `agreement.notification.triggered`. Omitted or empty
   * means `["agreement.transitioned"]`, as at Shodai.
   */
  eventTypes?: pulumi.Input<pulumi.Input<EventType>[]>;
  /** Delivery filters; replaced as a whole when changed. */
  filters?: pulumi.Input<SubscriptionFilters>;
  /** `production` (default) or `testnet`, which are separate Shodai deployments. Changing it replaces the subscription. */
  environment?: pulumi.Input<Environment>;
  /** Whether Shodai delivers events (PATCH `status`). Default `true`. */
  enabled?: pulumi.Input<boolean>;
  /**
   * Id (`wh_…`) of an existing subscription to take over instead of creating one. Shodai
   * returns the signing secret only at creation, so an adopted subscription has none in state.
   */
  adoptId?: pulumi.Input<string>;
  /**
   * The Shodai account (API key) this subscription belongs to, by name (e.g. `"eu"`);
   * omitted, the default account. Only the name is an input: the account's key and base
   * URLs are read from stack config, then the environment — `shodai:apiKey-<account>` /
   * `SHODAI_API_KEY_<ACCOUNT>`, `shodai:baseUrl-<account>` / `SHODAI_BASE_URL_<ACCOUNT>` and
   * `shodai:testnetBaseUrl-<account>` / `SHODAI_TESTNET_BASE_URL_<ACCOUNT>` (unset: Shodai's
   * public URLs). Lowercase letters, digits and single dashes. Changing it replaces the
   * subscription.
   */
  account?: pulumi.Input<string>;
}

/**
 * A Shodai Agreements API webhook subscription. `enabled: false` sets its status to
 * `disabled`. Shodai has no hard delete: destroy leaves a disabled subscription behind.
 *
 * @example
 * const sub = new shodai.WebhookSubscription("agreements", {
 *   url: "https://hooks.example.com/shodai",
 *   eventTypes: ["agreement.transitioned"],
 * });
 * export const shodaiSigningSecret = sub.signingSecret; // a Pulumi secret
 */
export class WebhookSubscription extends pulumi.dynamic.Resource {
  /** Delivery URL. */
  declare readonly url: pulumi.Output<string>;
  /** Subscribed event types, sorted. */
  declare readonly eventTypes: pulumi.Output<EventType[]>;
  /** Delivery filters, if any. */
  declare readonly filters: pulumi.Output<SubscriptionFilters | undefined>;
  /** The Shodai deployment. */
  declare readonly environment: pulumi.Output<Environment>;
  /** Whether Shodai delivers events (as Shodai last reported it). */
  declare readonly enabled: pulumi.Output<boolean>;
  /** The adopted subscription id, if this resource took one over. */
  declare readonly adoptId: pulumi.Output<string | undefined>;
  /** Shodai's subscription id, `wh_…` (also the resource id). */
  declare readonly subscriptionId: pulumi.Output<string>;
  /** `active` or `disabled`. */
  declare readonly status: pulumi.Output<string>;
  /** The Shodai principal owning the subscription. */
  declare readonly principalId: pulumi.Output<string | undefined>;
  /** When Shodai created the subscription. */
  declare readonly createdAt: pulumi.Output<string | undefined>;
  /** When Shodai last changed the subscription. */
  declare readonly updatedAt: pulumi.Output<string | undefined>;
  /** The `whsec_…` secret deliveries are signed with (a Pulumi secret; Shodai returns it only at creation). */
  declare readonly signingSecret: pulumi.Output<string | undefined>;
  /** The account, as declared (undefined for the default account). */
  declare readonly account: pulumi.Output<string | undefined>;

  constructor(name: string, args: WebhookSubscriptionArgs, opts?: pulumi.CustomResourceOptions) {
    const props = registrationProps(args, ["account", "eventTypes", "filters", "environment", "enabled", "adoptId", "subscriptionId",
      "status", "principalId", "createdAt", "updatedAt", "signingSecret"]);
    super(provider, name, props, pulumi.mergeOptions(opts, { additionalSecretOutputs: ["signingSecret"] }), "shodai", "WebhookSubscription");
  }
}
