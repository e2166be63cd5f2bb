/** `plan` and `drift`: collect engine events from a source, summarize, render, pick the exit code. */
import { driftOf, planChanges } from "./changes";
import { renderDrift, renderPlan, type Format } from "./render";
import { MissingCliError, type EngineEvent, type EventSource } from "./source";

export interface CommandResult {
  output: string;
  /** plan: 0 ok, 1 error. drift: 0 clean, 2 drift found, 1 error. */
  exitCode: number;
}

async function collect(run: (onEvent: (e: EngineEvent) => void) => Promise<void>): Promise<EngineEvent[]> {
  const events: EngineEvent[] = [];
  await run((e) => events.push(e));
  return events;
}

function failure(command: string, err: unknown): CommandResult {
  if (err instanceof MissingCliError) return { output: `pulumi-webhooks ${command}: ${err.message}`, exitCode: 1 };
  const message = err instanceof Error ? err.message : String(err);
  return { output: `pulumi-webhooks ${command} failed: ${message.trim()}`, exitCode: 1 };
}

export async function plan(source: EventSource, format: Format = "markdown"): Promise<CommandResult> {
  try {
    const events = await collect((onEvent) => source.preview(onEvent));
    return { output: renderPlan(planChanges(events), format), exitCode: 0 };
  } catch (err) {
    return failure("plan", err);
  }
}

export async function drift(source: EventSource, format: Format = "text"): Promise<CommandResult> {
  try {
    const events = await collect((onEvent) => source.refreshPreview(onEvent));
    const found = driftOf(events);
    return { output: renderDrift(found, format), exitCode: found.length > 0 ? 2 : 0 };
  } catch (err) {
    return failure("drift", err);
  }
}
