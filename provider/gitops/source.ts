/**
 * Where engine events come from. `plan` and `drift` only need "run a preview / a refresh
 * preview and hand me the engine events"; production uses the Pulumi Automation API, and
 * tests use the same Automation API, with an inline program (see test/helpers/pulumi-driver.ts).
 */
import * as auto from "@pulumi/pulumi/automation";
import type { EngineEvent } from "@pulumi/pulumi/automation";

export type { EngineEvent };

export interface EventSource {
  /** `pulumi preview --diff`: what `up` would change. */
  preview(onEvent: (event: EngineEvent) => void): Promise<void>;
  /** `pulumi refresh --preview-only`: what the vendors have now against state, writing nothing. */
  refreshPreview(onEvent: (event: EngineEvent) => void): Promise<void>;
  /**
   * Restores the declared state of exactly these resources: `pulumi refresh --target …`
   * (state learns what the vendor has), then `pulumi up --target …` (the vendor gets what
   * the program declares). Events of both runs go to onEvent.
   */
  fix?(urns: string[], onEvent: (event: EngineEvent) => void): Promise<void>;
}

/** Raised when the Pulumi CLI, which the Automation API drives, is not installed. */
export class MissingCliError extends Error {
  override name = "MissingCliError";
  constructor() {
    super("the Pulumi CLI is not installed or not on PATH; install it (https://www.pulumi.com/docs/iac/download-install/) and run this again");
  }
}

export interface AutomationSourceOptions {
  /** The project directory (holds Pulumi.yaml and the stack's Pulumi.<stack>.yaml). */
  cwd: string;
  stack: string;
  /**
   * An inline program (the Automation API's `PulumiFn`) to run instead of the project's
   * `main`. The engine is the same; only the program runs in this process, which also
   * needs no `pulumi-language-nodejs` binary.
   */
  program?: auto.PulumiFn;
  /** A specific Pulumi CLI (default: the one on PATH). */
  pulumiCommand?: auto.PulumiCommand;
  /** Environment for the CLI (backend URL, passphrase, PULUMI_HOME, …) on top of this process's. */
  envVars?: Record<string, string>;
}

/** The Automation API over a local project directory and stack, as a user's CI has it. */
export function automationSource(opts: AutomationSourceOptions): EventSource {
  const stack = async () => {
    try {
      // PULUMI_SKIP_CONFIRMATIONS=true (common in CI) acts as --yes, which the CLI refuses
      // together with refresh --preview-only; these commands never change anything anyway.
      const envVars = { ...opts.envVars, PULUMI_SKIP_CONFIRMATIONS: "false" };
      const ws = { workDir: opts.cwd, pulumiCommand: opts.pulumiCommand, envVars };
      if (opts.program) {
        // The project name is read from cwd's Pulumi.yaml; this one applies only without it.
        return await auto.LocalWorkspace.selectStack({ stackName: opts.stack, projectName: "pulumi-webhooks-inline", program: opts.program }, ws);
      }
      return await auto.LocalWorkspace.selectStack({ stackName: opts.stack, workDir: opts.cwd }, ws);
    } catch (err) {
      throw isMissingCli(err) ? new MissingCliError() : err;
    }
  };
  const guard = async (run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (err) {
      throw isMissingCli(err) ? new MissingCliError() : err;
    }
  };
  return {
    async preview(onEvent) {
      const s = await stack();
      await guard(() => s.preview({ diff: true, onEvent }));
    },
    async refreshPreview(onEvent) {
      const s = await stack();
      // runProgram: the providers get the stack's current config (e.g. a rotated credential)
      // rather than the one recorded in state at the last `pulumi up`.
      await guard(() => s.previewRefresh({ onEvent, runProgram: true }));
    },
    async fix(urns, onEvent) {
      const s = await stack();
      await guard(() => s.refresh({ onEvent, runProgram: true, target: urns }));
      await guard(() => s.up({ onEvent, target: urns }));
    },
  };
}

function isMissingCli(err: unknown): boolean {
  const text = String((err as { message?: string })?.message ?? err);
  return /spawn pulumi ENOENT|ENOENT.*pulumi|pulumi: (command )?not found|Could not find the Pulumi CLI/i.test(text);
}

/** A stack's config (secrets decrypted by the CLI) and its state's resources, for `discover`. */
export async function stackConfigAndState(opts: AutomationSourceOptions): Promise<{
  config: Record<string, string>;
  resources: { type: string; urn: string; id?: string; outputs?: Record<string, unknown> }[];
}> {
  try {
    const ws = { workDir: opts.cwd, pulumiCommand: opts.pulumiCommand, envVars: opts.envVars };
    const s = opts.program
      ? await auto.LocalWorkspace.selectStack({ stackName: opts.stack, projectName: "pulumi-webhooks-inline", program: opts.program }, ws)
      : await auto.LocalWorkspace.selectStack({ stackName: opts.stack, workDir: opts.cwd }, ws);
    const all = await s.getAllConfig();
    const config = Object.fromEntries(Object.entries(all).map(([k, v]) => [k, v.value]));
    const deployment = (await s.exportStack()).deployment as { resources?: { type: string; urn: string; id?: string; outputs?: Record<string, unknown> }[] };
    return { config, resources: deployment.resources ?? [] };
  } catch (err) {
    throw isMissingCli(err) ? new MissingCliError() : err;
  }
}
