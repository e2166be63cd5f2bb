/**
 * `npm run bench [-- --quick] [-- --rounds R]`: three dynamic providers side by side on the
 * real Pulumi CLI (test/cli/pulumi-cli.ts), each against its own sandbox, managing the same
 * N Talkover webhooks over the sandbox's three agents:
 *
 *   - ours:  pulumi-webhooks (test/bench/program with `only: talkover`);
 *   - floor: the same HTTP calls and nothing else (test/bench/floor);
 *   - naive: a provider written the way the Pulumi docs show (test/bench/naive).
 *
 * Operations: up (create all), no-op preview, no-op up, refresh, disable-all (an up that
 * sets enabled=false everywhere), destroy. Each round runs every operation for the three
 * providers in turn (A B C, then the next operation), the order rotating from round to
 * round, so all three see the same machine load. Reported per operation: wall time (as the
 * Automation API call took it: CLI, engine, program and provider process), the ratios
 * ours/floor and ours/naive with min/median/max over rounds, vendor requests, state bytes
 * per resource, and the peak RSS (VmHWM) and CPU time of the dynamic-provider process,
 * polled from /proc while it runs.
 *
 * --quick: N = 100, 3 rounds → results.quick.json. Full: N = 100 (5 rounds) and
 * N = 1000 (3 rounds) → results.json. A script that prints numbers, not a timed test.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { startSandbox, type Sandbox } from "../../provider/sandbox/index";
import { getPulumiCli } from "../cli/pulumi-cli";
import { createStack, type RealStack, type RunResult } from "../helpers/real-stack";

const PROVIDERS = ["ours", "floor", "naive"] as const;
type ProviderKey = (typeof PROVIDERS)[number];
const PROGRAMS: Record<ProviderKey, { program: string; config: Record<string, string> }> = {
  ours: { program: join(__dirname, "program", "index.ts"), config: { only: "talkover" } },
  floor: { program: join(__dirname, "floor", "index.ts"), config: {} },
  naive: { program: join(__dirname, "naive", "index.ts"), config: {} },
};
const OPERATIONS = ["up", "preview-noop", "up-noop", "refresh", "disable-all", "destroy"] as const;
type Operation = (typeof OPERATIONS)[number];

interface ProcFacts {
  /** Peak resident set (VmHWM) of the process, KiB. */
  peakRssKb: number;
  /** utime + stime, ms. */
  cpuMs: number;
}

interface Sample {
  round: number;
  /** Position in this round's order (0 = first). */
  slot: number;
  wallMs: number;
  requests: number;
  byMethod: Record<string, number>;
  stateBytesPerResource: number;
  providerBytesPerResource: number;
  provider?: ProcFacts;
  program?: ProcFacts;
}

interface Spread {
  min: number;
  median: number;
  max: number;
}

const TICK_MS = 1000 / 100; // USER_HZ

