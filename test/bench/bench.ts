/**
 * `npm run bench [-- --quick]`: vendor requests, wall time, provider CPU and memory, and
 * state size of the example-style stack at N = 1, 100 and 1000 webhooks (--quick: 1 and
 * 100), on the test engine against the sandbox. Prints a table and writes
 * test/bench/results.json. A script that prints numbers, not a timed test.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { startSandbox, type Sandbox } from "../../provider/sandbox/index";
import { TestEngine, type RunResult } from "../engine/index";

const ROOT = resolve(__dirname, "../..");
const OPERATIONS = ["up", "preview-noop", "up-noop", "disable-one", "disable-all", "refresh", "destroy"] as const;

interface Run {
  n: number;
  operation: (typeof OPERATIONS)[number];
  requests: { total: number; byVendor: Record<string, Record<string, number>> };
  wallMs: number;
  providerCpuMs: number | null;
  peakRssMb: number | null;
  stateBytes: number;
  stateBytesPerResource: number;
  providerBytesPerResource: number;
  cpuMsPerRequest: number | null;
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
  const dir = mkdtempSync(join(tmpdir(), "pw-bench-"));
  const runs: Run[] = [];
  try {
    const config = (disabled: string) => {
      const c: Record<string, string> = { "pulumi-webhooks-example:count": String(n), "pulumi-webhooks-example:disabled": disabled };
      for (const [vendor, url] of Object.entries(sb.baseUrls)) {
        c[`${vendor}:baseUrl`] = url;
        c[`${vendor}:${vendor === "talkover" || vendor === "autocalls" ? "apiToken" : "apiKey"}`] = "sandbox-token";
      }
      return c;
    };
    const engine = (disabled: string) => new TestEngine({ projectDir: ROOT, program: "test/bench/program", stack: `bench-${n}`, stateFile: join(dir, "state.json"), config: config(disabled), parallel: 32 });
    const steps: Record<(typeof OPERATIONS)[number], () => Promise<RunResult>> = {
      up: () => engine("none").up(),
      "preview-noop": () => engine("none").preview(),
      "up-noop": () => engine("none").up(),
      "disable-one": () => engine("one").up(),
      "disable-all": () => engine("all").up(),
      refresh: () => engine("all").refresh({ previewOnly: true }),
      destroy: () => engine("all").destroy(),
    };
    for (const operation of OPERATIONS) {
      const since = await lastSeq(sb);
      const started = Date.now();
      const result = await steps[operation]();
      const wallMs = Date.now() - started;
      const requests = await requestsSince(sb, since);
      const byVendor: Record<string, Record<string, number>> = {};
      for (const r of requests) (byVendor[r.vendor] ??= {})[r.method] = (byVendor[r.vendor][r.method] ?? 0) + 1;
      const facts = stateFacts(join(dir, "state.json"));
      const cpu = result.provider?.cpuMs ?? null;
      runs.push({
        n, operation, requests: { total: requests.length, byVendor }, wallMs,
        providerCpuMs: cpu === null ? null : Math.round(cpu), peakRssMb: result.provider ? Math.round(result.provider.maxRssMb) : null,
        stateBytes: facts.stateBytes,
        stateBytesPerResource: facts.resources ? Math.round(facts.stateBytes / facts.resources) : 0,
        providerBytesPerResource: facts.resources ? Math.round(facts.providerBytes / facts.resources) : 0,
        cpuMsPerRequest: cpu !== null && requests.length ? Math.round((cpu / requests.length) * 100) / 100 : null,
      });
      const last = runs[runs.length - 1];
      console.log(
        `${String(n).padStart(5)} ${operation.padEnd(13)} ${String(last.requests.total).padStart(6)} req ${String(wallMs).padStart(7)} ms ` +
          `cpu ${String(last.providerCpuMs ?? "-").padStart(6)} ms rss ${String(last.peakRssMb ?? "-").padStart(4)} MB ` +
          `state ${String(last.stateBytes).padStart(9)} B (${last.stateBytesPerResource} B/res, __provider ${last.providerBytesPerResource} B/res) ` +
          `${JSON.stringify(byVendor)}`,
      );
    }
  } finally {
    await sb.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return runs;
}

async function main() {
  const quick = process.argv.includes("--quick");
  const sizes = quick ? [1, 100] : [1, 100, 1000];
  const runs: Run[] = [];
  console.log("    N operation        requests      wall  provider CPU / peak RSS / state");
  for (const n of sizes) runs.push(...(await benchmark(n)));
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const out = resolve(__dirname, quick ? "results.quick.json" : "results.json");
  writeFileSync(out, JSON.stringify({ machine, date: new Date().toISOString(), runs }, null, 2) + "\n");
  console.log(`\n${machine}\nwrote ${out}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exitCode = 1;
});
