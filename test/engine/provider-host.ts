/**
 * The real `@pulumi/pulumi/cmd/dynamic-provider` process, started with the project
 * directory as cwd (so `require("pulumi-webhooks/runtime")` in a serialized provider
 * resolves there), and called with the engine's request shapes. A preload reports the
 * process's CPU time and peak memory when it exits, for the benchmark.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fromWire, toWire, type Props } from "./values";

const req = createRequire(__filename);
const grpc = req("@grpc/grpc-js");
const provproto = req("@pulumi/pulumi/proto/provider_pb.js");
const provrpc = req("@pulumi/pulumi/proto/provider_grpc_pb.js");
const statusproto = req("@pulumi/pulumi/proto/status_pb.js");
const { Struct } = req("google-protobuf/google/protobuf/struct_pb.js");

/** Ends a child whose engine went away (a killed test run must not leave processes behind). */
export const ORPHAN_GUARD = `
const parent = process.ppid;
setInterval(() => { if (process.ppid !== parent) process.exit(1); }, 500).unref();`;

const PRELOAD = `${ORPHAN_GUARD}
const fs = require("fs");
process.on("SIGTERM", () => process.exit(0));
process.on("exit", () => {
  const cpu = process.cpuUsage();
  fs.writeFileSync(process.env.PULUMI_WEBHOOKS_USAGE_FILE, JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
});`;

export interface ProviderUsage {
  cpuMs: number;
  maxRssMb: number;
}

/** A provider error that created the resource anyway (ErrorResourceInitFailed). */
export class InitError extends Error {
  constructor(message: string, readonly id: string, readonly properties: Props) {
    super(message);
  }
}

const struct = (value: Props) => Struct.fromJavaScript(toWire(value, false));

