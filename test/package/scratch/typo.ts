// Must NOT compile: "event_phone_call_endd" is not a Talkover event.
import { talkover } from "pulumi-webhooks";

new talkover.Webhook("typo", {
  agentId: "9fbef0b7-8d4e-4a08-9207-66c22155721d",
  name: "typo",
  url: "https://hooks.example.com/talkover",
  events: ["event_phone_call_endd"],
});
