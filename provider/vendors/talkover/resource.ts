import * as pulumi from "@pulumi/pulumi";
import { registrationProps } from "../../core/resource-props";
import { providerFor } from "../../core/shim";
import type { TalkoverAuthorizationScheme, TalkoverEvent, TalkoverHttpMethod } from "./values";

const provider = providerFor("talkover");

/**
 * A Talkover event name. A name outside this list fails `tsc`, and `check` refuses it
 * before any request when it comes from config at run time:
 * - phone calls: `event_phone_call_started`, `event_phone_call_ended`,
 *   `event_phone_call_did_not_connect`, `event_phone_call_connected`,
 *   `event_phone_call_disconnected`, `event_phone_call_error`;
 * - participants: `event_participant_joined`, `event_participant_left`;
 * - voicemail: `event_voicemail_detected`, `event_voicemail_message_left`;
 * - conversations: `event_conversation_started`, `event_conversation_ended`;
 * - actions: `event_action`, `event_action_failed`; recordings: `event_recording`;
 * - connections: `event_connection_established`, `event_connection_closed`,
 *   `event_connection_error`, `event_user_connected`, `event_user_disconnected`,
 *   `event_client_connected`, `event_client_disconnected`.
 *
 * A name read from config needs a cast: `config.requireObject<talkover.EventName[]>("events")`.
 */
export type EventName = TalkoverEvent;

/** HTTP method of deliveries: `POST`, `PUT` or `PATCH`. */
export type HttpMethod = TalkoverHttpMethod;

/** How deliveries authenticate: `none`, `bearer`, `basic`, `api_key` or `custom`. */
export type AuthorizationScheme = TalkoverAuthorizationScheme;

/** A custom header Talkover adds to each delivery. */
export interface CustomHeader {
  /** Header name. */
  key: string;
  /** Header value (pass a Pulumi secret for credentials). */
  value: string;
}

/** The arguments of a Talkover webhook. */
export interface WebhookArgs {
  /** UUID of the Talkover agent whose events are delivered. Changing it replaces the webhook. */
  agentId: pulumi.Input<string>;
  /** Display name at Talkover (1–255 characters). */
  name: pulumi.Input<string>;
  /** Where Talkover delivers events: an absolute http(s) URL of at most 500 characters. */
  url: pulumi.Input<string>;
  /**
   * Events to deliver, at least one, e.g. `event_phone_call_ended` (order and repeats do
   * not matter). The 22 names are listed at {@link EventName}.
   */
  events: pulumi.Input<pulumi.Input<EventName>[]>;
  /** Whether Talkover delivers events. `false` pauses the webhook in place (one PUT). Default `true`. */
  enabled?: pulumi.Input<boolean>;
  /** Seconds Talkover waits for your endpoint, 5–120. Default 30. */
  timeout?: pulumi.Input<number>;
  /** Delivery retries, 0–10. Default 3. */
  maxRetries?: pulumi.Input<number>;
  /**
   * Secret Talkover signs deliveries with (HMAC-SHA256), at most 255 characters. Stored as a
   * Pulumi secret. Talkover never returns it, so a change made outside Pulumi is not seen.
   */
  secret?: pulumi.Input<string>;
  /** HTTP method of deliveries: `POST` (default), `PUT` or `PATCH`. */
  httpMethod?: pulumi.Input<HttpMethod>;
  /** How deliveries authenticate: `none` (default), `bearer`, `basic`, `api_key` or `custom`. */
  authorizationScheme?: pulumi.Input<AuthorizationScheme>;
  /** Extra headers sent with each delivery. */
  customHeaders?: pulumi.Input<pulumi.Input<CustomHeader>[]>;
  /** Payload templates keyed by event name (one of {@link EventName}). */
  payloadTemplates?: pulumi.Input<Partial<Record<EventName, unknown>>>;
  /**
   * Id of an existing Talkover webhook of this agent to take over instead of creating one
   * (the way in for webhooks made by hand: `pulumi import` does not work for dynamic
   * resources). Its fields are updated to the declared ones. Used only at creation.
   */
  adoptId?: pulumi.Input<string>;
  /**
   * The Talkover account this webhook belongs to, by name (e.g. `"eu"`); omitted, the
   * default account. Talkover tokens are per Talkover environment, so one environment is
   * one account here. Only the name is an input: the account's token and base URL are read
   * from stack config, then the environment — `talkover:apiToken-<account>` /
   * `TALKOVER_API_TOKEN_<ACCOUNT>` and `talkover:baseUrl-<account>` /
   * `TALKOVER_BASE_URL_<ACCOUNT>` (unset: Talkover's public URL). Lowercase letters, digits
   * and single dashes. Changing it replaces the webhook.
   */
  account?: pulumi.Input<string>;
}