export class ProviderHost {
  private child!: ChildProcess;
  private client: any;
  private readonly usageFile = join(tmpdir(), `pw-usage-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
  private readonly preloadFile = join(tmpdir(), `pw-preload-${process.pid}.js`);
  stderr = "";

  static async start(projectDir: string, engineAddress: string, env: NodeJS.ProcessEnv): Promise<ProviderHost> {
    const host = new ProviderHost();
    await host.spawn(projectDir, engineAddress, env);
    return host;
  }

  private async spawn(projectDir: string, engineAddress: string, env: NodeJS.ProcessEnv): Promise<void> {
    if (!existsSync(this.preloadFile)) writeFileSync(this.preloadFile, PRELOAD);
    const entry = req.resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js", { paths: [projectDir] });
    this.child = spawn(process.execPath, ["--require", this.preloadFile, entry, engineAddress], {
      cwd: projectDir,
      env: { ...env, PULUMI_WEBHOOKS_USAGE_FILE: this.usageFile },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child.stderr!.on("data", (d) => (this.stderr += d));
    const port = await new Promise<string>((resolve, reject) => {
      let out = "";
      this.child.stdout!.on("data", (d) => {
        out += d;
        const line = out.split("\n")[0];
        if (out.includes("\n")) resolve(line.trim());
      });
      this.child.once("exit", (code) => reject(new Error(`dynamic provider exited (${code}) before listening: ${this.stderr}`)));
    });
    this.client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  }

  private call<T>(method: string, request: unknown): Promise<T> {
    return new Promise((resolve, reject) => {
      this.client[method](request, (err: any, res: T) => {
        if (!err) return resolve(res);
        reject(initErrorOf(err) ?? new Error(err.details || err.message));
      });
    });
  }

  async configure(config: Record<string, string>): Promise<void> {
    const r = new provproto.ConfigureRequest();
    r.setArgs(Struct.fromJavaScript(config));
    r.setAcceptsecrets(true);
    await this.call("configure", r);
  }

  async check(urn: string, olds: Props, news: Props): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }> {
    const r = new provproto.CheckRequest();
    r.setUrn(urn);
    r.setOlds(struct(olds));
    r.setNews(struct(news));
    const res = await this.call<any>("check", r);
    return {
      inputs: fromWire(res.getInputs()?.toJavaScript() ?? {}) as Props,
      failures: res.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(urn: string, id: string, olds: Props, news: Props, oldInputs: Props, ignoreChanges: string[]) {
    const r = new provproto.DiffRequest();
    r.setUrn(urn);
    r.setId(id);
    r.setOlds(struct(olds));
    r.setNews(struct(news));
    r.setOldInputs(struct(oldInputs));
    r.setIgnorechangesList(ignoreChanges);
    const res = await this.call<any>("diff", r);
    const kinds = provproto.DiffResponse.DiffChanges;
    const changes = res.getChanges() === kinds.DIFF_SOME ? true : res.getChanges() === kinds.DIFF_NONE ? false : undefined;
    return { changes, replaces: res.getReplacesList() as string[], deleteBeforeReplace: res.getDeletebeforereplace() as boolean };
  }

  async create(urn: string, properties: Props): Promise<{ id: string; outputs: Props }> {
    const r = new provproto.CreateRequest();
    r.setUrn(urn);
    r.setProperties(struct(properties));
    const res = await this.call<any>("create", r);
    return { id: res.getId(), outputs: fromWire(res.getProperties()?.toJavaScript() ?? {}) as Props };
  }

  async read(urn: string, id: string, properties: Props, inputs: Props): Promise<{ id: string; outputs: Props; inputs?: Props }> {
    const r = new provproto.ReadRequest();
    r.setUrn(urn);
    r.setId(id);
    r.setProperties(struct(properties));
    r.setInputs(struct(inputs));
    const res = await this.call<any>("read", r);
    const newInputs = res.getInputs()?.toJavaScript();
    return { id: res.getId(), outputs: fromWire(res.getProperties()?.toJavaScript() ?? {}) as Props, inputs: newInputs && (fromWire(newInputs) as Props) };
  }

  async update(urn: string, id: string, olds: Props, news: Props, oldInputs: Props): Promise<Props> {
    const r = new provproto.UpdateRequest();
    r.setUrn(urn);
    r.setId(id);
    r.setOlds(struct(olds));
    r.setNews(struct(news));
    r.setOldInputs(struct(oldInputs));
    const res = await this.call<any>("update", r);
    return fromWire(res.getProperties()?.toJavaScript() ?? {}) as Props;
  }

  async delete(urn: string, id: string, properties: Props, oldInputs: Props): Promise<void> {
    const r = new provproto.DeleteRequest();
    r.setUrn(urn);
    r.setId(id);
    r.setProperties(struct(properties));
    r.setOldInputs(struct(oldInputs));
    await this.call("delete", r);
  }

  /** Stops the process and returns what it used. */
  async stop(): Promise<ProviderUsage | undefined> {
    this.client?.close();
    if (this.child.exitCode === null) {
      const exited = new Promise((r) => this.child.once("exit", r));
      this.child.kill("SIGTERM");
      await exited;
    }
    if (!existsSync(this.usageFile)) return undefined;
    const usage = JSON.parse(readFileSync(this.usageFile, "utf8")) as ProviderUsage;
    rmSync(this.usageFile, { force: true });
    return usage;
  }
}

/** Decodes the ErrorResourceInitFailed detail a dynamic provider attaches to a partial create. */
function initErrorOf(err: any): InitError | undefined {
  const bin = err.metadata?.get?.("grpc-status-details-bin")?.[0];
  if (!bin) return undefined;
  const status = statusproto.Status.deserializeBinary(bin);
  for (const detail of status.getDetailsList()) {
    const failed = detail.unpack(provproto.ErrorResourceInitFailed.deserializeBinary, "pulumirpc.ErrorResourceInitFailed");
    if (failed) return new InitError(err.details || status.getMessage(), failed.getId(), fromWire(failed.getProperties()?.toJavaScript() ?? {}) as Props);
  }
  return undefined;
}
