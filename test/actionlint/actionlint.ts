/**
 * Gets actionlint (https://github.com/rhysd/actionlint), the GitHub Actions workflow
 * validator that test/gitops/workflow.test.ts runs on examples/gitops/*.yml. In order:
 *
 *   1. a cached build of PINNED_VERSION at
 *      `${XDG_CACHE_HOME:-~/.cache}/pulumi-webhooks/actionlint/v<version>/actionlint`,
 *      outside the clone, so a fresh clone on the same machine reuses it;
 *   2. a build with Go from the module list pinned in test/actionlint/go.mod + go.sum
 *      (`GOFLAGS=-mod=readonly`; seconds to a minute when cold);
 *   3. else one line saying what is missing.
 *
 * A different actionlint on PATH is not used: its rules (and so the test's verdict) depend on
 * its version. Run directly (`tsx test/actionlint/actionlint.ts`) it prints the binary's path.
 */
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { acquireBuildLock, onPath, toolCacheDir } from "../cli/tool-cache";

const run = promisify(execFile);

/** Keep in step with the require line in test/actionlint/go.mod. */
export const PINNED_VERSION = "1.7.12";

const BUILD_MODULE = resolve(__dirname);
const PKG = "github.com/rhysd/actionlint/cmd/actionlint";

export interface Actionlint {
  bin: string;
  version: string;
  source: "cache" | "built";
  /** Seconds the build took, when this call built it. */
  buildSeconds?: number;
}

export function cacheDir(version = PINNED_VERSION): string {
  return toolCacheDir("actionlint", `v${version}`);
}

async function versionOf(bin: string): Promise<string | undefined> {
  try {
    const { stdout } = await run(bin, ["-version"], { timeout: 30_000 });
    return stdout.split("\n")[0].trim().replace(/^v/, "") || undefined;
  } catch {
    return undefined;
  }
}

export async function getActionlint(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<Actionlint> {
  const dir = cacheDir();
  const target = join(dir, "actionlint");
  if (existsSync(target)) {
    const version = await versionOf(target);
    if (version === PINNED_VERSION) return { bin: target, version, source: "cache" };
    log(`pulumi-webhooks: cached actionlint at ${target} reports ${version ?? "nothing"}, expected ${PINNED_VERSION}; building it again`);
  }
  const go = onPath("go")[0];
  if (!go) {
    throw new Error(`pulumi-webhooks: actionlint v${PINNED_VERSION} is not built yet and Go is not on PATH to build it; install Go >= 1.25 and run this again`);
  }
  mkdirSync(dirname(dir), { recursive: true });
  const lock = `${dir}.lock`;
  const release = await acquireBuildLock(lock, "actionlint", log, 30 * 60_000);
  try {
    if (existsSync(target) && (await versionOf(target)) === PINNED_VERSION) return { bin: target, version: PINNED_VERSION, source: "cache" };
    const staging = `${dir}.partial`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    const started = Date.now();
    log(`pulumi-webhooks: building actionlint v${PINNED_VERSION} from Go modules (once per machine)…`);
    const env = { ...process.env, CGO_ENABLED: "0", GOFLAGS: "-mod=readonly" };
    const args = ["build", "-trimpath", "-ldflags", `-s -w -X github.com/rhysd/actionlint.version=${PINNED_VERSION}`, "-o", join(staging, "actionlint"), PKG];
    await new Promise<void>((done, fail) => {
      const child = spawn(go, args, { cwd: BUILD_MODULE, env, stdio: ["ignore", "ignore", "pipe"] });
      let tail = "";
      child.stderr.setEncoding("utf8");
      child.stderr.on("data", (chunk: string) => {
        tail = `${tail}${chunk}`.slice(-4000);
      });
      child.on("error", fail);
      child.on("exit", (code) =>
        code === 0 ? done() : fail(new Error(`pulumi-webhooks: building actionlint failed (go build exit ${code}): ${tail.trim()}`)),
      );
    });
    const version = await versionOf(join(staging, "actionlint"));
    if (version !== PINNED_VERSION) throw new Error(`pulumi-webhooks: the built actionlint reports ${version ?? "nothing"}, expected ${PINNED_VERSION}`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
    const buildSeconds = Math.round((Date.now() - started) / 1000);
    log(`pulumi-webhooks: built actionlint v${version} in ${buildSeconds} s → ${target}`);
    return { bin: target, version, source: "built", buildSeconds };
  } finally {
    release();
  }
}

if (require.main === module) {
  getActionlint().then(
    (a) => console.log(a.bin),
    (err) => {
      console.error((err as Error).message);
      process.exitCode = 1;
    },
  );
}
