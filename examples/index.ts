/**
 * One webhook per vendor, declared with pulumi-webhooks. The defaults target the sandbox
 * (`npm run sandbox`) and its fixtures; point a stack at real accounts by setting the
 * vendor config (see README) and these ids:
 *
 *   pulumi config set talkoverAgentId <agent uuid>
 *   pulumi config set sigmamindAgentId <agent id>
 *   pulumi config set autocallsAssistantId <assistant id>
 *   pulumi config set polytomicOrganizationId <organization uuid>   (optional)
 *   pulumi config set --secret polytomicWebhookSecret <6–32 characters>
 *   pulumi config set --secret talkoverSigningSecret <secret>
 *
 * `disabled` turns webhooks off without removing them, e.g.
 *   pulumi config set --path 'disabled[0]' talkover
 */
import * as pulumi from "@pulumi/pulumi";
import { autocalls, polytomic, shodai, sigmamind, talkover } from "pulumi-webhooks";

/** The sandbox's fixtures (GET /_sandbox/fixtures): the same ids on every start. */
const SANDBOX = {
  talkoverAgentId: "9fbef0b7-8d4e-4a08-9207-66c22155721d",
  sigmamindAgentId: "agent_support",
  autocallsAssistantId: 1001,
};

const config = new pulumi.Config();
const hooks = config.get("hooksBaseUrl") ?? "https://hooks.example.com";
const disabled = new Set(config.getObject<string[]>("disabled") ?? []);
const enabled = (vendor: string) => !disabled.has(vendor);

export const talkoverWebhook = new talkover.Webhook("calls-ended", {
  agentId: config.get("talkoverAgentId") ?? SANDBOX.talkoverAgentId,
  name: "calls-ended",
  url: `${hooks}/talkover`,
  events: ["event_phone_call_ended", "event_phone_call_started"],
  secret: config.getSecret("talkoverSigningSecret") ?? pulumi.secret("sandbox-signing-secret"),
  enabled: enabled("talkover"),
});

export const polytomicWebhook = new polytomic.Webhook("org-events", {
  endpoint: `${hooks}/polytomic`,
  organizationId: config.get("polytomicOrganizationId"),
  secret: config.getSecret("polytomicWebhookSecret") ?? pulumi.secret("sandbox-secret-1"),
  enabled: enabled("polytomic"),
});

export const shodaiSubscription = new shodai.WebhookSubscription("agreements", {
  url: `${hooks}/shodai`,
  eventTypes: ["agreement.transitioned"],
  enabled: enabled("shodai"),
});

export const sigmamindWebhook = new sigmamind.Webhook("conversations", {
  agentId: config.get("sigmamindAgentId") ?? SANDBOX.sigmamindAgentId,
  name: "conversations",
  url: `${hooks}/sigmamind`,
  events: ["conversation_ended"],
  enabled: enabled("sigmamind"),
});

export const autocallsWebhook = new autocalls.AssistantWebhook("support-line", {
  assistantId: config.getNumber("autocallsAssistantId") ?? SANDBOX.autocallsAssistantId,
  url: `${hooks}/autocalls`,
  enabled: enabled("autocalls"),
});

export const shodaiSigningSecret = shodaiSubscription.signingSecret;
