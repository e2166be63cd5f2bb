#!/usr/bin/env node
/** `pulumi-webhooks-sandbox [--port 4010] [--host 127.0.0.1] [--state FILE] [--token T]… [--rate-limit vendor=N/SECONDS]…` */
import { parseArgs } from "node:util";
import { startSandbox, type VendorName } from "./index";

const USAGE = `usage: pulumi-webhooks-sandbox [--port 4010] [--host 127.0.0.1] [--state FILE]
                               [--token TOKEN]... [--rate-limit VENDOR=N/SECONDS]...

Serves the Talkover, Polytomic, Shodai, SigmaMind and Autocalls webhook APIs on one port.
  --state FILE       keep the data across restarts (in memory otherwise)
  --token TOKEN      accepted credential, repeatable (default: sandbox-token)
  --rate-limit       e.g. talkover=100/60 answers 429 past 100 requests a minute`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      host: { type: "string" },
      state: { type: "string" },
      token: { type: "string", multiple: true },
      "rate-limit": { type: "string", multiple: true },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const rateLimits: Record<string, { limit: number; windowMs: number }> = {};
  for (const spec of values["rate-limit"] ?? []) {
    const m = /^([a-z]+)=(\d+)\/(\d+(?:\.\d+)?)$/.exec(spec);
    if (!m) throw new Error(`--rate-limit takes VENDOR=N/SECONDS, not "${spec}"`);
    rateLimits[m[1]] = { limit: Number(m[2]), windowMs: Number(m[3]) * 1000 };
  }
  const port = values.port === undefined ? 4010 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0–65535, not "${values.port}"`);
  const sandbox = await startSandbox({ port, host: values.host, stateFile: values.state, tokens: values.token, rateLimits: rateLimits as Partial<Record<VendorName, { limit: number; windowMs: number }>> });
  console.log(`pulumi-webhooks sandbox on ${sandbox.url} (token: ${values.token?.[0] ?? "sandbox-token"}${values.state ? `, state: ${values.state}` : ""})`);
  for (const [vendor, url] of Object.entries(sandbox.baseUrls)) console.log(`  ${vendor.padEnd(10)} ${url}`);
  const stop = () => sandbox.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err) => {
  console.error(`pulumi-webhooks-sandbox: ${(err as Error).message}\n\n${USAGE}`);
  process.exit(1);
});
