#!/usr/bin/env node
/**
 * `pulumi-webhooks plan|drift [--stack NAME] [--cwd DIR] [--format markdown|json|text]`.
 * Only parses arguments; the work is in commands.ts over the Automation API.
 */
import { parseArgs } from "node:util";
import { drift, plan } from "./commands";
import { automationSource } from "./source";
import type { Format } from "./render";

const USAGE = `usage: pulumi-webhooks <plan|drift> [--stack NAME] [--cwd DIR] [--format markdown|json|text]

  plan    preview the stack and summarize webhook changes (markdown by default, for a PR comment)
  drift   refresh-preview the stack and list webhooks changed or deleted outside Pulumi
          (text by default); exits 0 when clean, 2 when drift is found, 1 on error`;

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { stack: { type: "string" }, cwd: { type: "string" }, format: { type: "string" }, help: { type: "boolean", short: "h" } },
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
  const stack = parsed.values.stack ?? process.env.PULUMI_STACK;
  if (!stack) {
    console.error("pulumi-webhooks: name the stack with --stack NAME (or PULUMI_STACK)");
    return 1;
  }
  const source = automationSource({ cwd: parsed.values.cwd ?? process.cwd(), stack });
  const result = command === "plan" ? await plan(source, format) : await drift(source, format);
  (result.exitCode === 1 ? console.error : console.log)(result.output);
  return result.exitCode;
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
