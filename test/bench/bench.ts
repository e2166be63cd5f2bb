/**
 * `npm run bench [-- --quick]`: vendor requests, wall time and state size of an
 * example-style stack at N = 1, 100 and 1000 webhooks (--quick: 1 and 100), on the real
 * Pulumi CLI (test/cli/pulumi-cli.ts) against the sandbox. Prints a table and writes
 * test/bench/results.json. A script that prints numbers, not a timed test.
 */
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { startSandbox, type Sandbox } from "../../provider/sandbox/index";
import { getPulumiCli } from "../cli/pulumi-cli";
import { createStack, type RunResult } from "../helpers/real-stack";

const OPERATIONS = ["up", "preview-noop", "up-noop", "disable-one", "disable-all", "refresh", "destroy"] as const;

interface Run {
  n: number;
  operation: (typeof OPERATIONS)[number];
  requests: { total: number; byVendor: Record<string, Record<string, number>> };
  wallMs: number;
  stateBytes: number;
  stateBytesPerResource: number;
  providerBytesPerResource: number;
}

async function requestsSince(sb: Sandbox, since: number) {
  const res = await fetch(`${sb.url}/_sandbox/requests?since=${since}`);
  return (await res.json()).requests as { seq: number; vendor: string; method: string }[];
}

async function lastSeq(sb: Sandbox): Promise<number> {
  const all = await requestsSince(sb, 0);
  return all.length ? all[all.length - 1].seq : 0;
}

function stateFacts(file: string) {
  let stateBytes = 0;
  let providerBytes = 0;
  let resources = 0;
  try {
    stateBytes = statSync(file).size;
    const cp = JSON.parse(readFileSync(file, "utf8"));
    // The file backend's checkpoint: { checkpoint: { latest: { resources } } }.
    for (const r of cp.checkpoint.latest.resources) {
      if (!r.custom) continue;
      resources++;
      providerBytes += Buffer.byteLength(String(r.inputs?.__provider ?? ""));
    }
  } catch {
    // no state yet
  }
  return { stateBytes, resources, providerBytes };
}

async function benchmark(n: number): Promise<Run[]> {
  const sb = await startSandbox({ port: 0 });
  const config: Record<string, string | { value: string; secret: true }> = { count: String(n), disabled: "none" };
  for (const [vendor, url] of Object.entries(sb.baseUrls)) {
    config[`${vendor}:baseUrl`] = url;
    config[`${vendor}:${vendor === "talkover" || vendor === "autocalls" ? "apiToken" : "apiKey"}`] = { value: "sandbox-token", secret: true };
  }
  const stack = await createStack({ program: join(__dirname, "program", "index.ts"), stackName: `bench-${n}`, config });
  const runs: Run[] = [];
  try {
    const disabled = (value: string) => () => stack.setConfig({ disabled: value });
    const steps: Record<(typeof OPERATIONS)[number], [(() => Promise<void>) | undefined, () => Promise<RunResult>]> = {
      up: [undefined, () => stack.up()],
      "preview-noop": [undefined, () => stack.preview()],
      "up-noop": [undefined, () => stack.up()],
      "disable-one": [disabled("one"), () => stack.up()],
      "disable-all": [disabled("all"), () => stack.up()],
      refresh: [undefined, () => stack.refresh({ previewOnly: true })],
      destroy: [undefined, () => stack.destroy()],
    };
    for (const operation of OPERATIONS) {
      const [prepare, run] = steps[operation];
      await prepare?.();
      const since = await lastSeq(sb);
      const started = Date.now();
      await run();
      const wallMs = Date.now() - started;
      const requests = await requestsSince(sb, since);
      const byVendor: Record<string, Record<string, number>> = {};
      for (const r of requests) (byVendor[r.vendor] ??= {})[r.method] = (byVendor[r.vendor][r.method] ?? 0) + 1;
      const facts = stateFacts(stack.stateFile);
      runs.push({
        n, operation, requests: { total: requests.length, byVendor }, wallMs,
        stateBytes: facts.stateBytes,
        stateBytesPerResource: facts.resources ? Math.round(facts.stateBytes / facts.resources) : 0,
        providerBytesPerResource: facts.resources ? Math.round(facts.providerBytes / facts.resources) : 0,
      });
      const last = runs[runs.length - 1];
      console.log(
        `${String(n).padStart(5)} ${operation.padEnd(13)} ${String(last.requests.total).padStart(6)} req ${String(wallMs).padStart(7)} ms ` +
          `state ${String(last.stateBytes).padStart(9)} B (${last.stateBytesPerResource} B/res, __provider ${last.providerBytesPerResource} B/res) ` +
          `${JSON.stringify(byVendor)}`,
      );
    }
  } finally {
    await sb.close();
    stack.cleanup();
  }
  return runs;
}

async function main() {
  const quick = process.argv.includes("--quick");
  const sizes = quick ? [1, 100] : [1, 100, 1000];
  const runs: Run[] = [];
  const cli = await getPulumiCli((line) => console.error(line));
  process.env.PULUMI_WEBHOOKS_PULUMI = cli.bin;
  console.log(`Pulumi CLI v${cli.version} (${cli.source})`);
  console.log("    N operation        requests      wall  state");
  for (const n of sizes) runs.push(...(await benchmark(n)));
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, Pulumi CLI v${cli.version}`;
  const out = resolve(__dirname, quick ? "results.quick.json" : "results.json");
  writeFileSync(out, JSON.stringify({ machine, date: new Date().toISOString(), runs }, null, 2) + "\n");
  console.log(`\n${machine}\nwrote ${out}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exitCode = 1;
});
