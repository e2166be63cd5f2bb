// Summarize a .cpuprofile: self time by package/file, and inclusive time of selected functions.
const fs = require("fs");
const p = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = p.timeDeltas; const samples = p.samples;
const counts = new Map();
for (let i = 0; i < samples.length; i++) counts.set(samples[i], (counts.get(samples[i]) || 0) + (dt[i] || 0));
const bucket = (url) => {
  if (!url) return "(native/gc/idle)";
  let m = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/); if (m) return m[1];
  m = url.match(/provider\/dist\/(.*)/); if (m) return "ours:" + m[1];
  if (url.startsWith("node:")) return "node-internal";
  return url;
};
for (const [id, us] of counts) { const n = byId.get(id); const b = n.callFrame.functionName === "(idle)" ? "(idle)" : n.callFrame.functionName === "(garbage collector)" ? "(gc)" : n.callFrame.functionName === "(program)" ? "(program)" : bucket(n.callFrame.url); self.set(b, (self.get(b) || 0) + us); }
const total = [...self.values()].reduce((a, b) => a + b, 0);
console.log("total ms", (total / 1000).toFixed(0));
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log((v / 1000).toFixed(1).padStart(8), k);
// Top functions by self time, with the first frame of ours (or of a package) up the stack.
const parent = new Map();
for (const n of p.nodes) for (const c of n.children || []) parent.set(c, n.id);
const attributed = new Map();
for (const [id, us] of counts) {
  let n = byId.get(id);
  const leaf = `${n.callFrame.functionName || "(anon)"} ${bucket(n.callFrame.url)}`;
  let cur = id, owner = "";
  while (cur !== undefined) {
    const f = byId.get(cur).callFrame;
    const b = bucket(f.url);
    if (b.startsWith("ours:") || b === "zod" || b === "undici") { owner = `${b} ${f.functionName}`; break; }
    cur = parent.get(cur);
  }
  const key = `${owner || "-"}  <=  ${leaf}`;
  attributed.set(key, (attributed.get(key) || 0) + us);
}
console.log("\nself time by (nearest frame of ours/zod/undici) <= leaf:");
for (const [k, v] of [...attributed].sort((a, b) => b[1] - a[1]).slice(0, Number(process.argv[3] || 30))) console.log((v / 1000).toFixed(1).padStart(8), k);
