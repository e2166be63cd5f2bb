/**
 * A TEST STAND-IN FOR THE PULUMI ENGINE — not a product feature. The Pulumi CLI (a Go
 * binary downloaded from the internet) cannot be installed where this project is built
 * and tested, so tests, the benchmark and the demo's offline mode run Pulumi programs
 * through this engine instead: the program runs under the SDK's own language entry point
 * (`@pulumi/pulumi/cmd/run`) against a ResourceMonitor served here, and every resource goes
 * through the real `@pulumi/pulumi/cmd/dynamic-provider` process — the real SDK code on
 * both sides, with the engine's call shapes (see shared/pulumi-notes.md).
 *
 * Operations: preview, up, refresh ({previewOnly}), destroy. Each returns a RunResult
 * (steps, Automation-API-shaped events, summary, stack outputs, provider CPU/memory) or
 * rejects with an EngineError carrying the partial RunResult.
 *
 * Not emulated: resource references and output values (the monitor says it does not
 * support them), non-dynamic providers, aliases, import, transforms, policy packs,
 * parallel deletes, and pending operations after a crash.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { Deployment } from "./deployment";
import { EventLog, type EngineEvent, type Step } from "./events";
import { startServers } from "./monitor";
import { ORPHAN_GUARD, ProviderHost, type ProviderUsage } from "./provider-host";
import { StateFile, type ResourceState } from "./state";
import { plain, Secret, type Props } from "./values";

export type { EngineEvent, Step, ResourceState };
export { Secret };

const req = createRequire(__filename);

export interface EngineOptions {
  /** cwd of the provider process: where Pulumi.yaml and node_modules are. */
  projectDir: string;
  /** Program directory or file; default: Pulumi.yaml `main`, relative to projectDir. */
  program?: string;
  stack: string;
  stateFile: string;
  /** Encrypts secrets in the state file. Default PULUMI_CONFIG_PASSPHRASE or "test-passphrase". */
  passphrase?: string;
  /** Stack config, e.g. {"talkover:apiToken": {value, secret: true}}; over Pulumi.yaml's `config`. */
  config?: Record<string, string | { value: string; secret?: boolean }>;
  /** Extra environment for the program and the provider process. */
  env?: Record<string, string>;
  parallel?: number;
}

export interface RunOptions {
  onEvent?: (event: EngineEvent) => void;
}

export interface RunResult {
  steps: Step[];
  events: EngineEvent[];
  /** Count of steps by op (same, create, update, replace, delete, …). */
  summary: Record<string, number>;
  outputs: Props;
  diagnostics: string[];
  durationMs: number;
  provider?: ProviderUsage;
}

export class EngineError extends Error {
  constructor(message: string, readonly result: RunResult) {
    super(message);
  }
}

export class TestEngine {
  private readonly state: StateFile;
  private readonly project: string;
  private readonly projectConfig: Record<string, string>;

