/**
 * Gets the Pulumi CLI that the tests, the demo and the benchmark run on. In order:
 *
 *   1. `$PULUMI_WEBHOOKS_PULUMI` (a path to a `pulumi` binary), if set;
 *   2. a `pulumi` on PATH whose version is at least MIN_VERSION;
 *   3. a cached build of PINNED_VERSION under `${XDG_CACHE_HOME:-~/.cache}/pulumi-webhooks/pulumi-cli/`,
 *      outside the clone, so a fresh clone on the same machine reuses it;
 *   4. a build with Go from the module list pinned in test/cli/go.mod + go.sum (minutes when
 *      cold; progress is printed);
 *   5. else one line saying how to install the Pulumi CLI.
 *
 * Run directly (`tsx test/cli/pulumi-cli.ts`) it prints the binary's path, building if needed.
 * No binary is ever written inside the repository.
 */
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { acquireBuildLock, onPath, toolCacheDir } from "./tool-cache";

const run = promisify(execFile);

/** The version built from Go modules: the CLI matching our pinned @pulumi/pulumi. */
export const PINNED_VERSION = "3.248.0";
/** The oldest CLI the real-engine suites (test/lifecycle, 30 tests) have passed on: v3.229.0, built from pkg/v3 v3.229.0 the same way (see README, Prerequisites). */
export const MIN_VERSION = "3.229.0";

const BUILD_MODULE = resolve(__dirname);
const INSTALL_HINT =
  "pulumi-webhooks: no Pulumi CLI >= " +
  MIN_VERSION +
  " found and Go is not available to build one; install the CLI (https://www.pulumi.com/docs/iac/download-install/) or Go >= 1.25, then run this again";

export interface PulumiCli {
  /** Absolute path of the `pulumi` binary. */
  bin: string;
  /** Its version without the leading "v", e.g. "3.248.0". */
  version: string;
  /** Where it came from. */
  source: "env" | "path" | "cache" | "built";
}

export function cacheRoot(version = PINNED_VERSION): string {
  return toolCacheDir("pulumi-cli", `v${version}`);
}