/**
 * A webhook of a Talkover agent. `enabled: false` pauses it in place; changing `agentId`
 * replaces it; destroy deletes it at Talkover.
 *
 * @example
 * new talkover.Webhook("calls-ended", {
 *   agentId: "9fbef0b7-8d4e-4a08-9207-66c22155721d",
 *   name: "calls-ended",
 *   url: "https://hooks.example.com/talkover",
 *   events: ["event_phone_call_ended"],
 *   secret: config.requireSecret("talkoverSigningSecret"),
 * });
 */
export class Webhook extends pulumi.dynamic.Resource {
  /** Agent UUID. */
  declare readonly agentId: pulumi.Output<string>;
  /** Display name. */
  declare readonly name: pulumi.Output<string>;
  /** Delivery URL. */
  declare readonly url: pulumi.Output<string>;
  /** Delivered events, sorted. */
  declare readonly events: pulumi.Output<EventName[]>;
  /** Whether Talkover delivers events (as Talkover last reported it). */
  declare readonly enabled: pulumi.Output<boolean>;
  /** Delivery timeout in seconds. */
  declare readonly timeout: pulumi.Output<number>;
  /** Delivery retries. */
  declare readonly maxRetries: pulumi.Output<number>;
  /** Signing secret as declared (secret; write-only at Talkover). */
  declare readonly secret: pulumi.Output<string | undefined>;
  /** Delivery HTTP method. */
  declare readonly httpMethod: pulumi.Output<HttpMethod>;
  /** Delivery authorization scheme. */
  declare readonly authorizationScheme: pulumi.Output<AuthorizationScheme>;
  /** Extra delivery headers. */
  declare readonly customHeaders: pulumi.Output<CustomHeader[]>;
  /** Payload templates keyed by event. */
  declare readonly payloadTemplates: pulumi.Output<Partial<Record<EventName, unknown>>>;
  /** The adopted webhook id, if this resource took one over. */
  declare readonly adoptId: pulumi.Output<string | undefined>;
  /** Talkover's webhook UUID (also the resource id). */
  declare readonly webhookId: pulumi.Output<string>;
  /** Talkover's derived status: `active`, `disabled` or `error`. */
  declare readonly status: pulumi.Output<string>;
  /** When Talkover created the webhook. */
  declare readonly createdAt: pulumi.Output<string | undefined>;
  /** When Talkover last changed the webhook. */
  declare readonly updatedAt: pulumi.Output<string | undefined>;
  /** Number of subscribed events, as Talkover counts them. */
  declare readonly eventsCount: pulumi.Output<number | undefined>;
  /** The account, as declared (undefined for the default account). */
  declare readonly account: pulumi.Output<string | undefined>;

  constructor(name: string, args: WebhookArgs, opts?: pulumi.CustomResourceOptions) {
    const props = registrationProps(
      { ...args, secret: args.secret === undefined ? undefined : pulumi.secret(args.secret) },
      ["account", "enabled", "timeout", "maxRetries", "secret", "httpMethod", "authorizationScheme", "customHeaders", "payloadTemplates",
        "adoptId", "webhookId", "status", "createdAt", "updatedAt", "eventsCount"],
    );
    super(provider, name, props, pulumi.mergeOptions(opts, { additionalSecretOutputs: ["secret"] }), "talkover", "Webhook");
  }
}
