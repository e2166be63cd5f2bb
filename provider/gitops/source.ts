/**
 * Where engine events come from. `plan` and `drift` only need "run a preview / a refresh
 * preview and hand me the engine events"; production uses the Pulumi Automation API, and
 * tests plug in the test engine (test/engine) behind the same interface.
 */
import * as auto from "@pulumi/pulumi/automation";
import type { EngineEvent } from "@pulumi/pulumi/automation";

export type { EngineEvent };

export interface EventSource {
  /** `pulumi preview --diff`: what `up` would change. */
  preview(onEvent: (event: EngineEvent) => void): Promise<void>;
  /** `pulumi refresh --preview-only`: what the vendors have now against state, writing nothing. */
  refreshPreview(onEvent: (event: EngineEvent) => void): Promise<void>;
}

/** Raised when the Pulumi CLI, which the Automation API drives, is not installed. */
export class MissingCliError extends Error {
  override name = "MissingCliError";
  constructor() {
    super("the Pulumi CLI is not installed or not on PATH; install it (https://www.pulumi.com/docs/iac/download-install/) and run this again");
  }
}

/** The Automation API over a local project directory and stack, as a user's CI has it. */
export function automationSource(opts: { cwd: string; stack: string }): EventSource {
  const stack = async () => {
    try {
      return await auto.LocalWorkspace.selectStack({ stackName: opts.stack, workDir: opts.cwd });
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
      await guard(() => s.previewRefresh({ onEvent }));
    },
  };
}

function isMissingCli(err: unknown): boolean {
  const text = String((err as { message?: string })?.message ?? err);
  return /spawn pulumi ENOENT|ENOENT.*pulumi|pulumi: (command )?not found|Could not find the Pulumi CLI/i.test(text);
}
