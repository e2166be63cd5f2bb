/**
 * The closed sets of values Talkover accepts (vendors.md §1). One list serves both the
 * runtime check (schema.ts) and the public types of the resource's arguments (resource.ts),
 * so a name cannot be valid for one and not the other. No imports: resource.ts takes only
 * types from here.
 */

export const TALKOVER_EVENTS = [
  "event_phone_call_started", "event_phone_call_ended", "event_phone_call_did_not_connect",
  "event_phone_call_connected", "event_phone_call_disconnected", "event_phone_call_error",
  "event_participant_joined", "event_participant_left", "event_voicemail_detected",
  "event_voicemail_message_left", "event_conversation_started", "event_conversation_ended",
  "event_action", "event_action_failed", "event_recording", "event_connection_established",
  "event_connection_closed", "event_connection_error", "event_user_connected",
  "event_user_disconnected", "event_client_connected", "event_client_disconnected",
] as const;

export const HTTP_METHODS = ["POST", "PUT", "PATCH"] as const;
export const AUTHORIZATION_SCHEMES = ["none", "bearer", "basic", "api_key", "custom"] as const;

export type TalkoverEvent = (typeof TALKOVER_EVENTS)[number];
export type TalkoverHttpMethod = (typeof HTTP_METHODS)[number];
export type TalkoverAuthorizationScheme = (typeof AUTHORIZATION_SCHEMES)[number];
