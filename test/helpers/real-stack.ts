/**
 * A stack on the real Pulumi engine, fully offline: a file backend and PULUMI_HOME in a
 * temporary directory per stack, the passphrase secrets provider, no plugin downloads. The
 * CLI comes from test/cli/pulumi-cli.ts (the global setup puts it in PULUMI_WEBHOOKS_PULUMI).
 *
 * Config is set the way users set it, with the `pulumi` binary itself (`pulumi config set
 * --secret …`); programs run through the Automation API as inline programs in a child
 * process (test/helpers/pulumi-driver.ts), because no `pulumi-language-nodejs` binary can
 * be had here (see README, "Testing").
 */
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { delimiter, dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import type { DriverJob, DriverResult } from "./pulumi-driver";

const execFileP = promisify(execFile);

export const ROOT = resolve(__dirname, "../..");
const DRIVER = join(__dirname, "pulumi-driver.ts");
/** This checkout's tsx loader, by absolute URL: `--import tsx` would resolve it from the
 * child's cwd, which for a `projectDir` stack is a project that has no tsx. */
const TSX = pathToFileURL(createRequire(join(ROOT, "package.json")).resolve("tsx")).href;
/** Work directories live inside the repo (git-ignored) so the dynamic provider, which runs
 * with the program directory as its cwd, resolves `pulumi-webhooks` from our node_modules. */
const WORK = join(ROOT, ".pulumi-test");
export const PROJECT = "pulumi-webhooks-example";
export const PASSPHRASE = "real-engine-test";

export function pulumiBin(): string {
  const bin = process.env.PULUMI_WEBHOOKS_PULUMI;
  if (!bin) throw new Error("PULUMI_WEBHOOKS_PULUMI is not set: run tests through vitest (its global setup finds or builds the Pulumi CLI)");
  return bin;
}

/** One resource step as the engine reported it (collapsed per URN: a replacement's three steps are one "replace"). */
export interface Step {
  urn: string;
  type: string;
  name: string;
  op: string;
  diffs?: string[];
  /** Keys that caused a replacement. */
  replaces?: string[];
  detailedDiff?: Record<string, { kind: string; inputDiff: boolean }>;
  /** The inputs before and after, as the engine reported them (secrets masked). */
  old?: Record<string, unknown>;
  new?: Record<string, unknown>;
}

/**
 * The input properties whose values differ between the engine's old and new inputs. The real
 * engine reports no `diffs` for dynamic resources (the Node.js dynamic-provider RPC forwards
 * only changes/replaces), so this is how the CLI's own display finds them too.
 */
export function changedInputs(step: Step): string[] {
  const o = step.old ?? {};
  const n = step.new ?? {};
  return [...new Set([...Object.keys(o), ...Object.keys(n)])].filter((k) => k !== "__provider" && JSON.stringify(o[k]) !== JSON.stringify(n[k])).sort();
}

export interface RunResult {
  steps: Step[];
  events: EngineEvent[];
  summary: Record<string, number>;
  outputs: Record<string, unknown>;
  stdout: string;
  durationMs: number;
}

export class PulumiError extends Error {
  override name = "PulumiError";
  constructor(message: string, readonly result: RunResult) {
    super(message);
  }
}

export interface StateResource {
  urn: string;
  type: string;
  custom: boolean;
  inputs: Record<string, any>;
  outputs: Record<string, any>;
}

export type ConfigValue = string | { value: string; secret: true } | undefined;

export interface RealStack {
  name: string;
  workDir: string;
  /** The file backend's checkpoint for this stack (what a user's state file holds). */
  stateFile: string;
  /** Everything the engine and the CLI reported across runs, for secret scans. */
  transcript: string[];
  env: Record<string, string>;
  preview(): Promise<RunResult>;
  up(): Promise<RunResult>;
  refresh(opts?: { previewOnly?: boolean }): Promise<RunResult>;
  /** `pulumi destroy`; with runProgram, `pulumi destroy --run-program` (providers get the current config). */
  destroy(opts?: { runProgram?: boolean }): Promise<RunResult>;
  /** `pulumi-webhooks plan|drift` (production commands over automationSource) against this stack. */
  command(name: "plan" | "drift", format?: "markdown" | "json" | "text", opts?: { stacks?: string[]; fix?: boolean }): Promise<{ output: string; exitCode: number }>;
  /** `pulumi-webhooks discover --stack <this>` with the given options. */
  discover(opts?: DriverJob["discover"]): Promise<string>;
  /** Runs the `pulumi` binary in the project directory with the stack's environment. */
  cli(args: string[]): Promise<{ stdout: string; stderr: string }>;
  /** `pulumi config set [--secret]` / `pulumi config rm` per key. Keys without a namespace get the project's. */
  setConfig(values: Record<string, ConfigValue>): Promise<void>;
  /** `pulumi stack export` (decrypted with showSecrets). */
  state(opts?: { showSecrets?: boolean }): Promise<StateResource[]>;
  cleanup(): void;
}

export interface StackOptions {
  /** The program module (default: the example stack, examples/index.ts). */
  program?: string;
  stackName?: string;
  /** Config set at creation, as `pulumi config set` would. */
  config?: Record<string, ConfigValue>;
  /** Another stack of the same project: same directory, backend and PULUMI_HOME. */
  sibling?: RealStack;
  /**
   * An existing project directory (its own Pulumi.yaml and node_modules, e.g. a scratch
   * project outside the repo) to use as the work directory instead of a new one here. The
   * backend and PULUMI_HOME still live in a temporary directory under .pulumi-test/ (not
   * combined with `sibling`).
   */
  projectDir?: string;
}

export async function createStack(opts: StackOptions = {}): Promise<RealStack> {
  mkdirSync(WORK, { recursive: true });
  const dir = opts.sibling ? dirname(opts.sibling.workDir) : mkdtempSync(join(WORK, "stack-"));
  const workDir = opts.projectDir ?? join(dir, "project");
  const backend = join(dir, "backend");
  for (const d of [workDir, backend, join(dir, "home")]) mkdirSync(d, { recursive: true });
  if (!opts.sibling && !opts.projectDir) writeFileSync(join(workDir, "Pulumi.yaml"), `name: ${PROJECT}\nruntime: nodejs\ndescription: real-engine test stack\n`);
  const project = opts.projectDir ? projectName(workDir) : PROJECT;
  const bin = pulumiBin();
  const name = opts.stackName ?? "test";
  const env: Record<string, string> = {
    PULUMI_BACKEND_URL: `file://${backend}`,
    PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
    PULUMI_HOME: join(dir, "home"),
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    // As in CI: `--yes` implied. pulumi-webhooks plan/drift must still work with it set.
    PULUMI_SKIP_CONFIRMATIONS: "true",
    // The dynamic-provider plugin (pulumi-resource-pulumi-nodejs) is found next to the CLI, as in
    // Pulumi's releases (test/cli/pulumi-cli.ts writes it there); else the npm package's copy.
    PATH: existsSync(join(dirname(bin), "pulumi-resource-pulumi-nodejs"))
      ? (process.env.PATH ?? "")
      : [join(ROOT, "node_modules", "@pulumi", "pulumi"), process.env.PATH ?? ""].join(delimiter),
  };
  const program = opts.program ?? join(ROOT, "examples", "index.ts");
  const transcript: string[] = [];

  const cli: RealStack["cli"] = async (args) => {
    const childEnv = { ...process.env, ...env };
    for (const k of Object.keys(childEnv)) if (/^PULUMI_(ACCESS_TOKEN|STACK|CONFIG)$/.test(k)) delete childEnv[k];
    try {
      return await execFileP(bin, [...args, "--non-interactive"], { cwd: workDir, env: childEnv, maxBuffer: 64 * 1024 * 1024 });
    } catch (err) {
      const e = err as { stderr?: string; stdout?: string; message: string };
      throw new Error(`pulumi ${args[0]} ${args[1] ?? ""}: ${(e.stderr || e.stdout || e.message).trim()}`);
    }
  };

  const drive = async (op: DriverJob["op"], format?: DriverJob["format"], extra: Pick<DriverJob, "stacks" | "fix" | "discover"> = {}): Promise<DriverResult> => {
    const resultFile = join(dir, `result-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
    const job: DriverJob = { op, bin, workDir, stack: name, program, envVars: env, format, resultFile, ...extra };
    const jobFile = `${resultFile}.job`;
    writeFileSync(jobFile, JSON.stringify(job));
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
    // Nothing of vitest's leaks into the program process.
    for (const k of Object.keys(childEnv)) if (k.startsWith("VITEST") || k === "NODE_OPTIONS") delete childEnv[k];
    const stderr = await new Promise<string>((done, fail) => {
      const child = spawn(process.execPath, ["--import", TSX, DRIVER, jobFile], { cwd: workDir, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
      let err = "";
      child.stdout.on("data", () => {});
      child.stderr.on("data", (d) => (err += d));
      child.on("error", fail);
      child.on("exit", (code) => (code === 0 ? done(err) : fail(new Error(`pulumi-driver ${op} exited ${code}: ${err.trim()}`))));
    });
    const result = JSON.parse(readFileSync(resultFile, "utf8")) as DriverResult;
    // Debug-severity diagnostics are left out: the Node.js SDK itself logs each RegisterResource
    // response at debug level, secret outputs in plaintext (shown only with --debug/-v).
    const events = result.events.filter((e) => e.diagnosticEvent?.severity !== "debug");
    transcript.push(JSON.stringify({ op, events, stdout: result.stdout, error: result.error, command: result.command, stderr }));
    return result;
  };

  const operation = async (op: DriverJob["op"]): Promise<RunResult> => {
    const r = await drive(op);
    const result: RunResult = { steps: stepsOf(r.events), events: r.events, summary: r.summary ?? {}, outputs: r.outputs ?? {}, stdout: r.stdout, durationMs: r.durationMs };
    if (r.error) throw new PulumiError(r.error, result);
    return result;
  };

  const stack: RealStack = {
    name,
    workDir,
    stateFile: join(backend, ".pulumi", "stacks", project, `${name}.json`),
    transcript,
    env,
    preview: () => operation("preview"),
    up: () => operation("up"),
    refresh: (o) => operation(o?.previewOnly ? "refresh-preview" : "refresh"),
    destroy: (o) => operation(o?.runProgram ? "destroy-run-program" : "destroy"),
    async command(which, format, extra) {
      const r = await drive(which, format, extra);
      if (!r.command) throw new Error(`pulumi-webhooks ${which} did not run: ${r.error}`);
      return r.command;
    },
    async discover(o) {
      const r = await drive("discover", undefined, { discover: o ?? {} });
      if (!r.command) throw new Error(`pulumi-webhooks discover did not run: ${r.error}`);
      return r.command.output;
    },
    cli,
    async setConfig(values) {
      const set: string[] = [];
      const rm: string[] = [];
      for (const [key, value] of Object.entries(values)) {
        const full = key.includes(":") ? key : `${project}:${key}`;
        if (value === undefined) rm.push(full);
        else if (typeof value === "string") set.push("--plaintext", `${full}=${value}`);
        else set.push("--secret", `${full}=${value.value}`);
      }
      if (set.length) await cli(["config", "set-all", ...set, "--stack", name]);
      if (rm.length) await cli(["config", "rm-all", ...rm, "--stack", name]);
    },
    async state(o) {
      const { stdout } = await cli(["stack", "export", "--stack", name, ...(o?.showSecrets ? ["--show-secrets"] : [])]);
      const resources = (JSON.parse(stdout).deployment?.resources ?? []) as Array<StateResource & { custom?: boolean }>;
      return resources.map((r) => ({ urn: r.urn, type: r.type, custom: !!r.custom, inputs: r.inputs ?? {}, outputs: r.outputs ?? {} }));
    },
    cleanup: () => (opts.sibling ? undefined : rmSync(dir, { recursive: true, force: true })),
  };

  await cli(["stack", "init", name, "--secrets-provider", "passphrase"]);
  if (opts.config) await stack.setConfig(opts.config);
  return stack;
}

/** The `name:` of a project directory's Pulumi.yaml. */
function projectName(workDir: string): string {
  const name = /^name:\s*(\S+)\s*$/m.exec(readFileSync(join(workDir, "Pulumi.yaml"), "utf8"))?.[1];
  if (!name) throw new Error(`no project name in ${join(workDir, "Pulumi.yaml")}`);
  return name.replace(/^["']|["']$/g, "");
}

const REPLACE_OPS = new Set(["replace", "create-replacement", "delete-replaced", "discard-replaced", "import-replacement"]);

/** The engine's per-resource steps, one per URN; resource outputs events win over pre events. */
export function stepsOf(events: EngineEvent[]): Step[] {
  const byUrn = new Map<string, Step>();
  for (const e of events) {
    const m = e.resourcePreEvent?.metadata ?? e.resOutputsEvent?.metadata;
    if (!m) continue;
    const prev = byUrn.get(m.urn);
    const op = REPLACE_OPS.has(m.op) || (prev && prev.op === "replace") ? "replace" : m.op;
    byUrn.set(m.urn, {
      urn: m.urn,
      type: m.type,
      name: m.urn.split("::").pop()!,
      op,
      diffs: m.diffs ?? prev?.diffs,
      replaces: m.keys ?? prev?.replaces,
      detailedDiff: (m.detailedDiff as Step["detailedDiff"]) ?? prev?.detailedDiff,
      old: m.old?.inputs ?? prev?.old,
      new: m.new?.inputs ?? prev?.new,
    });
  }
  return [...byUrn.values()];
}
