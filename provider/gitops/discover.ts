/**
 * `pulumi-webhooks discover`: the webhooks that already exist at each configured vendor
 * account, which of them the stack manages, and ready-to-paste declarations (with
 * `adoptId` / `adopt`) for the others — the way to bring hand-made webhooks under Pulumi,
 * since `pulumi import` does not work for dynamic resources.
 *
 * Reads only (list endpoints); never writes to a vendor. Credentials come from the stack's
 * config (decrypted by the CLI) or the environment, like the provider's. Webhook URLs are
 * often credentials themselves, so declarations carry the URL's host only, as a comment,
 * and read the URL from secret config, unless `showUrls` is set.
 */
import { setStackConfig } from "../core/config";
import { urlHost } from "../core/operation";
import * as autocallsApi from "../vendors/autocalls/api";
import * as polytomicApi from "../vendors/polytomic/api";
import * as shodaiApi from "../vendors/shodai/api";
import * as sigmamindApi from "../vendors/sigmamind/api";
import * as talkoverApi from "../vendors/talkover/api";
import { VENDOR_TITLES } from "./changes";

export const DISCOVER_VENDORS = ["talkover", "polytomic", "shodai", "sigmamind", "autocalls"] as const;
export type DiscoverVendor = (typeof DISCOVER_VENDORS)[number];

export interface FoundWebhook {
  vendor: DiscoverVendor;
  /** The vendor's id, as `adoptId` takes it (Autocalls: the assistant id). */
  id: string;
  /** Where it lives: `agent …`, `organization …`, `production`, `assistant …`. */
  scope: string;
  name?: string;
  enabled: boolean;
  url?: string;
  /** The resource name in the stack that manages it, if any. */
  managedBy?: string;
  details: Record<string, unknown>;
}

export interface DiscoverResult {
  found: FoundWebhook[];
  /** Per vendor: why it was not listed (no credential, no agent id, an error). */
  skipped: { vendor: DiscoverVendor; reason: string }[];
  /** Whether a stack's state was compared (else "managed" is unknown). */
  comparedWithStack: boolean;
}

export interface DiscoverOptions {
  vendors?: DiscoverVendor[];
  /** Talkover and SigmaMind list per agent: these, plus every agent the stack's webhooks use. */
  talkoverAgents?: string[];
  sigmamindAgents?: string[];
  /** Stack config (`namespace:key` → value, secrets decrypted); the environment is the fallback. */
  config?: Record<string, string>;
  /** The stack's managed webhooks: vendor → vendor id → resource name. */
  managed?: Map<DiscoverVendor, Map<string, string>>;
}

/** What the stack's state says it manages, from `pulumi stack export` resources. */
export function managedFromState(resources: { type: string; urn: string; id?: string; outputs?: Record<string, unknown> }[]) {
  const managed = new Map<DiscoverVendor, Map<string, string>>();
  const agents = { talkover: new Set<string>(), sigmamind: new Set<string>() };
  for (const r of resources) {
    const m = /^pulumi-nodejs:dynamic\/([a-z]+):/.exec(r.type);
    const vendor = m?.[1] as DiscoverVendor | undefined;
    if (!vendor || !DISCOVER_VENDORS.includes(vendor)) continue;
    const o = r.outputs ?? {};
    const id = String(o.webhookId ?? o.subscriptionId ?? (vendor === "autocalls" ? (o.assistantId ?? r.id) : r.id) ?? "");
    const name = r.urn.slice(r.urn.lastIndexOf("::") + 2);
    if (id) (managed.get(vendor) ?? managed.set(vendor, new Map()).get(vendor)!).set(id, name);
    if ((vendor === "talkover" || vendor === "sigmamind") && typeof o.agentId === "string") agents[vendor].add(o.agentId);
  }
  return { managed, agents: { talkover: [...agents.talkover], sigmamind: [...agents.sigmamind] } };
}

export async function discover(opts: DiscoverOptions = {}): Promise<DiscoverResult> {
  const vendors = opts.vendors ?? [...DISCOVER_VENDORS];
  const config = opts.config ?? {};
  setStackConfig({ get: (key) => config[key] });
  const result: DiscoverResult = { found: [], skipped: [], comparedWithStack: opts.managed !== undefined };
  try {
    for (const vendor of vendors) {
      try {
        const found = await LISTERS[vendor](opts);
        if (typeof found === "string") result.skipped.push({ vendor, reason: found });
        else result.found.push(...found.map((w) => ({ ...w, managedBy: opts.managed?.get(vendor)?.get(w.id) })));
      } catch (err) {
        result.skipped.push({ vendor, reason: err instanceof Error ? err.message.split("\n")[0] : String(err) });
      }
    }
  } finally {
    setStackConfig(undefined);
  }
  return result;
}

