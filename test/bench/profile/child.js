// One dynamic-provider process's work for N Talkover webhooks, phase by phase, the way the
// host (@pulumi/pulumi/cmd/dynamic-provider) calls the provider object of core/shim:
// configure (loads pulumi-webhooks/runtime), then check, diff, create, read, update, delete.
// Prints one JSON line of phase times (ms), CPU and module counts. Run by profile.ts.
//   node test/bench/profile/child.js <talkoverBaseUrl> <N>
const { performance } = require("node:perf_hooks");
const [baseUrl, nArg] = process.argv.slice(2);
const N = Number(nArg);
const AGENTS = ["9fbef0b7-8d4e-4a08-9207-66c22155721d", "5d0c3b1e-2f4a-4c6b-9e8d-7a1b2c3d4e5f", "c1a2b3c4-d5e6-4f70-8a9b-0c1d2e3f4a5b"];
const out = { phases: {}, modules: {} };
const mods = () => Object.keys(require.cache).length;
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
async function phase(name, fn) {
  const t = performance.now();
  const c = cpu();
  const r = await fn();
  out.phases[name] = { ms: Math.round((performance.now() - t) * 10) / 10, cpuMs: Math.round((cpu() - c) * 10) / 10 };
  out.modules[name] = mods();
  return r;
}

(async () => {
  out.modules.start = mods();
  // The host has loaded the SDK before any provider code runs.
  await phase("host: require @pulumi/pulumi", () => require("@pulumi/pulumi"));
  // PROFILE_OUT=file: a V8 CPU profile of the provider's own work (after the SDK is loaded).
  let session;
  if (process.env.PROFILE_OUT) {
    session = new (require("node:inspector").Session)();
    session.connect();
    const post = (m, p) => new Promise((ok, ko) => session.post(m, p, (e, r) => (e ? ko(e) : ok(r))));
    await post("Profiler.enable");
    await post("Profiler.setSamplingInterval", { interval: 200 });
    await post("Profiler.start");
    session.stopTo = async (file) => require("node:fs").writeFileSync(file, JSON.stringify((await post("Profiler.stop")).profile));
  }
  const { providerFor } = require("pulumi-webhooks/package.json") && require(require.resolve("pulumi-webhooks").replace(/index\.js$/, "core/shim.js"));
  const provider = providerFor("talkover");
  const config = { "talkover:baseUrl": baseUrl, "talkover:apiToken": "sandbox-token" };
  await phase("configure (runtime load)", () => provider.configure({ config: { get: (k) => config[k], require: (k) => config[k] } }));
  const news = Array.from({ length: N }, (_, i) => ({ agentId: AGENTS[i % 3], name: `bench-${i}`, url: `https://hooks.example.com/bench/${i}`, events: ["event_phone_call_ended"], enabled: true }));
  await phase("check #1", () => provider.check({}, news[0]));
  const inputs = await phase(`check ×${N}`, () => Promise.all(news.map((n) => provider.check({}, n).then((r) => r.inputs))));
  const made = await phase(`create ×${N}`, () => Promise.all(inputs.map((i) => provider.create(i))));
  await phase(`diff ×${N} (no-op)`, () => Promise.all(made.map((m, i) => provider.diff(m.id, m.outs, inputs[i]))));
  await phase(`read ×${N}`, () => Promise.all(made.map((m) => provider.read(m.id, m.outs))));
  const off = inputs.map((i) => ({ ...i, enabled: false }));
  await phase(`update ×${N} (disable)`, () => Promise.all(made.map((m, i) => provider.update(m.id, m.outs, off[i]))));
  await phase(`delete ×${N}`, () => Promise.all(made.map((m) => provider.delete(m.id, m.outs))));
  if (session) await session.stopTo(process.env.PROFILE_OUT);
  out.rssMb = Math.round(process.memoryUsage().rss / 2 ** 20);
  out.maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(JSON.stringify(out) + "\n");
  process.exit(0);
})().catch((e) => { console.error(e); process.exit(1); });
