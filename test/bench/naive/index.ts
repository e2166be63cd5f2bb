// The naive peer of the benchmark (test/bench/bench.ts): a Talkover webhook provider written
// the way the Pulumi docs present dynamic providers — a class implementing
// pulumi.dynamic.ResourceProvider whose methods call the API with fetch, serialized by value
// into every resource, with the API token read from config in the program and passed as a
// (secret) input.
import * as pulumi from "@pulumi/pulumi";

interface TalkoverWebhookInputs {
  apiToken: string;
  baseUrl: string;
  agentId: string;
  name: string;
  url: string;
  events: string[];
  enabled: boolean;
}

class TalkoverWebhookProvider implements pulumi.dynamic.ResourceProvider {
  async create(inputs: TalkoverWebhookInputs): Promise<pulumi.dynamic.CreateResult> {
    const res = await fetch(`${inputs.baseUrl}/agents/${inputs.agentId}/webhooks`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json", Authorization: `Bearer ${inputs.apiToken}` },
      body: JSON.stringify({
        name: inputs.name, webhook_url: inputs.url, events: inputs.events, enabled: inputs.enabled, timeout: 30, max_retries: 3,
        http_method: "POST", authorization_scheme: "none", custom_headers: [], payload_templates: {},
      }),
    });
    if (!res.ok) throw new Error(`creating the webhook failed: ${res.status} ${await res.text()}`);
    const { data } = await res.json();
    return { id: data.id, outs: { ...inputs, status: data.status, createdAt: data.created_at } };
  }

  async read(id: string, props: TalkoverWebhookInputs): Promise<pulumi.dynamic.ReadResult> {
    const res = await fetch(`${props.baseUrl}/agents/${props.agentId}/webhooks/${id}`, {
      headers: { Accept: "application/json", Authorization: `Bearer ${props.apiToken}` },
    });
    if (res.status === 404) return { id: "", props: {} };
    if (!res.ok) throw new Error(`reading webhook ${id} failed: ${res.status} ${await res.text()}`);
    const { data } = await res.json();
    return { id, props: { ...props, name: data.name, url: data.webhook_url, events: data.events, enabled: data.enabled, status: data.status } };
  }

  async diff(_id: string, olds: TalkoverWebhookInputs, news: TalkoverWebhookInputs): Promise<pulumi.dynamic.DiffResult> {
    const replaces = olds.agentId !== news.agentId ? ["agentId"] : [];
    const changed = ["name", "url", "enabled"].some((k) => (olds as any)[k] !== (news as any)[k])
      || JSON.stringify(olds.events) !== JSON.stringify(news.events);
    return { changes: replaces.length > 0 || changed, replaces };
  }

  async update(id: string, olds: TalkoverWebhookInputs, news: TalkoverWebhookInputs): Promise<pulumi.dynamic.UpdateResult> {
    const res = await fetch(`${news.baseUrl}/agents/${olds.agentId}/webhooks/${id}`, {
      method: "PUT",
      headers: { "Content-Type": "application/json", Accept: "application/json", Authorization: `Bearer ${news.apiToken}` },
      body: JSON.stringify({ name: news.name, webhook_url: news.url, events: news.events, enabled: news.enabled }),
    });
    if (!res.ok) throw new Error(`updating webhook ${id} failed: ${res.status} ${await res.text()}`);
    const { data } = await res.json();
    return { outs: { ...news, status: data.status } };
  }

  async delete(id: string, props: TalkoverWebhookInputs): Promise<void> {
    const res = await fetch(`${props.baseUrl}/agents/${props.agentId}/webhooks/${id}`, {
      method: "DELETE",
      headers: { Accept: "application/json", Authorization: `Bearer ${props.apiToken}` },
    });
    if (!res.ok && res.status !== 404) throw new Error(`deleting webhook ${id} failed: ${res.status} ${await res.text()}`);
  }
}

interface TalkoverWebhookArgs {
  apiToken: pulumi.Input<string>;
  baseUrl: pulumi.Input<string>;
  agentId: pulumi.Input<string>;
  name: pulumi.Input<string>;
  url: pulumi.Input<string>;
  events: pulumi.Input<string[]>;
  enabled: pulumi.Input<boolean>;
}

class TalkoverWebhook extends pulumi.dynamic.Resource {
  declare readonly status: pulumi.Output<string>;
  constructor(name: string, args: TalkoverWebhookArgs, opts?: pulumi.CustomResourceOptions) {
    super(new TalkoverWebhookProvider(), name, { status: undefined, createdAt: undefined, ...args }, opts);
  }
}

const talkover = new pulumi.Config("talkover");
const config = new pulumi.Config();
const apiToken = talkover.requireSecret("apiToken");
const baseUrl = talkover.require("baseUrl");
const count = config.requireNumber("count");
const enabled = (config.get("disabled") ?? "none") !== "all";
const AGENTS = ["9fbef0b7-8d4e-4a08-9207-66c22155721d", "5d0c3b1e-2f4a-4c6b-9e8d-7a1b2c3d4e5f", "c1a2b3c4-d5e6-4f70-8a9b-0c1d2e3f4a5b"];
for (let i = 0; i < count; i++) {
  new TalkoverWebhook(`talkover-${i}`, { apiToken, baseUrl, agentId: AGENTS[i % 3], name: `bench-${i}`, url: `https://hooks.example.com/bench/${i}`, events: ["event_phone_call_ended"], enabled });
}