/** "v3.248.0" / "3.248.0-alpha.x" → [3, 248, 0]; undefined when unreadable. */
export function parseVersion(text: string): [number, number, number] | undefined {
  const m = /v?(\d+)\.(\d+)\.(\d+)/.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

export function atLeast(version: string, min: string): boolean {
  const a = parseVersion(version);
  const b = parseVersion(min)!;
  if (!a) return false;
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}

async function versionOf(bin: string): Promise<string | undefined> {
  try {
    const { stdout } = await run(bin, ["version"], { timeout: 30_000, env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" } });
    const v = parseVersion(stdout);
    return v ? v.join(".") : undefined;
  } catch {
    return undefined;
  }
}

/** Finds or builds the CLI. `log` receives progress lines (a cold build takes minutes). */
export async function getPulumiCli(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<PulumiCli> {
  const fromEnv = process.env.PULUMI_WEBHOOKS_PULUMI;
  if (fromEnv) {
    const version = await versionOf(fromEnv);
    if (!version) throw new Error(`pulumi-webhooks: PULUMI_WEBHOOKS_PULUMI=${fromEnv} is not a working pulumi binary (\`pulumi version\` failed)`);
    return { bin: resolve(fromEnv), version, source: "env" };
  }
  for (const bin of onPath("pulumi")) {
    const version = await versionOf(bin);
    if (version && atLeast(version, MIN_VERSION)) return { bin, version, source: "path" };
    if (version) log(`pulumi-webhooks: ignoring ${bin} (v${version}, older than the minimum v${MIN_VERSION})`);
  }
  const cached = join(cacheRoot(), "bin", "pulumi");
  if (existsSync(cached)) {
    const version = await versionOf(cached);
    if (version === PINNED_VERSION) {
      writeDynamicProviderPlugin(dirname(cached));
      return { bin: cached, version, source: "cache" };
    }
    log(`pulumi-webhooks: cached CLI at ${cached} does not run (\`pulumi version\` gave ${version ?? "nothing"}); building it again`);
  }
  return build(log);
}

async function build(log: (line: string) => void): Promise<PulumiCli> {
  const go = onPath("go")[0];
  if (!go) throw new Error(INSTALL_HINT);
  const root = cacheRoot();
  mkdirSync(dirname(root), { recursive: true });
  const lock = `${root}.lock`;
  const release = await acquireBuildLock(lock, "the Pulumi CLI", log);
  try {
    const target = join(root, "bin", "pulumi");
    if (existsSync(target) && (await versionOf(target)) === PINNED_VERSION) return { bin: target, version: PINNED_VERSION, source: "cache" };
    const staging = `${root}.partial`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(join(staging, "bin"), { recursive: true });
    const started = Date.now();
    log(`pulumi-webhooks: building the Pulumi CLI v${PINNED_VERSION} from Go modules (once per machine; a cold build took about 5 minutes on 2 cores here)…`);
    const env = {
      ...process.env,
      CGO_ENABLED: "0",
      // The module list is pinned by go.sum; never let the build rewrite it.
      GOFLAGS: "-mod=readonly",
    };
    const pkg = "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi";
    const args = [
      "build",
      "-v",
      "-trimpath",
      "-tags",
      "osusergo,grpcnotrace",
      "-ldflags",
      `-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${PINNED_VERSION}`,
      "-o",
      join(staging, "bin", "pulumi"),
      pkg,
    ];
    const total = await countPackages(go, pkg, env);
    await new Promise<void>((done, fail) => {
      const child = spawn(go, args, { cwd: BUILD_MODULE, env, stdio: ["ignore", "ignore", "pipe"] });
      let compiled = 0;
      let tail = "";
      child.stderr.setEncoding("utf8");
      child.stderr.on("data", (chunk: string) => {
        for (const line of chunk.split("\n")) {
          if (!line) continue;
          if (/^[\w.\-~]+(\/[\w.\-~]+)*$/.test(line)) compiled++;
          else tail = `${tail}\n${line}`.slice(-4000);
        }
      });
      const timer = setInterval(() => {
        const secs = Math.round((Date.now() - started) / 1000);
        log(`pulumi-webhooks: … ${compiled}${total ? `/${total}` : ""} packages compiled, ${secs} s`);
      }, 30_000);
      child.on("error", (err) => {
        clearInterval(timer);
        fail(err);
      });
      child.on("exit", (code) => {
        clearInterval(timer);
        if (code === 0) done();
        else fail(new Error(`pulumi-webhooks: building the Pulumi CLI failed (go build exit ${code}):${tail}`));
      });
    });
    const version = await versionOf(join(staging, "bin", "pulumi"));
    if (version !== PINNED_VERSION) throw new Error(`pulumi-webhooks: the built CLI reports version ${version ?? "nothing"}, expected ${PINNED_VERSION}`);
    writeDynamicProviderPlugin(join(staging, "bin"));
    rmSync(root, { recursive: true, force: true });
    renameSync(staging, root);
    log(`pulumi-webhooks: built Pulumi CLI v${version} in ${Math.round((Date.now() - started) / 1000)} s → ${target}`);
    return { bin: target, version, source: "built" };
  } finally {
    release();
  }
}

/**
 * The dynamic-provider plugin that Pulumi's release archives ship next to the CLI: a small
 * script that starts `@pulumi/pulumi/cmd/dynamic-provider` resolved from the program's
 * directory (the plugin's working directory), so it works for any clone.
 */
function writeDynamicProviderPlugin(binDir: string): void {
  const file = join(binDir, "pulumi-resource-pulumi-nodejs");
  if (existsSync(file)) return;
  const script = [
    "#!/bin/sh",
    "# Starts the Node.js dynamic provider of the @pulumi/pulumi package that the program uses.",
    'entry=$(node -e "process.stdout.write(require.resolve(\'@pulumi/pulumi/cmd/dynamic-provider\'))") || exit 1',
    'exec node "$entry" "$@"',
    "",
  ].join("\n");
  writeFileSync(file, script, { mode: 0o755 });
}

async function countPackages(go: string, pkg: string, env: NodeJS.ProcessEnv): Promise<number | undefined> {
  try {
    const { stdout } = await run(go, ["list", "-deps", "-tags", "osusergo,grpcnotrace", pkg], {
      cwd: BUILD_MODULE,
      env,
      maxBuffer: 64 * 1024 * 1024,
      timeout: 15 * 60_000,
    });
    return stdout.split("\n").filter(Boolean).length;
  } catch {
    return undefined;
  }
}

if (require.main === module) {
  getPulumiCli().then(
    (cli) => console.log(cli.bin),
    (err) => {
      console.error((err as Error).message);
      process.exitCode = 1;
    },
  );
}
