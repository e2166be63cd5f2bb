/**
 * `npm run demo`: the whole story on a machine with no vendor accounts, in under a minute.
 * Starts the sandbox with a temporary state file, deploys the example stack to a local
 * backend, turns one webhook off and shows the `plan` summary a reviewer would see, makes
 * a change by hand at a vendor and shows `drift`, then destroys and cleans up.
 *
 * With the Pulumi CLI installed it goes through the Automation API and a file:// backend;
 * without it, through the test engine (test/engine), and says which.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as auto from "@pulumi/pulumi/automation";
import { drift, plan } from "../provider/gitops/commands";
import { automationSource, type EventSource } from "../provider/gitops/source";
import { startSandbox, type Sandbox } from "../provider/sandbox/index";
import { engineSource } from "../test/engine/event-source";
import { TestEngine } from "../test/engine/index";

const ROOT = resolve(__dirname, "..");
const STACK = "demo";
const PASSPHRASE = "demo-passphrase";

interface Driver {
  describe: string;
  up(): Promise<void>;
  setProgramConfig(key: string, value: string): Promise<void>;
  source(): EventSource;
  destroy(): Promise<void>;
}

function vendorConfig(sb: Sandbox): Record<string, string> {
  const config: Record<string, string> = {};
  for (const [vendor, url] of Object.entries(sb.baseUrls)) {
    config[`${vendor}:baseUrl`] = url;
    config[`${vendor}:${vendor === "talkover" || vendor === "autocalls" ? "apiToken" : "apiKey"}`] = "sandbox-token";
  }
  return config;
}

async function cliDriver(sb: Sandbox, dir: string): Promise<Driver | undefined> {
  try {
    await auto.PulumiCommand.get();
  } catch {
    return undefined;
  }
  process.env.PULUMI_BACKEND_URL = `file://${dir}`;
  process.env.PULUMI_CONFIG_PASSPHRASE = PASSPHRASE;
  const stack = await auto.LocalWorkspace.createOrSelectStack({ stackName: STACK, workDir: ROOT });
  const config = vendorConfig(sb);
  await stack.setAllConfig(Object.fromEntries(Object.entries(config).map(([k, v]) => [k, { value: v, secret: k.endsWith("Token") || k.endsWith("Key") }])));
  return {
    describe: `the Pulumi CLI through the Automation API (backend file://${dir})`,
    up: async () => void (await stack.up()),
    setProgramConfig: (key, value) => stack.setConfig(key, { value }),
    source: () => automationSource({ cwd: ROOT, stack: STACK }),
    destroy: async () => {
      await stack.destroy();
      await stack.workspace.removeStack(STACK);
    },
  };
}

function engineDriver(sb: Sandbox, dir: string): Driver {
  const program: Record<string, string> = {};
  const make = () => new TestEngine({ projectDir: ROOT, stack: STACK, stateFile: join(dir, "state.json"), passphrase: PASSPHRASE, config: { ...vendorConfig(sb), ...program } });
  let engine = make();
  return {
    describe: "the test engine (no Pulumi CLI found; install one to run this through the Automation API)",
    up: async () => void (await engine.up()),
    setProgramConfig: async (key, value) => {
      program[`pulumi-webhooks-example:${key}`] = value;
      engine = make();
    },
    source: () => engineSource(engine),
    destroy: async () => void (await engine.destroy()),
  };
}

const heading = (text: string) => console.log(`\n── ${text} ${"─".repeat(Math.max(0, 70 - text.length))}`);

async function main(): Promise<void> {
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), "pulumi-webhooks-demo-"));
  const sb = await startSandbox({ port: 0, stateFile: join(dir, "sandbox.json") });
  try {
    const driver = (await cliDriver(sb, dir)) ?? engineDriver(sb, dir);
    console.log(`pulumi-webhooks demo: sandbox on ${sb.url}; running with ${driver.describe}.`);

    heading("pulumi up: one webhook per vendor");
    await driver.up();
    console.log("Created: talkover.Webhook, polytomic.Webhook, shodai.WebhookSubscription, sigmamind.Webhook, autocalls.AssistantWebhook.");

    heading("A pull request turns the Talkover webhook off: pulumi-webhooks plan");
    await driver.setProgramConfig("disabled", JSON.stringify(["talkover"]));
    console.log((await plan(driver.source(), "markdown")).output);
    await driver.up();
    console.log("\nApplied with pulumi up (one PUT {\"enabled\": false} to Talkover).");

    heading("Someone disables the Polytomic webhook by hand: pulumi-webhooks drift");
    const hooks = await (await fetch(`${sb.baseUrls.polytomic}/api/webhooks`, { headers: { authorization: "Bearer sandbox-token" } })).json();
    await fetch(`${sb.baseUrls.polytomic}/api/webhooks/${hooks.data[0].id}/disable`, { method: "POST", headers: { authorization: "Bearer sandbox-token" } });
    const found = await drift(driver.source(), "text");
    console.log(found.output);
    console.log(`(exit code ${found.exitCode}: a nightly CI job fails on 2)`);

    heading("pulumi destroy");
    await driver.destroy();
    console.log("Destroyed (Shodai keeps a disabled subscription record: it has no hard delete).");
    console.log(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  } finally {
    await sb.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`demo failed: ${err instanceof Error ? err.message : err}`);
  process.exitCode = 1;
});
