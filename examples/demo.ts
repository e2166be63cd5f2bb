/**
 * `npm run demo`: the whole story on a machine with no vendor accounts, through the real
 * Pulumi CLI. Starts the sandbox, deploys the example stack (examples/index.ts) to a
 * file:// backend in a temporary directory, turns one webhook off and shows the `plan`
 * summary a reviewer would see, makes a change by hand at a vendor and shows `drift`, then
 * destroys and cleans up.
 *
 * The CLI is the one on PATH (if recent enough), else a cached build, else it is built from
 * Go modules once (test/cli/pulumi-cli.ts). The program runs as an Automation API inline
 * program (test/helpers/real-stack.ts), so no `pulumi-language-nodejs` binary is needed.
 */
import { join } from "node:path";
import { startSandbox } from "../provider/sandbox/index";
import { getPulumiCli } from "../test/cli/pulumi-cli";
import { exampleStack } from "../test/helpers/stack";

const heading = (text: string) => console.log(`\n── ${text} ${"─".repeat(Math.max(0, 70 - text.length))}`);
/** The CLI's own closing lines ("Resources: …"), as a user sees them. */
const resourcesLines = (stdout: string) => stdout.slice(stdout.lastIndexOf("Resources:")).trim().split("\n").filter((l) => l.trim() && !l.startsWith("Duration")).join("\n");

async function main(): Promise<void> {
  const started = Date.now();
  const cli = await getPulumiCli((line) => console.log(line));
  process.env.PULUMI_WEBHOOKS_PULUMI = cli.bin;
  const sb = await startSandbox({ port: 0 });
  const stack = await exampleStack(sb, { stackName: "demo" });
  try {
    console.log(`pulumi-webhooks demo: Pulumi CLI v${cli.version} (${cli.source}: ${cli.bin}), sandbox on ${sb.url}, backend ${stack.env.PULUMI_BACKEND_URL}.`);

    heading("pulumi up: one webhook per vendor");
    const up = await stack.up();
    console.log(resourcesLines(up.stdout));

    heading("A pull request turns the Talkover webhook off: pulumi-webhooks plan");
    await stack.setConfig({ disabled: JSON.stringify(["talkover"]) });
    console.log((await stack.command("plan", "markdown")).output);
    const applied = await stack.up();
    console.log(`\nApplied with pulumi up (one PUT {"enabled": false} to Talkover):\n${resourcesLines(applied.stdout)}`);

    heading("Someone disables the Polytomic webhook by hand: pulumi-webhooks drift");
    const hooks = await (await fetch(`${sb.baseUrls.polytomic}/api/webhooks`, { headers: { authorization: "Bearer sandbox-token" } })).json();
    await fetch(`${sb.baseUrls.polytomic}/api/webhooks/${hooks.data[0].id}/disable`, { method: "POST", headers: { authorization: "Bearer sandbox-token" } });
    const found = await stack.command("drift", "text");
    console.log(found.output);
    console.log(`(exit code ${found.exitCode}: a nightly CI job fails on 2)`);

    heading("pulumi destroy");
    const destroyed = await stack.destroy();
    console.log(resourcesLines(destroyed.stdout));
    console.log("Shodai keeps a disabled subscription record: it has no hard delete.");
    console.log(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s (state and config were in ${join(stack.workDir, "..")}, now removed).`);
  } finally {
    await sb.close();
    stack.cleanup();
  }
}

main().catch((err) => {
  console.error(`demo failed: ${err instanceof Error ? err.message : err}`);
  process.exitCode = 1;
});
