/** The example stack (examples/index.ts) on the real Pulumi engine, pointed at a sandbox. */
import { createStack, ROOT, type RealStack } from "./real-stack";
import type { Sandbox } from "./sandbox";

export { ROOT };

/** The credential key of each vendor, as the README tells users to set it. */
export const CREDENTIAL_KEYS: Record<string, string> = {
  talkover: "talkover:apiToken",
  polytomic: "polytomic:apiKey",
  shodai: "shodai:apiKey",
  sigmamind: "sigmamind:apiKey",
  autocalls: "autocalls:apiToken",
};

export interface ExampleStack extends RealStack {
  /** Sets every vendor's credential with `pulumi config set --secret`. */
  setToken(token: string): Promise<void>;
}

export async function exampleStack(sb: Sandbox, opts: { token?: string; program?: string; stackName?: string; sibling?: RealStack } = {}): Promise<ExampleStack> {
  const token = opts.token ?? "sandbox-token";
  const config: Record<string, string | { value: string; secret: true }> = {};
  for (const [vendor, url] of Object.entries(sb.baseUrls)) {
    config[`${vendor}:baseUrl`] = url;
    config[CREDENTIAL_KEYS[vendor]] = { value: token, secret: true };
  }
  const stack = await createStack({ program: opts.program, stackName: opts.stackName, sibling: opts.sibling, config });
  return Object.assign(stack, {
    async setToken(next: string) {
      await stack.setConfig(Object.fromEntries(Object.values(CREDENTIAL_KEYS).map((k) => [k, { value: next, secret: true as const }])));
    },
  });
}
