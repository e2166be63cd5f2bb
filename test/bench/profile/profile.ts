/**
 * `tsx test/bench/profile/profile.ts [N] [runs] [--cpu-prof]`: where the provider process's
 * time goes for N Talkover webhooks (child.js, phase by phase), over several fresh processes
 * against the sandbox; prints the median of each phase. With --cpu-prof, each child writes a
 * V8 CPU profile of the provider's own work (from configure on, the SDK already loaded) to
 * .pulumi-test/profile/ (git-ignored) (open it in Chrome DevTools, or summarize it with summarize.js).
 */
import { execFile } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { startSandbox } from "../../../provider/sandbox/index";

async function main() {
  const [nArg, runsArg] = process.argv.slice(2).filter((a) => !a.startsWith("--"));
  const n = Number(nArg ?? 100);
  const runs = Number(runsArg ?? 5);
  const prof = process.argv.includes("--cpu-prof");
  const sb = await startSandbox({ port: 0 });
  const root = join(__dirname, "..", "..", "..");
  const outDir = join(root, ".pulumi-test", "profile");
  if (prof) mkdirSync(outDir, { recursive: true });
  const results: { phases: Record<string, { ms: number; cpuMs: number }>; modules: Record<string, number>; maxRssMb: number }[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const args = [join(__dirname, "child.js"), sb.baseUrls.talkover, String(n)];
      const env = prof ? { ...process.env, PROFILE_OUT: join(outDir, `provider-${n}-${i}.cpuprofile`) } : process.env;
      const text = await new Promise<string>((done, fail) => {
        execFile(process.execPath, args, { cwd: root, encoding: "utf8", env }, (err, stdout) => (err ? fail(err) : done(stdout)));
      });
      results.push(JSON.parse(text.trim().split("\n").pop()!));
    }
  } finally {
    await sb.close();
  }
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  console.log(`N = ${n}, ${runs} fresh processes: median wall ms / CPU ms / modules loaded after the phase`);
  for (const name of Object.keys(results[0].phases)) {
    const ms = median(results.map((r) => r.phases[name].ms));
    const cpu = median(results.map((r) => r.phases[name].cpuMs));
    console.log(`  ${name.padEnd(30)} ${String(ms).padStart(8)} ${String(cpu).padStart(8)} ${String(results[0].modules[name]).padStart(6)}`);
  }
  console.log(`  max RSS ${median(results.map((r) => r.maxRssMb))} MB`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
