#!/usr/bin/env node
/**
 * `pulumi-webhooks plan|drift [--stack NAME …] [--fix] [--cwd DIR] [--format markdown|json|text]`.
 * Only parses arguments; the work is in commands.ts over the Automation API.
 */
import { parseArgs } from "node:util";
import { driftStacks, oneLineError, plan } from "./commands";
import { discover, DISCOVER_VENDORS, managedFromState, renderDiscover, type DiscoverVendor } from "./discover";
import { automationSource, stackConfigAndState } from "./source";
import type { Format } from "./render";

const USAGE = `usage: pulumi-webhooks plan  [--stack NAME] [--cwd DIR] [--format markdown|json|text]
       pulumi-webhooks drift [--stack NAME]... [--fix] [--cwd DIR] [--format markdown|json|text]
       pulumi-webhooks discover [--stack NAME] [--vendor V]... [--talkover-agent ID]... [--sigmamind-agent ID]...
                                [--show-urls] [--cwd DIR] [--format text|json]

  plan    preview the stack and summarize webhook changes (markdown by default, for a PR comment)
  drift   refresh-preview the stack(s) and list webhooks changed or deleted outside Pulumi
          (text by default); exits 0 when clean, 2 when drift is found, 1 on error (any
          stack). --stack may be repeated or a comma-separated list: one report for all.
          --fix restores the declared state of exactly the drifted webhooks (refresh, then
          up, targeted at them) and reports what it restored; exits 0 when nothing is left
          drifted, 1 otherwise
  discover  list the webhooks that exist at each configured vendor account (credentials from
          the stack's config, else the environment), mark those the stack manages, and print
          declarations with adoptId/adopt for the others. Reads only. URLs are shown as their
          host unless --show-urls (webhook URLs are often credentials)`;

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        stack: { type: "string", multiple: true },
        cwd: { type: "string" },
        format: { type: "string" },
        fix: { type: "boolean" },
        vendor: { type: "string", multiple: true },
        "talkover-agent": { type: "string", multiple: true },
        "sigmamind-agent": { type: "string", multiple: true },
        "show-urls": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    return 1;
  }
  const [command] = parsed.positionals;
  if (parsed.values.help || !command) {
    console.log(USAGE);
    return parsed.values.help ? 0 : 1;
  }
  if (command === "discover") return runDiscover(parsed.values);
  if (command !== "plan" && command !== "drift") {
    console.error(`unknown command "${command}"\n\n${USAGE}`);
    return 1;
  }
  const format = (parsed.values.format ?? (command === "plan" ? "markdown" : "text")) as Format;
  if (!["markdown", "json", "text"].includes(format)) {
    console.error(`--format must be markdown, json or text\n\n${USAGE}`);
    return 1;
  }
  const stacks = (parsed.values.stack ?? (process.env.PULUMI_STACK ? [process.env.PULUMI_STACK] : []))
    .flatMap((s) => s.split(","))
    .map((s) => s.trim())
    .filter(Boolean);
  if (stacks.length === 0) {
    console.error("pulumi-webhooks: name the stack with --stack NAME (or PULUMI_STACK)");
    return 1;
  }
  if (command === "plan" && stacks.length > 1) {
    console.error("pulumi-webhooks plan: one stack at a time (drift takes several)");
    return 1;
  }
  if (command === "plan" && parsed.values.fix) {
    console.error("pulumi-webhooks plan: --fix belongs to drift");
    return 1;
  }
  const cwd = parsed.values.cwd ?? process.cwd();
  const result =
    command === "plan"
      ? await plan(automationSource({ cwd, stack: stacks[0] }), format, stacks[0])
      : await driftStacks(stacks.map((stack) => ({ stack, source: automationSource({ cwd, stack }) })), format, { fix: parsed.values.fix });
  // A drift report goes to stdout even with errors in it: other stacks' drift must not be lost.
  (result.exitCode === 1 && command === "plan" ? console.error : console.log)(result.output);
  return result.exitCode;
}

async function runDiscover(values: Record<string, unknown>): Promise<number> {
  const list = (v: unknown) => ((v as string[] | undefined) ?? []).flatMap((s) => s.split(",")).map((s) => s.trim()).filter(Boolean);
  const vendors = list(values.vendor);
  const unknown = vendors.filter((v) => !(DISCOVER_VENDORS as readonly string[]).includes(v));
  if (unknown.length) {
    console.error(`pulumi-webhooks discover: unknown vendor ${unknown.join(", ")} (one of ${DISCOVER_VENDORS.join(", ")})`);
    return 1;
  }
  const format = (values.format as string | undefined) ?? "text";
  if (format !== "text" && format !== "json") {
    console.error("pulumi-webhooks discover: --format must be text or json");
    return 1;
  }
  const stack = (values.stack as string[] | undefined)?.[0] ?? process.env.PULUMI_STACK;
  let config: Record<string, string> = {};
  let facts: ReturnType<typeof managedFromState> | undefined;
  if (stack) {
    try {
      const s = await stackConfigAndState({ cwd: (values.cwd as string | undefined) ?? process.cwd(), stack });
      config = s.config;
      facts = managedFromState(s.resources);
    } catch (err) {
      console.error(oneLineError("discover", stack, err));
      return 1;
    }
  }
  const result = await discover({
    vendors: vendors.length ? (vendors as DiscoverVendor[]) : undefined,
    config,
    managed: facts?.managed,
    talkoverAgents: [...list(values["talkover-agent"]), ...(facts?.agents.talkover ?? [])],
    sigmamindAgents: [...list(values["sigmamind-agent"]), ...(facts?.agents.sigmamind ?? [])],
  });
  console.log(renderDiscover(result, { format, showUrls: !!values["show-urls"] }));
  return 0;
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