function spread(values: number[]): Spread {
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  return { min: v[0], median: mid, max: v[v.length - 1] };
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const fmt = (s: Spread) => `${s.median.toFixed(2)} (${s.min.toFixed(2)}–${s.max.toFixed(2)})`;

/**
 * Watches /proc for the processes of one operation: the dynamic-provider child of the CLI
 * (cmdline has `dynamic-provider`) and the program process (the driver, running the inline
 * program), recognised by a tag in their environment, so other work on the machine is not
 * counted. Keeps the last VmHWM and utime+stime seen before each exits.
 */
function watchProcesses(tag: string) {
  const checked = new Set<string>();
  const watched = new Map<string, { kind: "provider" | "program"; facts: ProcFacts }>();
  const poll = () => {
    let pids: string[];
    try {
      pids = readdirSync("/proc").filter((p) => /^\d+$/.test(p));
    } catch {
      return;
    }
    for (const pid of pids) {
      if (checked.has(pid)) continue;
      try {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
        // A process the CLI (Go) forks shows the CLI's own cmdline until it execs, and the
        // plugin script (pulumi-resource-pulumi-nodejs) execs node in the same process: look
        // again at those until they have become something else.
        const argv = cmd.split("\0");
        if (!cmd || /(^|\/)(pulumi|sh|dash|bash)$/.test(argv[0]) || cmd.includes("pulumi-resource-pulumi-nodejs")) continue;
        checked.add(pid);
        const kind = /(^|\/)node$/.test(argv[0]) && /dynamic-provider(\/index\.js)?$/.test(argv[1] ?? "") ? "provider"
          : cmd.includes("pulumi-driver") ? "program" : undefined;
        if (!kind) continue;
        if (!readFileSync(`/proc/${pid}/environ`, "utf8").includes(`PULUMI_WEBHOOKS_BENCH_TAG=${tag}\0`)) continue;
        watched.set(pid, { kind, facts: { peakRssKb: 0, cpuMs: 0 } });
      } catch {
        // gone, or caught mid-exec: a vanished pid is never listed again
      }
    }
    for (const [pid, w] of watched) {
      try {
        const status = readFileSync(`/proc/${pid}/status`, "utf8");
        const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        // fields[0] is state (field 3); utime and stime are fields 14 and 15.
        const cpu = (Number(fields[11]) + Number(fields[12])) * TICK_MS;
        if (hwm) w.facts = { peakRssKb: Math.max(w.facts.peakRssKb, hwm), cpuMs: Math.max(w.facts.cpuMs, cpu) };
      } catch {
        // exited: keep the last reading
      }
    }
  };
  const timer = setInterval(poll, 20);
  return {
    stop() {
      clearInterval(timer);
      poll();
      const pick = (kind: "provider" | "program") => {
        const all = [...watched.values()].filter((w) => w.kind === kind);
        if (all.length === 0) return undefined;
        return { peakRssKb: Math.max(...all.map((w) => w.facts.peakRssKb)), cpuMs: all.reduce((s, w) => s + w.facts.cpuMs, 0) };
      };
      return { provider: pick("provider"), program: pick("program") };
    },
  };
}

function stateFacts(file: string) {
  let stateBytes = 0;
  let providerBytes = 0;
  let resources = 0;
  try {
    stateBytes = statSync(file).size;
    const cp = JSON.parse(readFileSync(file, "utf8"));
    for (const r of cp.checkpoint.latest.resources ?? []) {
      if (!r.custom || !String(r.type).startsWith("pulumi-nodejs:dynamic")) continue;
      resources++;
      providerBytes += Buffer.byteLength(JSON.stringify(r.inputs?.__provider ?? ""));
    }
  } catch {
    // no state yet
  }
  return {
    stateBytesPerResource: resources ? Math.round(stateBytes / resources) : 0,
    providerBytesPerResource: resources ? Math.round(providerBytes / resources) : 0,
  };
}

interface Contender {
  key: ProviderKey;
  sandbox: Sandbox;
  stack: RealStack;
  seenSeq: number;
}

async function requestsSince(sb: Sandbox, since: number) {
  const res = await fetch(`${sb.url}/_sandbox/requests?since=${since}`);
  return (await res.json()).requests as { seq: number; vendor: string; method: string }[];
}

async function contender(key: ProviderKey, n: number): Promise<Contender> {
  const sandbox = await startSandbox({ port: 0 });
  const config = {
    count: String(n),
    disabled: "none",
    "talkover:baseUrl": sandbox.baseUrls.talkover,
    "talkover:apiToken": { value: "sandbox-token", secret: true as const },
    ...PROGRAMS[key].config,
  };
  const stack = await createStack({ program: PROGRAMS[key].program, stackName: `bench-${key}-${n}`, config });
  return { key, sandbox, stack, seenSeq: 0 };
}

async function runOperation(c: Contender, op: Operation, tag: string): Promise<Omit<Sample, "round" | "slot">> {
  if (op === "up") await c.stack.setConfig({ disabled: "none" });
  if (op === "disable-all") await c.stack.setConfig({ disabled: "all" });
  process.env.PULUMI_WEBHOOKS_BENCH_TAG = tag;
  const watch = watchProcesses(tag);
  let result: RunResult;
  try {
    const run: Record<Operation, () => Promise<RunResult>> = {
      up: () => c.stack.up(),
      "preview-noop": () => c.stack.preview(),
      "up-noop": () => c.stack.up(),
      refresh: () => c.stack.refresh(),
      "disable-all": () => c.stack.up(),
      destroy: () => c.stack.destroy(),
    };
    result = await run[op]();
  } finally {
    delete process.env.PULUMI_WEBHOOKS_BENCH_TAG;
  }
  const procs = watch.stop();
  const requests = await requestsSince(c.sandbox, c.seenSeq);
  if (requests.length) c.seenSeq = requests[requests.length - 1].seq;
  const byMethod: Record<string, number> = {};
  for (const r of requests) byMethod[r.method] = (byMethod[r.method] ?? 0) + 1;
  const changes = Object.entries(result.summary).filter(([k]) => k !== "same").reduce((s, [, v]) => s + v, 0);
  if ((op === "preview-noop" || op === "up-noop") && changes !== 0) throw new Error(`${c.key} ${op}: expected no changes, got ${JSON.stringify(result.summary)}`);
  return {
    wallMs: result.durationMs,
    requests: requests.length,
    byMethod,
    ...stateFacts(c.stack.stateFile),
    provider: procs.provider,
    program: procs.program,
  };
}

type Samples = Record<Operation, Record<ProviderKey, Sample[]>>;

async function benchmark(n: number, rounds: number, onRound: (partial: ReturnType<typeof summarize>) => void) {
  const contenders: Contender[] = [];
  for (const key of PROVIDERS) contenders.push(await contender(key, n));
  const samples = Object.fromEntries(OPERATIONS.map((op) => [op, Object.fromEntries(PROVIDERS.map((p) => [p, []]))])) as unknown as Samples;
  try {
    // Warm-up, not counted: a preview of each stack (program, CLI and provider process load once).
    for (const c of contenders) await c.stack.preview();
    for (let round = 0; round < rounds; round++) {
      const order = contenders.map((_, i) => contenders[(i + round) % contenders.length]);
      console.log(`-- N = ${n}, round ${round + 1}/${rounds}: ${order.map((c) => c.key).join(", ")}`);
      for (const op of OPERATIONS) {
        const line: string[] = [];
        for (const [slot, c] of order.entries()) {
          const s = await runOperation(c, op, `${c.key}-${n}-${round}-${op}-${process.pid}`);
          samples[op][c.key].push({ round, slot, ...s });
          line.push(`${c.key} ${String(s.wallMs).padStart(6)} ms ${String(s.requests).padStart(5)} req rss ${Math.round((s.provider?.peakRssKb ?? 0) / 1024)} MB`);
        }
        console.log(`   ${op.padEnd(12)} ${line.join(" | ")}`);
      }
      onRound(summarize(n, round + 1, samples));
    }
  } finally {
    for (const c of contenders) {
      await c.sandbox.close();
      c.stack.cleanup();
    }
  }
  return summarize(n, rounds, samples);
}

function summarize(n: number, rounds: number, samples: Samples) {
  const operations = Object.fromEntries(
    OPERATIONS.map((op) => {
      const by = samples[op];
      const ratio = (other: ProviderKey) => spread(by.ours.map((s, i) => round2(s.wallMs / by[other][i].wallMs)));
      const providers = Object.fromEntries(
        PROVIDERS.map((p) => {
          const ss = by[p];
          const prov = ss.map((s) => s.provider).filter((f): f is ProcFacts => !!f);
          const prog = ss.map((s) => s.program).filter((f): f is ProcFacts => !!f);
          return [p, {
            wallMs: spread(ss.map((s) => s.wallMs)),
            requests: spread(ss.map((s) => s.requests)),
            byMethod: ss[ss.length - 1].byMethod,
            stateBytesPerResource: ss[ss.length - 1].stateBytesPerResource,
            providerBytesPerResource: ss[ss.length - 1].providerBytesPerResource,
            providerProcess: prov.length ? { peakRssMb: spread(prov.map((f) => round2(f.peakRssKb / 1024))), cpuMs: spread(prov.map((f) => f.cpuMs)) } : undefined,
            programProcess: prog.length ? { peakRssMb: spread(prog.map((f) => round2(f.peakRssKb / 1024))), cpuMs: spread(prog.map((f) => f.cpuMs)) } : undefined,
            samples: ss,
          }];
        }),
      );
      return [op, { oursOverFloor: ratio("floor"), oursOverNaive: ratio("naive"), providers }];
    }),
  );
  return { n, rounds, operations };
}

type Summary = ReturnType<typeof summarize>;

/** The README's table rows for one N. */
function markdown(summary: Summary): string {
  const r = (s: Spread) => `${s.median.toFixed(2)} (${s.min.toFixed(2)}–${s.max.toFixed(2)})`;
  const rows = Object.entries(summary.operations).map(([op, o]) => {
    const p = o.providers;
    const req = PROVIDERS.map((k) => p[k].requests.median).join(" / ");
    const rss = PROVIDERS.map((k) => Math.round(p[k].providerProcess?.peakRssMb.median ?? 0)).join(" / ");
    const ms = PROVIDERS.map((k) => (p[k].wallMs.median / 1000).toFixed(1)).join(" / ");
    return `| ${summary.n} | ${op} | ${r(o.oursOverFloor)} | ${r(o.oursOverNaive)} | ${req} | ${ms} | ${rss} |`;
  });
  return rows.join("\n");
}

function print(summary: Summary) {
  console.log(`\nN = ${summary.n}, ${summary.rounds} rounds: ratio of wall times, median (min–max) over rounds; requests; provider process peak RSS (median)`);
  console.log(`operation     ours/floor         ours/naive         requests ours/floor/naive   ours ms  RSS MB ours/floor/naive  provider CPU ms ours/floor/naive`);
  for (const [op, o] of Object.entries(summary.operations)) {
    const p = o.providers;
    const req = PROVIDERS.map((k) => p[k].requests.median).join("/");
    const rss = PROVIDERS.map((k) => Math.round(p[k].providerProcess?.peakRssMb.median ?? 0)).join("/");
    const cpu = PROVIDERS.map((k) => Math.round(p[k].providerProcess?.cpuMs.median ?? 0)).join("/");
    console.log(`${op.padEnd(13)} ${fmt(o.oursOverFloor).padEnd(18)} ${fmt(o.oursOverNaive).padEnd(18)} ${req.padEnd(27)} ${String(Math.round(p.ours.wallMs.median)).padStart(7)}  ${rss.padEnd(22)} ${cpu}`);
  }
  console.log(`\n${markdown(summary)}\n`);
  const up = summary.operations["up-noop"].providers;
  console.log(`state bytes per resource ours/floor/naive: ${PROVIDERS.map((k) => up[k].stateBytesPerResource).join("/")} (__provider ${PROVIDERS.map((k) => up[k].providerBytesPerResource).join("/")})`);
}

async function main() {
  const quick = process.argv.includes("--quick");
  const roundsArg = process.argv.indexOf("--rounds");
  const plan: [number, number][] = quick ? [[100, 3]] : [[100, 5], [1000, 3]];
  if (roundsArg > 0) for (const p of plan) p[1] = Number(process.argv[roundsArg + 1]);
  const nArg = process.argv.indexOf("--n");
  // --n N: that size only (for trying things out).
  const sizes: [number, number][] = nArg > 0 ? [[Number(process.argv[nArg + 1]), plan[0][1]]] : plan;
  const cli = await getPulumiCli((line) => console.error(line));
  process.env.PULUMI_WEBHOOKS_PULUMI = cli.bin;
  console.log(`Pulumi CLI v${cli.version} (${cli.source})`);
  const results: Summary[] = [];
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const out = resolve(__dirname, quick ? "results.quick.json" : "results.json");
  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`;
  // Written after every round (rounds = rounds done so far), so an interrupted run keeps what it measured.
  const write = (partial?: Summary) =>
    writeFileSync(out, JSON.stringify({ machine, cli: `v${cli.version}`, date: new Date().toISOString(), command, results: partial ? [...results, partial] : results }, null, 2) + "\n");
  for (const [n, rounds] of sizes) {
    const s = await benchmark(n, rounds, write);
    print(s);
    results.push(s);
  }
  write();
  console.log(`\n${machine}, Pulumi CLI v${cli.version}\nwrote ${out}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exitCode = 1;
});
