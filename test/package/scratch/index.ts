// A user's program: one webhook per vendor, from the installed pulumi-webhooks package.
// The ids are the sandbox's fixtures; point the stack at real accounts with config.
import * as pulumi from "@pulumi/pulumi";
import { autocalls, polytomic, shodai, sigmamind, talkover } from "pulumi-webhooks";

const config = new pulumi.Config();
const hooks = config.get("hooksBaseUrl") ?? "https://hooks.example.com";

export const talkoverWebhook = new talkover.Webhook("calls-ended", {
  agentId: config.get("talkoverAgentId") ?? "9fbef0b7-8d4e-4a08-9207-66c22155721d",
  name: "calls-ended",
  url: `${hooks}/talkover`,
  events: ["event_phone_call_ended", "event_phone_call_started"],
  secret: config.getSecret("talkoverSigningSecret") ?? pulumi.secret("scratch-signing-secret"),
  enabled: false,
});

export const polytomicWebhook = new polytomic.Webhook("org-events", {
  endpoint: `${hooks}/polytomic`,
  secret: config.getSecret("polytomicWebhookSecret") ?? pulumi.secret("scratch-secret-1"),
});

export const shodaiSubscription = new shodai.WebhookSubscription("agreements", {
  url: `${hooks}/shodai`,
  eventTypes: ["agreement.transitioned", "agreement.notification.triggered"],
});

export const sigmamindWebhook = new sigmamind.Webhook("conversations", {
  agentId: config.get("sigmamindAgentId") ?? "agent_support",
  name: "conversations",
  url: `${hooks}/sigmamind`,
  events: ["conversation_ended"],
});

export const autocallsWebhook = new autocalls.AssistantWebhook("support-line", {
  assistantId: config.getNumber("autocallsAssistantId") ?? 1001,
  url: `${hooks}/autocalls`,
});

export const talkoverWebhookId: pulumi.Output<string> = talkoverWebhook.webhookId;
export const shodaiSigningSecret = shodaiSubscription.signingSecret;
