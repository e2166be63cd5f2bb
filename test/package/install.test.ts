/**
 * The package as a user gets it. A copy of what a fresh clone checks out (no dist/, no
 * provider/README.md; this checkout's node_modules linked in, as `npm ci` would make them)
 * runs `npm pack` in provider/, so the tarball comes from the package's own prepack build —
 * and packing never rewrites the dist/ the other suites are running on. A scratch project
 * OUTSIDE the repo (os.tmpdir()) then installs the tarball with @pulumi/pulumi and TypeScript,
 * type-checks a program using all five resources (TypeScript 6, then 5.x) and runs it on the
 * real Pulumi engine against the sandbox: the dynamic provider can only find
 * `pulumi-webhooks/runtime` in the scratch project's node_modules.
 *
 * The scratch project's files are in test/package/scratch/ (its tsconfig.json is the one the
 * README's Install section shows; compile-like-pulumi.js compiles index.ts the way the Node.js
 * language host would, which cannot run here — see README, "How the real engine runs in
 * tests"). Also here: actionlint on .github/workflows/release.yml.
 */
import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { promisify } from "node:util";
import { load } from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getActionlint, PINNED_VERSION as ACTIONLINT_VERSION } from "../actionlint/actionlint";
import { createStack, ROOT, type RealStack } from "../helpers/real-stack";
import { calls, requestsSince, start, type Sandbox } from "../helpers/sandbox";
import { CREDENTIAL_KEYS } from "../helpers/stack";

const run = promisify(execFile);

/** What the scratch project installs next to the tarball. */
const PULUMI_SDK = "3.248.0";
const TYPESCRIPT_6 = "6.0.3";
const TYPESCRIPT_5 = "5.9.3";
const TYPES_NODE = "20.19.43";
const NPM_FLAGS = ["--prefer-offline", "--no-audit", "--no-fund"];

const FIXTURE = join(__dirname, "scratch");
const VERSION = (JSON.parse(readFileSync(join(ROOT, "provider", "package.json"), "utf8")) as { version: string }).version;

/** The environment of a user's shell: nothing of vitest's or of the `npm test` running us, no bin directory of this checkout. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (/^(npm_|VITEST|NODE_OPTIONS$|PULUMI_)/i.test(k)) delete env[k];
  env.PATH = (process.env.PATH ?? "")
    .split(delimiter)
    .filter((d) => d && !d.startsWith(ROOT))
    .join(delimiter);
  return env;
}

async function sh(cmd: string, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(cmd, args, { cwd, env: userEnv(), maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number | string; stdout?: string; stderr?: string; message: string };
    if (typeof e.code !== "number") throw err;
    return { code: e.code, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

async function ok(cmd: string, args: string[], cwd: string): Promise<string> {
  const r = await sh(cmd, args, cwd);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(" ")} (in ${cwd}) exited ${r.code}:\n${(r.stderr || r.stdout).trim()}`);
  return r.stdout;
}

const tmp = mkdtempSync(join(tmpdir(), "pw-package-"));
const clone = join(tmp, "clone");
const scratch = join(tmp, "scratch");
let tarball = "";
/** Paths inside the tarball, without the leading `package/`. */
let files: string[] = [];
const timings: Record<string, number> = {};

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  try {
    return await fn();
  } finally {
    timings[label] = Date.now() - t0;
  }
}

