import * as pulumi from "@pulumi/pulumi";
import { registrationProps } from "../../core/resource-props";
import { providerFor } from "../../core/shim";
import type { SigmamindEvent } from "./values";

const provider = providerFor("sigmamind");

/**
 * A SigmaMind event name: `conversation_started`, `conversation_ended` or
 * `conversation_analysed`. Another name fails `tsc`, and `check` refuses it before any
 * request when it comes from config at run time.
 */
export type EventName = SigmamindEvent;

/** The arguments of a SigmaMind webhook. */
export interface WebhookArgs {
  /** The SigmaMind agent (1–64 characters). Changing it replaces the webhook. */
  agentId: pulumi.Input<string>;
  /** Display name (1–128 characters). Changing it replaces the webhook. */
  name: pulumi.Input<string>;
  /** Delivery URL (absolute http(s); SigmaMind expects a public https URL). Changing it replaces the webhook. */
  url: pulumi.Input<string>;
  /** `conversation_started`, `conversation_ended`, `conversation_analysed`: at least one. Changing them replaces the webhook. */
  events: pulumi.Input<pulumi.Input<EventName>[]>;
  /**
   * Whether the webhook exists at SigmaMind. SigmaMind cannot pause a webhook, so `false`
   * deletes it there (the resource stays, with an empty `webhookId`) and `true` creates it
   * again — with a new `webhookId` and a new `signingSecret`. Default `true`.
   */
  enabled?: pulumi.Input<boolean>;
  /**
   * Id (`wh_…`) of an existing webhook to take over; it must match agentId, name, url and
   * events (SigmaMind cannot edit webhooks). Its signing secret cannot be recovered.
   */
  adoptId?: pulumi.Input<string>;
  /**
   * The SigmaMind account this webhook belongs to, by name (e.g. `"eu"`); omitted, the
   * default account. Only the name is an input: the account's key and base URL are read
   * from stack config, then the environment — `sigmamind:apiKey-<account>` /
   * `SIGMAMIND_API_KEY_<ACCOUNT>` and `sigmamind:baseUrl-<account>` /
   * `SIGMAMIND_BASE_URL_<ACCOUNT>` (unset: SigmaMind's public URL). Lowercase letters,
   * digits and single dashes. Changing it replaces the webhook.
   */
  account?: pulumi.Input<string>;
}

/**
 * A SigmaMind webhook. SigmaMind has no update endpoint: any edit replaces the webhook
 * (the new one is created before the old one is deleted, so deliveries never stop).
 *
 * @example
 * new sigmamind.Webhook("conversations", {
 *   agentId: "agent_support",
 *   name: "conversations",
 *   url: "https://hooks.example.com/sigmamind",
 *   events: ["conversation_ended"],
 * });
 */
export class Webhook extends pulumi.dynamic.Resource {
  /** The agent. */
  declare readonly agentId: pulumi.Output<string>;
  /** Display name. */
  declare readonly name: pulumi.Output<string>;
  /** Delivery URL. */
  declare readonly url: pulumi.Output<string>;
  /** Delivered events, sorted. */
  declare readonly events: pulumi.Output<EventName[]>;
  /** Whether the webhook exists and is active at SigmaMind. */
  declare readonly enabled: pulumi.Output<boolean>;
  /** The adopted webhook id, if this resource took one over. */
  declare readonly adoptId: pulumi.Output<string | undefined>;
  /** SigmaMind's webhook id (`wh_…`); empty while disabled. The resource id is stable and our own. */
  declare readonly webhookId: pulumi.Output<string>;
  /** SigmaMind workspace of the webhook. */
  declare readonly workspaceId: pulumi.Output<string | undefined>;
  /** Signing secret returned when the webhook was created (a Pulumi secret); changes on every re-enable. */
  declare readonly signingSecret: pulumi.Output<string | undefined>;
  /** The account, as declared (undefined for the default account). */
  declare readonly account: pulumi.Output<string | undefined>;

  constructor(name: string, args: WebhookArgs, opts?: pulumi.CustomResourceOptions) {
    const props = registrationProps(args, ["account", "enabled", "adoptId", "webhookId", "workspaceId", "signingSecret"]);
    super(provider, name, props, pulumi.mergeOptions(opts, { additionalSecretOutputs: ["signingSecret"] }), "sigmamind", "Webhook");
  }
}
