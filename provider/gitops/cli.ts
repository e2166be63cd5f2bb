#!/usr/bin/env node
/**
 * `pulumi-webhooks plan|drift [--stack NAME …] [--fix] [--cwd DIR] [--format markdown|json|text]`.
 * Only parses arguments; the work is in commands.ts over the Automation API.
 */
import { parseArgs } from "node:util";
import { driftStacks, plan } from "./commands";
import { automationSource } from "./source";
import type { Format } from "./render";

const USAGE = `usage: pulumi-webhooks plan  [--stack NAME] [--cwd DIR] [--format markdown|json|text]
       pulumi-webhooks drift [--stack NAME]... [--fix] [--cwd DIR] [--format markdown|json|text]

  plan    preview the stack and summarize webhook changes (markdown by default, for a PR comment)
  drift   refresh-preview the stack(s) and list webhooks changed or deleted outside Pulumi
          (text by default); exits 0 when clean, 2 when drift is found, 1 on error (any
          stack). --stack may be repeated or a comma-separated list: one report for all.
          --fix restores the declared state of exactly the drifted webhooks (refresh, then
          up, targeted at them) and reports what it restored; exits 0 when nothing is left
          drifted, 1 otherwise`;

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

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