beforeAll(async () => {
  // What a fresh clone checks out: tracked files plus new ones not ignored (so uncommitted
  // work is tested too), without anything built or generated.
  const listed = await ok("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "provider", "package.json", "tsconfig.json", "README.md"], ROOT);
  for (const f of listed.split("\0").filter(Boolean)) {
    if (!existsSync(join(ROOT, f))) continue; // deleted in the working tree
    mkdirSync(dirname(join(clone, f)), { recursive: true });
    copyFileSync(join(ROOT, f), join(clone, f));
  }
  expect(existsSync(join(clone, "provider", "dist"))).toBe(false);
  expect(existsSync(join(clone, "provider", "README.md"))).toBe(false);
  // The dependencies `npm ci` installs at the root (TypeScript is hoisted there).
  symlinkSync(join(ROOT, "node_modules"), join(clone, "node_modules"));
  if (existsSync(join(ROOT, "provider", "node_modules"))) symlinkSync(join(ROOT, "provider", "node_modules"), join(clone, "provider", "node_modules"));

  await timed("npm pack", () => ok("npm", ["pack", "--pack-destination", tmp], join(clone, "provider")));
  tarball = join(tmp, `pulumi-webhooks-${VERSION}.tgz`);
  files = (await ok("tar", ["-tzf", tarball], tmp))
    .split("\n")
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ""));

  mkdirSync(scratch, { recursive: true });
  for (const f of ["Pulumi.yaml", "tsconfig.json", "index.ts", "typo.ts", "compile-like-pulumi.js"]) copyFileSync(join(FIXTURE, f), join(scratch, f));
  writeFileSync(join(scratch, "tsconfig.typo.json"), JSON.stringify({ extends: "./tsconfig.json", files: ["typo.ts"] }, null, 2));
  writeFileSync(join(scratch, "package.json"), JSON.stringify({ name: "webhooks-scratch", private: true, main: "index.ts" }, null, 2));
  await timed("npm install", () =>
    ok("npm", ["install", tarball, `@pulumi/pulumi@${PULUMI_SDK}`, `typescript@${TYPESCRIPT_6}`, `@types/node@${TYPES_NODE}`, ...NPM_FLAGS], scratch),
  );
}, 10 * 60_000);

afterAll(() => {
  process.stderr.write(`pulumi-webhooks: package test timings (ms): ${JSON.stringify(timings)}\n`);
  rmSync(tmp, { recursive: true, force: true });
});

