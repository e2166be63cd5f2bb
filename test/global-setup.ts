/**
 * Vitest global setup: finds or builds the Pulumi CLI once per run (test/cli/pulumi-cli.ts)
 * and hands its path to the test workers through PULUMI_WEBHOOKS_PULUMI. The real-engine
 * suites are never skipped: without a CLI (and without Go to build one) the run fails with
 * one line saying how to install it.
 */
import { getPulumiCli } from "./cli/pulumi-cli";

export default async function setup(): Promise<void> {
  const cli = await getPulumiCli((line) => process.stderr.write(`${line}\n`));
  process.env.PULUMI_WEBHOOKS_PULUMI = cli.bin;
  process.stderr.write(`pulumi-webhooks: real-engine tests use Pulumi CLI v${cli.version} (${cli.source}: ${cli.bin})\n`);
}