const unique = (xs: string[] = []) => [...new Set(xs.filter(Boolean))];

const LISTERS: Record<DiscoverVendor, (opts: DiscoverOptions) => Promise<Omit<FoundWebhook, "managedBy">[] | string>> = {
  async talkover(opts) {
    const agents = unique(opts.talkoverAgents);
    if (!agents.length) return "no agent id: pass --talkover-agent ID (Talkover lists webhooks per agent)";
    const client = talkoverApi.talkoverClient();
    const found: Omit<FoundWebhook, "managedBy">[] = [];
    for (const agent of agents) {
      for (const w of await talkoverApi.listWebhooks(client, agent, `list webhooks of agent ${agent}`)) {
        found.push({
          vendor: "talkover", id: w.id, scope: `agent ${agent}`, name: w.name, enabled: w.enabled, url: w.webhook_url,
          details: { agentId: agent, name: w.name, events: [...w.events].sort(), timeout: w.timeout, maxRetries: w.max_retries, httpMethod: w.http_method ?? undefined },
        });
      }
    }
    return found;
  },
  async polytomic() {
    const list = await polytomicApi.listWebhooks(polytomicApi.polytomicClient());
    return list.map((w) => ({
      vendor: "polytomic" as const, id: w.id, scope: `organization ${w.organization_id ?? "(of the key)"}`, enabled: !w.disabled, url: w.endpoint,
      details: { organizationId: w.organization_id ?? undefined },
    }));
  },
  async shodai(opts) {
    const found: Omit<FoundWebhook, "managedBy">[] = [];
    for (const environment of ["production", "testnet"] as const) {
      // The testnet is listed only when its base URL is configured.
      if (environment === "testnet" && !opts.config?.["shodai:testnetBaseUrl"] && !process.env.SHODAI_TESTNET_BASE_URL) continue;
      for (const s of await shodaiApi.listSubscriptions(shodaiApi.shodaiClient(environment))) {
        found.push({
          vendor: "shodai", id: s.id, scope: environment, enabled: s.status === "active", url: s.url,
          details: { environment, eventTypes: s.eventTypes ?? undefined },
        });
      }
    }
    return found;
  },
  async sigmamind(opts) {
    const agents = unique(opts.sigmamindAgents);
    if (!agents.length) return "no agent id: pass --sigmamind-agent ID (SigmaMind lists webhooks per agent)";
    const client = sigmamindApi.sigmamindClient();
    const found: Omit<FoundWebhook, "managedBy">[] = [];
    for (const agent of agents) {
      for (const active of [true, false]) {
        for (const w of await sigmamindApi.listWebhooks(client, agent, active)) {
          found.push({
            vendor: "sigmamind", id: w.webhookId, scope: `agent ${agent}`, name: w.name, enabled: w.active !== false, url: w.url,
            details: { agentId: agent, name: w.name, events: [...w.events].sort() },
          });
        }
      }
    }
    return found;
  },
  async autocalls() {
    const assistants = await autocallsApi.listAssistants(autocallsApi.autocallsClient());
    return assistants
      .filter((a) => a.is_webhook_active && a.webhook_url)
      .map((a) => ({ vendor: "autocalls" as const, id: String(a.id), scope: `assistant ${a.id}`, name: a.name ?? undefined, enabled: true, url: a.webhook_url!, details: { assistantId: a.id } }));
  },
};

/** A resource name from the webhook's own name (or vendor and id): lower-case, dashes. */
function resourceName(w: FoundWebhook): string {
  const base = (w.name ?? `${w.vendor}-${w.id}`).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  return base || `${w.vendor}-${w.id}`;
}

const lit = (v: unknown) => JSON.stringify(v);