  constructor(private readonly opts: EngineOptions) {
    this.state = new StateFile(opts.stateFile, opts.passphrase ?? process.env.PULUMI_CONFIG_PASSPHRASE ?? "test-passphrase");
    const yamlPath = join(opts.projectDir, "Pulumi.yaml");
    const project = existsSync(yamlPath) ? (req("js-yaml").load(readFileSync(yamlPath, "utf8")) as { name?: string; main?: string; config?: Record<string, unknown> }) : {};
    this.project = project.name ?? "project";
    this.opts.program ??= project.main ?? ".";
    // Project-level values for namespaced keys, as the CLI merges them under stack config.
    this.projectConfig = Object.fromEntries(
      Object.entries(project.config ?? {})
        .map(([k, v]) => [k, typeof v === "object" && v !== null ? (v as { value?: unknown; default?: unknown }).value ?? (v as { default?: unknown }).default : v])
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k.includes(":") ? k : `${this.project}:${k}`, typeof v === "string" ? v : JSON.stringify(v)]),
    );
  }

  preview(o: RunOptions = {}) {
    return this.run("preview", o);
  }
  up(o: RunOptions = {}) {
    return this.run("up", o);
  }
  refresh(o: RunOptions & { previewOnly?: boolean } = {}) {
    return this.run(o.previewOnly ? "refresh-preview" : "refresh", o);
  }
  destroy(o: RunOptions = {}) {
    return this.run("destroy", o);
  }

  /** The state file as written (secrets encrypted). */
  readState() {
    return this.state.raw();
  }

  /** The state's resources, secrets decrypted into `Secret` wrappers. */
  stateResources(): ResourceState[] {
    return this.state.load();
  }

  private config(): { values: Record<string, string>; secretKeys: string[] } {
    const values: Record<string, string> = { ...this.projectConfig };
    const secretKeys: string[] = [];
    for (const [k, v] of Object.entries(this.opts.config ?? {})) {
      values[k] = typeof v === "string" ? v : v.value;
      if (typeof v === "object" && v.secret) secretKeys.push(k);
    }
    return { values, secretKeys };
  }

  private async run(kind: "preview" | "up" | "refresh" | "refresh-preview" | "destroy", o: RunOptions): Promise<RunResult> {
    const started = Date.now();
    const log = new EventLog(o.onEvent);
    const { values, secretKeys } = this.config();
    const env = { ...process.env, ...this.opts.env };
    const preview = kind === "preview" || kind === "refresh-preview";
    log.emit({ preludeEvent: { config: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, secretKeys.includes(k) ? "[secret]" : v])) } });

    let host: ProviderHost | undefined;
    let starting: Promise<ProviderHost> | undefined;
    let deployment: Deployment | undefined;
    const servers = await startServers(() => deployment, log);
    const provider = () =>
      (starting ??= ProviderHost.start(this.opts.projectDir, servers.engineAddress, env).then(async (h) => {
        host = h;
        await h.configure(values);
        return h;
      }));
    deployment = new Deployment({ preview, stack: this.opts.stack, project: this.project, old: this.state.load(), state: this.state, log, provider });

    const diagnostics: string[] = [];
    let failure: Error | undefined;
    try {
      if (kind === "preview" || kind === "up") {
        const program = await this.runProgram(servers, preview, values, secretKeys, env, () => servers.failure !== undefined);
        if (program.code !== 0 || servers.failure) {
          throw servers.failure ?? new Error(`the program failed (exit ${program.code}):\n${program.stderr.trim()}`);
        }
        await deployment.finish();
      } else if (kind === "destroy") {
        await deployment.destroyAll();
      } else {
        await deployment.refreshAll();
      }
    } catch (err) {
      failure = err as Error;
      log.diagnostic("error", failure.message);
    } finally {
      await servers.close();
      deployment.flush();
    }
    // A provider still starting when the run ended is waited for, so it is stopped too.
    if (!host && starting) host = await starting.catch(() => undefined);
    const usage = host ? await host.stop() : undefined;
    if (host?.stderr.trim()) diagnostics.push(host.stderr.trim());
    for (const e of log.events) if (e.diagnosticEvent) diagnostics.push(e.diagnosticEvent.message);
    const summary: Record<string, number> = {};
    for (const s of deployment.steps) summary[s.op] = (summary[s.op] ?? 0) + 1;
    log.emit({ summaryEvent: { maybeCorrupt: false, durationSeconds: Math.round((Date.now() - started) / 1000), resourceChanges: summary as never, policyPacks: {} } });
    const result: RunResult = {
      steps: deployment.steps, events: log.events, summary, outputs: plain(deployment.stackOutputs) as Props, diagnostics,
      durationMs: Date.now() - started, provider: usage,
    };
    if (failure) throw new EngineError(failure.message, result);
    return result;
  }

  /**
   * Runs the program to its end. After a failed step the engine stops the deployment, as
   * the CLI does: a program still waiting on the monitor is ended after a short grace.
   */
  private runProgram(servers: { monitorAddress: string; engineAddress: string }, preview: boolean, config: Record<string, string>, secretKeys: string[], env: NodeJS.ProcessEnv, failed: () => boolean) {
    const runEntry = req.resolve("@pulumi/pulumi/cmd/run/index.js", { paths: [this.opts.projectDir] });
    const args = [
      runEntry, `--monitor=${servers.monitorAddress}`, `--engine=${servers.engineAddress}`, `--project=${this.project}`,
      `--stack=${this.opts.stack}`, "--organization=organization", `--pwd=${resolve(this.opts.projectDir)}`,
      `--root-directory=${resolve(this.opts.projectDir)}`, `--parallel=${this.opts.parallel ?? 16}`,
      ...(preview ? ["--dry-run"] : []), this.opts.program!,
    ];
    return new Promise<{ code: number; stderr: string }>((done) => {
      const guard = join(tmpdir(), `pw-orphan-guard-${process.pid}.js`);
      if (!existsSync(guard)) writeFileSync(guard, ORPHAN_GUARD);
      const child = spawn(process.execPath, ["--require", guard, ...args], {
        cwd: this.opts.projectDir,
        env: {
          ...env,
          PULUMI_CONFIG: JSON.stringify(config),
          PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(secretKeys),
          PULUMI_NODEJS_TYPESCRIPT: "true",
          PULUMI_NODEJS_TRANSPILE_ONLY: "true",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stderr = "";
      child.stdout.on("data", () => {});
      child.stderr.on("data", (d) => (stderr += d));
      const watchdog = setInterval(() => {
        if (failed()) setTimeout(() => child.kill("SIGKILL"), 2000).unref();
      }, 250);
      child.on("exit", (code) => {
        clearInterval(watchdog);
        done({ code: code ?? 1, stderr });
      });
    });
  }
}
