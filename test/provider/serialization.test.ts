/**
 * The provider object each resource stores in state (`__provider`), serialized by the
 * SDK's own closure serializer in a plain Node process: it loads in a fresh process the
 * way the dynamic-provider host loads it, it is under 1 KB, and it captures no credential.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const TOKEN = "tok-must-never-be-serialized-7d1e";

const minimal: Record<string, object> = {
  talkover: { agentId: "9fbef0b7-8d4e-4a08-9207-66c22155721d", name: "n", url: "https://e.example/x", events: ["event_action"] },
  polytomic: { endpoint: "https://e.example/x", secret: "hmac-secret-1" },
  shodai: { url: "https://e.example/x" },
  sigmamind: { agentId: "a", name: "n", url: "https://e.example/x", events: ["conversation_ended"] },
  autocalls: { assistantId: 1, url: "https://e.example/x" },
};

describe.each(Object.keys(minimal))("%s provider in state", (vendor) => {
  it("loads in a fresh process, is under 1 KB and holds no credential", () => {
    const text = execFileSync(process.execPath, [fixture("serialize-provider.js"), vendor, TOKEN], { cwd: root, encoding: "utf8" });
    expect(text).toContain('require("pulumi-webhooks/runtime")');
    expect(Buffer.byteLength(text)).toBeLessThan(1024);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain("hmac-secret-1");
    expect(text).not.toMatch(/zod|undici/);

    const loaded = JSON.parse(execFileSync(process.execPath, [fixture("load-provider.js"), JSON.stringify(minimal[vendor])], { cwd: root, input: text, encoding: "utf8" }));
    expect(loaded.before).toEqual(["configure"]);
    expect(loaded.methods).toEqual(["configure", "check", "diff", "create", "read", "update", "delete"]);
    expect(loaded.failures).toEqual([]);
    expect(loaded.inputs).toMatchObject({ enabled: true });
  });
});
