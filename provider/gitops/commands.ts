/** `plan` and `drift`: collect engine events from a source, summarize, render, pick the exit code. */
import { driftOf, planChanges, VENDOR_TITLES, type WebhookDrift } from "./changes";
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

/**
 * One line for any failure of the CLI or the Automation API: what failed, for which stack,
 * and the CLI's own first error line (its full output repeats itself and runs to pages).
 */
export function oneLineError(command: string, stack: string | undefined, err: unknown): string {
  const where = stack ? ` for stack "${stack}"` : "";
  if (err instanceof MissingCliError) return `pulumi-webhooks ${command}${where}: ${err.message}`;
  return `pulumi-webhooks ${command} failed${where}: ${firstErrorLine(err)}`;
}

export function firstErrorLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const lines = text.split("\n").map((l) => l.trim()).filter(Boolean);
  // The CLI's own words are its "error: …" lines on stderr; some are only a generic
  // "update failed", so take the first that says more.
  const errors = lines.filter((l) => /^error: /.test(l)).map((l) => l.replace(/^error: /, ""));
  const specific = errors.find((l) => !/^(update|preview|refresh) failed$/i.test(l)) ?? errors[0];
  if (specific) return specific;
  const meaningful = lines.find((l) => !/^(code: |stdout:|stderr:|err\?:|Command failed with exit code)/.test(l));
  return meaningful ?? lines[0] ?? "unknown error";
}

export async function plan(source: EventSource, format: Format = "markdown", stack?: string): Promise<CommandResult> {
  try {
    const events = await collect((onEvent) => source.preview(onEvent));
    return { output: renderPlan(planChanges(events), format), exitCode: 0 };
  } catch (err) {
    return { output: oneLineError("plan", stack, err), exitCode: 1 };
  }
}

export interface DriftOptions {
  /** Restore the declared state of exactly the drifted webhooks (refresh, then up, targeted). */
  fix?: boolean;
}

/** What one stack's drift run found, before rendering. */
export interface StackDrift {
  stack?: string;
  drift: WebhookDrift[];
  /** With --fix: the URNs the targeted up restored. */
  restored?: string[];
  /** With --fix: drift left after the fix (should be none). */
  remaining?: WebhookDrift[];
  error?: string;
}

export async function driftOne(source: EventSource, opts: DriftOptions = {}, stack?: string): Promise<StackDrift> {
  let found: WebhookDrift[] = [];
  try {
    found = driftOf(await collect((onEvent) => source.refreshPreview(onEvent)));
    if (!opts.fix || found.length === 0) return { stack, drift: found };
    if (!source.fix) throw new Error("this event source cannot fix drift");
    const order = Object.keys(VENDOR_TITLES);
    const urns = [...found].sort((x, y) => order.indexOf(x.vendor) - order.indexOf(y.vendor) || x.name.localeCompare(y.name)).map((d) => d.urn);
    const events = await collect((onEvent) => source.fix!(urns, onEvent));
    const restored = events
      .map((e) => e.resOutputsEvent?.metadata)
      .filter((m) => m && urns.includes(m.urn) && m.op !== "same" && m.op !== "refresh")
      .map((m) => m!.urn);
    const remaining = driftOf(await collect((onEvent) => source.refreshPreview(onEvent)));
    // In the report's order (the drift list's), each once.
    return { stack, drift: found, restored: urns.filter((u) => restored.includes(u)), remaining };
  } catch (err) {
    return { stack, drift: found, error: oneLineError(opts.fix ? "drift --fix" : "drift", stack, err) };
  }
}

/** Exit code over stacks: 1 if any errored (or a fix left drift), else 2 if any drifted (and was not fixed), else 0. */
export function driftExitCode(results: StackDrift[]): number {
  if (results.some((r) => r.error || (r.remaining && r.remaining.length > 0))) return 1;
  if (results.some((r) => r.drift.length > 0 && r.restored === undefined)) return 2;
  return 0;
}

export function renderDriftResults(results: StackDrift[], format: Format): string {
  if (format === "json") {
    const stacks = results.map((r) => ({
      stack: r.stack,
      drifted: r.drift.length > 0,
      ...(r.error ? { error: r.error } : {}),
      drift: r.drift,
      ...(r.restored ? { restored: r.restored, remaining: r.remaining } : {}),
    }));
    return results.length === 1 && !results[0].error && !results[0].restored
      ? renderDrift(results[0].drift, "json")
      : JSON.stringify({ command: "drift", exitCode: driftExitCode(results), stacks }, null, 2);
  }
  const blocks = results.map((r) => {
    const parts: string[] = [];
    const heading = results.length > 1 ? (format === "markdown" ? `#### Stack \`${r.stack}\`` : `== stack ${r.stack} ==`) : undefined;
    if (heading) parts.push(heading);
    if (r.error && r.drift.length === 0) parts.push(format === "markdown" ? `**Error:** ${r.error}` : r.error);
    else {
      parts.push(renderDrift(r.drift, format));
      if (r.error) parts.push(format === "markdown" ? `**Error:** ${r.error}` : r.error);
    }
    if (r.restored) {
      const names = r.restored.map((u) => u.slice(u.lastIndexOf("::") + 2));
      const line = `Fixed: restored ${names.length} ${names.length === 1 ? "webhook" : "webhooks"} to the declared state (${names.join(", ") || "none"}); ${
        r.remaining?.length ? `${r.remaining.length} still drifted.` : "no drift left."
      }`;
      parts.push(format === "markdown" ? `**${line}**` : line);
    }
    return parts.join("\n");
  });
  return blocks.join("\n\n");
}

/** `drift` over one or more stacks: one report, exit 0 clean / 2 drift / 1 error (never hiding another stack's drift). */
export async function driftStacks(sources: { stack?: string; source: EventSource }[], format: Format = "text", opts: DriftOptions = {}): Promise<CommandResult> {
  const results: StackDrift[] = [];
  for (const { stack, source } of sources) results.push(await driftOne(source, opts, stack));
  return { output: renderDriftResults(results, format), exitCode: driftExitCode(results) };
}

export async function drift(source: EventSource, format: Format = "text", opts: DriftOptions = {}, stack?: string): Promise<CommandResult> {
  return driftStacks([{ stack, source }], format, opts);
}
