/**
 * Child-process driver for the real Pulumi engine: runs one operation of a stack through the
 * Automation API with the program as an *inline* program (so no `pulumi-language-nodejs`
 * binary is needed; the engine and the dynamic-provider plugin are the real ones), and
 * writes what happened as JSON to the file named in the job.
 *
 * It runs under plain Node (`node --import tsx`), never inside vitest: Pulumi serializes the
 * provider's closure, which vitest's module transform breaks.
 *
 *   node --import tsx test/helpers/pulumi-driver.ts <job.json>
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type * as Auto from "@pulumi/pulumi/automation";

export interface DriverJob {
  op: "preview" | "up" | "refresh" | "refresh-preview" | "destroy" | "destroy-run-program" | "plan" | "drift" | "discover";
  /** The `pulumi` binary. */
  bin: string;
  workDir: string;
  stack: string;
  /** Absolute path of the program module; its exports become the stack's outputs. */
  program: string;
  envVars: Record<string, string>;
  /** plan/drift: output format. */
  format?: "markdown" | "json" | "text";
  /** drift: every stack to check (default: `stack`), and --fix. */
  stacks?: string[];
  fix?: boolean;
  /** discover: the CLI's options. */
  discover?: { vendors?: string[]; talkoverAgents?: string[]; sigmamindAgents?: string[]; showUrls?: boolean; format?: "text" | "json" };
  /** Where to write the DriverResult. */
  resultFile: string;
}

export interface DriverResult {
  events: Auto.EngineEvent[];
  /** The CLI's own output (what a user sees in the terminal). */
  stdout: string;
  summary?: Record<string, number>;
  outputs?: Record<string, unknown>;
  /** Set when the operation failed. */
  error?: string;
  /** plan/drift: the command's result. */
  command?: { output: string; exitCode: number };
  durationMs: number;
}

async function main(jobFile: string): Promise<void> {
  const job = JSON.parse(readFileSync(jobFile, "utf8")) as DriverJob;
  // The Automation API of the @pulumi/pulumi the program itself uses, resolved from the project
  // directory: the inline program must register its resources with the same SDK instance that
  // serves the language runtime. For stacks in this repo that is the repo's copy; for a scratch
  // project (test/package) it is the one installed there next to pulumi-webhooks.
  const auto = require(require.resolve("@pulumi/pulumi/automation", { paths: [job.workDir] })) as typeof Auto;
  const started = Date.now();
  const events: Auto.EngineEvent[] = [];
  let stdout = "";
  const result: DriverResult = { events, stdout: "", durationMs: 0 };
  // An inline program must register its resources on every run (refresh then up in --fix,
  // several stacks in one drift): load the module afresh each time, as `pulumi up` would.
  const program = async () => {
    delete require.cache[require.resolve(job.program)];
    return { ...(require(job.program) as Record<string, unknown>) };
  };
  const pulumiCommand = await auto.PulumiCommand.get({ root: dirname(dirname(job.bin)) });
  const common = { onEvent: (e: Auto.EngineEvent) => events.push(e), onOutput: (s: string) => (stdout += s), color: "never" as const };
  try {
    if (job.op === "discover") {
      // As `pulumi-webhooks discover --stack …` does it: the stack's config and state, then the vendors.
      const { stackConfigAndState } = await import("../../provider/gitops/source");
      const d = await import("../../provider/gitops/discover");
      const o = job.discover ?? {};
      const facts = await stackConfigAndState({ cwd: job.workDir, stack: job.stack, program, pulumiCommand, envVars: job.envVars });
      const state = d.managedFromState(facts.resources);
      const found = await d.discover({
        vendors: o.vendors as never,
        config: facts.config,
        managed: state.managed,
        talkoverAgents: [...(o.talkoverAgents ?? []), ...state.agents.talkover],
        sigmamindAgents: [...(o.sigmamindAgents ?? []), ...state.agents.sigmamind],
      });
      result.command = { output: d.renderDiscover(found, { format: o.format, showUrls: o.showUrls }), exitCode: 0 };
    } else if (job.op === "plan" || job.op === "drift") {
      // The production path: the commands over automationSource (LocalWorkspace).
      const { automationSource } = await import("../../provider/gitops/source");
      const commands = await import("../../provider/gitops/commands");
      const wrap = (stack: string) => {
        const source = automationSource({ cwd: job.workDir, stack, program, pulumiCommand, envVars: job.envVars });
        const tee = (on: (e: Auto.EngineEvent) => void) => (e: Auto.EngineEvent) => (events.push(e), on(e));
        return {
          preview: (on: (e: Auto.EngineEvent) => void) => source.preview(tee(on)),
          refreshPreview: (on: (e: Auto.EngineEvent) => void) => source.refreshPreview(tee(on)),
          fix: (urns: string[], on: (e: Auto.EngineEvent) => void) => source.fix!(urns, tee(on)),
        };
      };
      result.command =
        job.op === "plan"
          ? await commands.plan(wrap(job.stacks?.[0] ?? job.stack), job.format ?? "markdown", job.stacks?.[0] ?? job.stack)
          : await commands.driftStacks((job.stacks ?? [job.stack]).map((stack) => ({ stack, source: wrap(stack) })), job.format ?? "text", { fix: job.fix });
    } else {
      const stack = await auto.LocalWorkspace.selectStack(
        { stackName: job.stack, projectName: "pulumi-webhooks-example", program },
        // PULUMI_SKIP_CONFIRMATIONS=true implies --yes, which the CLI refuses with --preview-only.
        { workDir: job.workDir, pulumiCommand, envVars: job.op === "refresh-preview" ? { ...job.envVars, PULUMI_SKIP_CONFIRMATIONS: "false" } : job.envVars },
      );
      if (job.op === "preview") {
        const r = await stack.preview({ ...common, diff: true });
        result.summary = r.changeSummary as Record<string, number>;
      } else if (job.op === "up") {
        const r = await stack.up({ ...common, diff: true });
        result.summary = r.summary.resourceChanges as Record<string, number>;
        result.outputs = Object.fromEntries(Object.entries(r.outputs).map(([k, v]) => [k, v.secret ? "[secret]" : v.value]));
      } else if (job.op === "refresh") {
        const r = await stack.refresh(common);
        result.summary = r.summary.resourceChanges as Record<string, number>;
      } else if (job.op === "refresh-preview") {
        const r = await stack.previewRefresh(common);
        result.summary = r.changeSummary as Record<string, number>;
      } else {
        const r = await stack.destroy({ ...common, runProgram: job.op === "destroy-run-program" });
        result.summary = r.summary.resourceChanges as Record<string, number>;
      }
    }
  } catch (err) {
    result.error = err instanceof Error ? err.message : String(err);
  }
  result.stdout = stdout;
  result.durationMs = Date.now() - started;
  writeFileSync(job.resultFile, JSON.stringify(result));
}

main(process.argv[2]).catch((err) => {
  process.stderr.write(`pulumi-driver: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
