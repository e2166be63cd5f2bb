// The floor of the benchmark (test/bench/bench.ts): the least a dynamic provider can do to
// manage N Talkover webhooks — the same HTTP calls as pulumi-webhooks (same endpoints,
// methods and bodies to the sandbox), and nothing else: no validation, no retries, no
// listing before a create, no error mapping. Not a pattern to copy.
import * as pulumi from "@pulumi/pulumi";

const AGENTS = ["9fbef0b7-8d4e-4a08-9207-66c22155721d", "5d0c3b1e-2f4a-4c6b-9e8d-7a1b2c3d4e5f", "c1a2b3c4-d5e6-4f70-8a9b-0c1d2e3f4a5b"];

const floor = {
  base: "",
  token: "",
  configure(req: pulumi.dynamic.ConfigureRequest) {
    this.base = req.config.require("talkover:baseUrl");
    this.token = req.config.require("talkover:apiToken");
  },
  async call(method: string, path: string, body?: unknown) {
    const res = await fetch(this.base + path, {
      method,
      headers: { authorization: `Bearer ${this.token}`, accept: "application/json", ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status}`);
    return json.data;
  },
  async create(inputs: any) {
    const w = await this.call("POST", `/agents/${inputs.agentId}/webhooks`, {
      name: inputs.name, webhook_url: inputs.url, events: inputs.events, enabled: inputs.enabled, timeout: 30, max_retries: 3,
      http_method: "POST", authorization_scheme: "none", custom_headers: [], payload_templates: {},
    });
    return { id: w.id, outs: { ...inputs, enabled: w.enabled } };
  },
  async read(id: string, props: any) {
    const w = await this.call("GET", `/agents/${props.agentId}/webhooks/${id}`);
    return { id, props: { ...props, name: w.name, url: w.webhook_url, events: w.events, enabled: w.enabled } };
  },
  async update(id: string, olds: any, news: any) {
    const w = await this.call("PUT", `/agents/${olds.agentId}/webhooks/${id}`, { enabled: news.enabled });
    return { outs: { ...news, enabled: w.enabled } };
  },
  async delete(id: string, props: any) {
    await this.call("DELETE", `/agents/${props.agentId}/webhooks/${id}`);
  },
};

class FloorWebhook extends pulumi.dynamic.Resource {
  constructor(name: string, args: Record<string, pulumi.Input<unknown>>) {
    super(floor as unknown as pulumi.dynamic.ResourceProvider, name, args, undefined, "bench", "FloorWebhook");
  }
}

const config = new pulumi.Config();
const count = config.requireNumber("count");
const enabled = (config.get("disabled") ?? "none") !== "all";
for (let i = 0; i < count; i++) {
  new FloorWebhook(`talkover-${i}`, { agentId: AGENTS[i % 3], name: `bench-${i}`, url: `https://hooks.example.com/bench/${i}`, events: ["event_phone_call_ended"], enabled });
}