describe("npm pack on a fresh clone", () => {
  it("builds first and ships dist/, the bins, README, LICENSE and CHANGELOG", () => {
    for (const f of [
      "package.json",
      "README.md",
      "LICENSE",
      "CHANGELOG.md",
      "bin/pulumi-webhooks.js",
      "bin/pulumi-webhooks-sandbox.js",
      "dist/index.js",
      "dist/index.d.ts",
      "dist/runtime.js",
      "dist/runtime.d.ts",
      "dist/gitops/cli.js",
      "dist/gitops/commands.js",
      "dist/gitops/commands.d.ts",
      "dist/sandbox/index.js",
      "dist/sandbox/index.d.ts",
      "dist/sandbox/cli.js",
      "dist/vendors/talkover/resource.d.ts",
    ])
      expect(files, f).toContain(f);
  });

  it("ships nothing else: no sources, source maps, tests or node_modules", () => {
    const other = files.filter((f) => !/^dist\/.+\.(js|d\.ts)$/.test(f) && !/^bin\/[\w-]+\.js$/.test(f));
    expect(other.sort()).toEqual(["CHANGELOG.md", "LICENSE", "README.md", "package.json"]);
    expect(files.filter((f) => /(^|\/)(test|tests|__tests__)\/|\.test\./.test(f))).toEqual([]);
    // Every export and bin of package.json is in the tarball.
    const pkg = JSON.parse(readFileSync(join(scratch, "node_modules", "pulumi-webhooks", "package.json"), "utf8"));
    const targets = [...Object.values(pkg.exports as Record<string, string>), ...Object.values(pkg.bin as Record<string, string>), pkg.main, pkg.types];
    for (const t of targets) expect(files, t).toContain(t.replace(/^\.\//, ""));
    expect(statSync(tarball).size).toBeLessThan(200 * 1024);
  });

  it("has the metadata a registry user expects", () => {
    const pkg = JSON.parse(readFileSync(join(scratch, "node_modules", "pulumi-webhooks", "package.json"), "utf8"));
    expect(pkg.license).toBe("Apache-2.0");
    expect(pkg.author).toBeTruthy();
    expect(pkg.repository).toMatchObject({ type: "git", directory: "provider" });
    expect(pkg.repository.url).toMatch(/^git\+https:\/\/github\.com\/.+\.git$/);
    expect(pkg.homepage).toMatch(/^https:\/\/github\.com\//);
    expect(pkg.bugs.url).toMatch(/^https:\/\/github\.com\/.+\/issues$/);
    expect(pkg.keywords).toEqual(expect.arrayContaining(["pulumi", "webhooks", "dynamic-provider", "talkover", "polytomic", "shodai", "sigmamind", "autocalls"]));
    expect(pkg.engines.node).toBe(">=20");
    expect(pkg.types).toBe("dist/index.d.ts");
    expect(pkg.scripts.prepack).toContain("tsc");
  });

  it("README is the repository's, with links that work on the registry; LICENSE is Apache-2.0", () => {
    const installed = join(scratch, "node_modules", "pulumi-webhooks");
    const readme = readFileSync(join(installed, "README.md"), "utf8");
    expect(readme).toContain("## Install");
    expect(readme.match(/\]\((?!https?:|#)[^)]+\)/g) ?? []).toEqual([]);
    expect(readme).toContain("](https://github.com/pulumi-webhooks/pulumi-webhooks/blob/main/examples/gitops/)");
    const license = readFileSync(join(installed, "LICENSE"), "utf8");
    expect(license).toContain("Apache License");
    expect(license).toContain("Version 2.0, January 2004");
    expect(readFileSync(join(installed, "CHANGELOG.md"), "utf8")).toContain(`## [${VERSION}]`);
  });
});

describe("a scratch project that installs the tarball", () => {
  it("is outside the repository and got the package from the tarball", () => {
    expect(scratch.startsWith(ROOT)).toBe(false);
    const lock = JSON.parse(readFileSync(join(scratch, "package-lock.json"), "utf8"));
    expect(lock.packages["node_modules/pulumi-webhooks"].resolved).toMatch(/pulumi-webhooks-.+\.tgz$/);
    expect(lock.packages["node_modules/@pulumi/pulumi"].version).toBe(PULUMI_SDK);
  });

  it("links both bins", async () => {
    expect(await ok(join(scratch, "node_modules", ".bin", "pulumi-webhooks"), ["--help"], scratch)).toContain("usage: pulumi-webhooks plan");
    expect(await ok(join(scratch, "node_modules", ".bin", "pulumi-webhooks-sandbox"), ["--help"], scratch)).toContain("usage: pulumi-webhooks-sandbox");
  });

  it(`type-checks the program with TypeScript ${TYPESCRIPT_6} (npx tsc --noEmit)`, async () => {
    expect(await ok("npx", ["tsc", "-v"], scratch)).toContain(`Version ${TYPESCRIPT_6}`);
    await timed(`tsc ${TYPESCRIPT_6}`, () => ok("npx", ["tsc", "--noEmit"], scratch));
    // And as `pulumi up` would load it: the language host's ts-node with the project's TypeScript.
    expect(await ok("node", ["compile-like-pulumi.js"], scratch)).toContain(`with typescript ${TYPESCRIPT_6}`);
  }, 120_000);

  it("runs the program on the real engine against the sandbox: five creates, a no-op preview, destroy", async () => {
    const sb: Sandbox = await start();
    let stack: RealStack | undefined;
    try {
      const config: Record<string, string | { value: string; secret: true }> = {};
      for (const [vendor, url] of Object.entries(sb.baseUrls)) {
        config[`${vendor}:baseUrl`] = url;
        config[CREDENTIAL_KEYS[vendor]] = { value: "sandbox-token", secret: true };
      }
      stack = await createStack({ projectDir: scratch, program: join(scratch, "index.ts"), config });
      expect(stack.workDir).toBe(scratch);

      const up = await timed("up", () => stack!.up());
      expect(up.summary).toEqual({ create: 6 });
      expect(up.steps.filter((s) => s.op === "create").map((s) => s.type).sort()).toEqual([
        "pulumi-nodejs:dynamic/autocalls:AssistantWebhook",
        "pulumi-nodejs:dynamic/polytomic:Webhook",
        "pulumi-nodejs:dynamic/shodai:WebhookSubscription",
        "pulumi-nodejs:dynamic/sigmamind:Webhook",
        "pulumi-nodejs:dynamic/talkover:Webhook",
        "pulumi:providers:pulumi-nodejs", // the default provider: the engine reports it, the summary does not count it
        "pulumi:pulumi:Stack",
      ]);
      expect(up.outputs.talkoverWebhookId).toMatch(/\S/);
      expect(up.outputs.shodaiSigningSecret).toBe("[secret]");
      const posts = (await requestsSince(sb, 0)).filter((r) => r.method === "POST");
      expect([...new Set(posts.map((r) => r.vendor))].sort()).toEqual(["autocalls", "polytomic", "shodai", "sigmamind", "talkover"]);
      expect(calls(posts)).toContain("POST /v0/webhooks"); // Shodai's create

      // The state holds only the loader; the implementation came from the scratch project.
      const state = await stack.state();
      const webhooks = state.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"));
      expect(webhooks).toHaveLength(5);
      for (const r of webhooks) {
        expect(r.inputs.__provider).toContain("pulumi-webhooks/runtime");
        expect(r.inputs.__provider).not.toContain(ROOT);
      }

      const preview = await timed("preview", () => stack!.preview());
      expect(preview.summary).toEqual({ same: 6 });

      const down = await timed("destroy", () => stack!.destroy());
      expect(down.summary).toEqual({ delete: 6 });
    } finally {
      stack?.cleanup();
      await sb.close();
    }
  }, 5 * 60_000);

  // Waits for typed inputs (issue 12, item 3): event names as literal union types.
  it("rejects a typo'd event name at compile time (tsc fails on typo.ts)", async () => {
    const r = await sh("npx", ["tsc", "--noEmit", "-p", "tsconfig.typo.json"], scratch);
    expect(r.stdout + r.stderr).toContain("event_phone_call_endd");
    expect(r.code).not.toBe(0);
  }, 120_000);

  it(`type-checks the program with TypeScript ${TYPESCRIPT_5} too`, async () => {
    await timed("npm install typescript 5", () => ok("npm", ["install", `typescript@${TYPESCRIPT_5}`, ...NPM_FLAGS], scratch));
    expect(await ok("npx", ["tsc", "-v"], scratch)).toContain(`Version ${TYPESCRIPT_5}`);
    await timed(`tsc ${TYPESCRIPT_5}`, () => ok("npx", ["tsc", "--noEmit"], scratch));
    expect(await ok("node", ["compile-like-pulumi.js"], scratch)).toContain(`with typescript ${TYPESCRIPT_5}`);
  }, 5 * 60_000);
});

describe("the release workflow", () => {
  const file = join(ROOT, ".github", "workflows", "release.yml");

  it("passes actionlint", async () => {
    const found = await getActionlint();
    expect(found.version).toBe(ACTIONLINT_VERSION);
    const r = await sh(found.bin, ["-no-color", "-format", "{{json .}}", file], ROOT);
    const findings = JSON.parse(r.stdout || "[]") as { message: string; line: number }[];
    expect(findings.map((f) => `${f.line}: ${f.message}`)).toEqual([]);
    expect(r.code).toBe(0);
  }, 15 * 60_000);

  it("publishes from a v* tag only after the tests, with provenance", () => {
    /* eslint-disable @typescript-eslint/no-explicit-any */
    const wf = load(readFileSync(file, "utf8")) as any;
    expect(wf.on.push.tags).toEqual(["v*"]);
    const job = wf.jobs.publish;
    expect(job.permissions).toEqual({ contents: "read", "id-token": "write" });
    const runs: string[] = job.steps.map((s: any) => s.run ?? s.uses ?? "");
    const at = (re: RegExp) => runs.findIndex((r) => re.test(r));
    expect(job.steps.find((s: any) => s.uses?.startsWith("actions/setup-node@")).with).toMatchObject({ "node-version": 20, "registry-url": "https://registry.npmjs.org" });
    expect(at(/^npm ci\b/)).toBeGreaterThan(-1);
    expect(at(/test\/cli\/pulumi-cli\.ts/)).toBeGreaterThan(at(/^npm ci\b/));
    expect(at(/^npm test$/)).toBeGreaterThan(at(/test\/cli\/pulumi-cli\.ts/));
    expect(at(/provider\/package\.json/)).toBeGreaterThan(-1);
    const publish = job.steps[at(/npm publish/)];
    expect(at(/npm publish/)).toBeGreaterThan(at(/^npm test$/));
    expect(publish.run).toBe("npm publish --provenance --access public");
    expect(publish["working-directory"]).toBe("provider");
    expect(publish.env.NODE_AUTH_TOKEN).toMatch(/secrets\./);
  });
});