/** A TypeScript declaration that adopts this webhook as it is now. */
export function declaration(w: FoundWebhook, showUrls = false): string {
  const name = resourceName(w);
  const urlLine = (key: string) =>
    showUrls && w.url
      ? `  ${key}: ${lit(w.url)},`
      : `  ${key}: config.requireSecret(${lit(`${name}-url`)}), // ${w.url ? `delivers to ${urlHost(w.url)}` : "no URL"}; pulumi config set --secret ${name}-url <url>`;
  const d = w.details;
  const lines: string[] = [];
  switch (w.vendor) {
    case "talkover":
      lines.push(`new talkover.Webhook(${lit(name)}, {`, `  agentId: ${lit(d.agentId)},`, `  name: ${lit(d.name)},`, urlLine("url"), `  events: ${lit(d.events)},`);
      if (d.timeout !== undefined && d.timeout !== 30) lines.push(`  timeout: ${d.timeout},`);
      if (d.maxRetries !== undefined && d.maxRetries !== 3) lines.push(`  maxRetries: ${d.maxRetries},`);
      if (d.httpMethod && d.httpMethod !== "POST") lines.push(`  httpMethod: ${lit(d.httpMethod)},`);
      lines.push(`  // secret: Talkover never returns a webhook's signing secret; set it here to manage it.`);
      lines.push(`  enabled: ${w.enabled},`, `  adoptId: ${lit(w.id)},`, `});`);
      break;
    case "polytomic":
      lines.push(`new polytomic.Webhook(${lit(name)}, {`, urlLine("endpoint"));
      if (d.organizationId) lines.push(`  organizationId: ${lit(d.organizationId)},`);
      lines.push(`  secret: config.requireSecret(${lit(`${name}-secret`)}), // the webhook's current secret (Polytomic requires one)`);
      lines.push(`  enabled: ${w.enabled},`, `  adoptId: ${lit(w.id)},`, `});`);
      break;
    case "shodai":
      lines.push(`new shodai.WebhookSubscription(${lit(name)}, {`, urlLine("url"));
      if (Array.isArray(d.eventTypes) && d.eventTypes.length) lines.push(`  eventTypes: ${lit(d.eventTypes)},`);
      if (d.environment !== "production") lines.push(`  environment: ${lit(d.environment)},`);
      lines.push(`  enabled: ${w.enabled},`, `  adoptId: ${lit(w.id)},`, `});`);
      break;
    case "sigmamind":
      lines.push(`new sigmamind.Webhook(${lit(name)}, {`, `  agentId: ${lit(d.agentId)},`, `  name: ${lit(d.name)},`, urlLine("url"), `  events: ${lit(d.events)},`);
      lines.push(`  enabled: ${w.enabled},`, `  adoptId: ${lit(w.id)},`, `});`);
      break;
    case "autocalls":
      lines.push(`new autocalls.AssistantWebhook(${lit(name)}, {`, `  assistantId: ${d.assistantId},`, urlLine("url"), `  enabled: true,`, `  adopt: true,`, `});`);
      break;
  }
  return lines.join("\n");
}

export function renderDiscover(result: DiscoverResult, opts: { format?: "text" | "json"; showUrls?: boolean } = {}): string {
  const order = Object.keys(VENDOR_TITLES);
  const found = [...result.found].sort((a, b) => order.indexOf(a.vendor) - order.indexOf(b.vendor) || a.scope.localeCompare(b.scope) || a.id.localeCompare(b.id));
  if (opts.format === "json") {
    return JSON.stringify(
      {
        command: "discover",
        webhooks: found.map((w) => ({ ...w, url: opts.showUrls ? w.url : w.url && urlHost(w.url), managed: !!w.managedBy, declaration: w.managedBy ? undefined : declaration(w, opts.showUrls) })),
        skipped: result.skipped,
      },
      null,
      2,
    );
  }
  const unmanaged = found.filter((w) => !w.managedBy);
  const count = `${found.length} ${found.length === 1 ? "webhook" : "webhooks"}`;
  const lines = [
    result.comparedWithStack
      ? `Discovered ${count}: ${found.length - unmanaged.length} managed by this stack, ${unmanaged.length} not.`
      : `Discovered ${count} (no --stack given, so none is marked as managed).`,
  ];
  for (const w of found) {
    const where = w.url ? urlHost(w.url) : "no URL";
    lines.push(`  ${VENDOR_TITLES[w.vendor]} ${w.scope}: ${w.id}${w.name ? ` "${w.name}"` : ""} ${w.enabled ? "enabled" : "disabled"} → ${where} — ${w.managedBy ? `managed as "${w.managedBy}"` : "not managed"}`);
  }
  for (const s of result.skipped) lines.push(`  ${VENDOR_TITLES[s.vendor]}: not listed (${s.reason})`);
  if (unmanaged.length) {
    const vendors = [...new Set(unmanaged.map((w) => w.vendor))].sort((a, b) => order.indexOf(a) - order.indexOf(b));
    lines.push(
      "",
      "// Paste into your Pulumi program to bring these under Pulumi (`pulumi import` does not work for",
      "// dynamic resources); the first `pulumi up` adopts each webhook as it is, with no duplicate.",
      `import * as pulumi from "@pulumi/pulumi";`,
      `import { ${vendors.join(", ")} } from "pulumi-webhooks";`,
      "",
      "const config = new pulumi.Config();",
      "",
      ...unmanaged.map((w) => declaration(w, opts.showUrls)).join("\n\n").split("\n"),
    );
  }
  return lines.join("\n");
}
