// N webhooks for the benchmark (test/bench/bench.ts). With config `only: talkover`: N
// Talkover webhooks over the sandbox's three agents, the stack the floor and the naive peer
// (test/bench/floor, test/bench/naive) declare too. Otherwise N webhooks spread over the five vendors:
// Polytomic allows one webhook per organization and Autocalls one per assistant, so they
// get 1 and up to 250; the rest is shared by Talkover, Shodai and SigmaMind.
import * as pulumi from "@pulumi/pulumi";
import { autocalls, polytomic, shodai, sigmamind, talkover } from "pulumi-webhooks";

const config = new pulumi.Config();
const count = config.requireNumber("count");
const disabled = config.get("disabled") ?? "none"; // "none" | "one" | "all"
const AGENTS = ["9fbef0b7-8d4e-4a08-9207-66c22155721d", "5d0c3b1e-2f4a-4c6b-9e8d-7a1b2c3d4e5f", "c1a2b3c4-d5e6-4f70-8a9b-0c1d2e3f4a5b"];
const url = (i: number) => `https://hooks.example.com/bench/${i}`;

if (config.get("only") === "talkover") {
  const on = disabled !== "all";
  for (let i = 0; i < count; i++) {
    new talkover.Webhook(`talkover-${i}`, { agentId: AGENTS[i % 3], name: `bench-${i}`, url: url(i), events: ["event_phone_call_ended"], enabled: on });
  }
}

const mixed = config.get("only") !== "talkover";
const polytomicCount = mixed && count >= 5 ? 1 : 0;
const autocallsCount = mixed ? Math.min(Math.floor(count / 4), 250) : 0;
const rest = mixed ? count - polytomicCount - autocallsCount : 0;
let index = 0;
const enabled = () => disabled === "all" ? false : !(disabled === "one" && index === 0);

for (let i = 0; i < rest; i++, index++) {
  const on = enabled();
  if (i % 3 === 0) {
    new talkover.Webhook(`talkover-${i}`, { agentId: AGENTS[i % 3], name: `bench-${i}`, url: url(i), events: ["event_phone_call_ended"], enabled: on });
  } else if (i % 3 === 1) {
    new shodai.WebhookSubscription(`shodai-${i}`, { url: url(i), enabled: on });
  } else {
    new sigmamind.Webhook(`sigmamind-${i}`, { agentId: "agent_support", name: `bench-${i}`, url: url(i), events: ["conversation_ended"], enabled: on });
  }
}
for (let i = 0; i < polytomicCount; i++, index++) {
  new polytomic.Webhook(`polytomic-${i}`, { endpoint: url(10_000 + i), secret: pulumi.secret("bench-secret-1"), enabled: enabled() });
}
for (let i = 0; i < autocallsCount; i++, index++) {
  new autocalls.AssistantWebhook(`autocalls-${i}`, { assistantId: 1001 + i, url: url(20_000 + i), enabled: enabled() });
}
