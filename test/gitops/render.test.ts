/**
 * plan/drift summaries from engine events in the Automation API's shape: kinds, headline
 * counts, old → new values, masking, and exit codes. (End-to-end runs on the test engine
 * are in the lifecycle tests.)
 */
import { describe, expect, it } from "vitest";
import { drift, plan } from "../../provider/gitops/commands";
import type { EngineEvent, EventSource } from "../../provider/gitops/source";

const urn = (type: string, name: string) => `urn:pulumi:dev::proj::${type}::${name}`;
const T = "pulumi-nodejs:dynamic/talkover:Webhook";
const P = "pulumi-nodejs:dynamic/polytomic:Webhook";
const S = "pulumi-nodejs:dynamic/sigmamind:Webhook";

function pre(op: string, type: string, name: string, oldInputs?: object, newInputs?: object, keys?: string[]): EngineEvent {
  return {
    sequence: 0,
    timestamp: 0,
    resourcePreEvent: {
      metadata: {
        op: op as never, urn: urn(type, name), type, provider: "", keys,
        old: oldInputs && ({ inputs: oldInputs, outputs: oldInputs, id: "x" } as never),
        new: newInputs && ({ inputs: newInputs, outputs: newInputs, id: "x" } as never),
      },
    },
  };
}

const source = (events: EngineEvent[]): EventSource => ({
  preview: async (on) => events.forEach(on),
  refreshPreview: async (on) => events.forEach(on),
});

describe("plan", () => {
  const events = [
    pre("update", T, "a", { enabled: true, url: "u", __provider: "p1" }, { enabled: false, url: "u", __provider: "p2" }),
    pre("update", T, "b", { enabled: true }, { enabled: false }),
    pre("update", P, "c", { enabled: false, secret: "old-s3cret" }, { enabled: true, secret: "new-s3cret" }),
    pre("replace", S, "d", { url: "https://a" }, { url: "https://b" }, ["url"]),
    pre("create", T, "e", undefined, { url: "u" }),
    pre("same", T, "f", { url: "u" }, { url: "u" }),
    pre("update", "aws:s3/bucket:Bucket", "g", { acl: "a" }, { acl: "b" }),
  ];

  it("markdown headline counts each kind per vendor, details show old → new, secrets masked", async () => {
    const result = await plan(source(events), "markdown");
    expect(result.exitCode).toBe(0);
    expect(result.output).toContain(
      "**2 webhooks turned off (Talkover 2), 1 webhook turned on (Polytomic 1), 1 webhook replaced (SigmaMind 1), 1 webhook created (Talkover 1).**",
    );
    expect(result.output).toContain("| Talkover | `a` | ⏸️ **disable** | `enabled`: `true` → `false` |");
    expect(result.output).toContain("| SigmaMind | `d` | 🔁 **replace (url changed)** | `url`: `https://a` → `https://b` |");
    expect(result.output).toContain("`secret`: `[secret]` → `[secret]`");
    expect(result.output).not.toMatch(/s3cret|__provider|bucket/i);
  });

  it("json carries the same facts", async () => {
    const json = JSON.parse((await plan(source(events), "json")).output);
    expect(json.summary).toEqual({ disable: 2, enable: 1, replace: 1, create: 1, delete: 0, update: 0 });
    expect(json.changes.find((c: { name: string }) => c.name === "d")).toMatchObject({ vendor: "sigmamind", kind: "replace", replaceReasons: ["url"] });
  });

  it("says so when nothing changes", async () => {
    expect((await plan(source([events[5]]), "text")).output).toBe("Webhook changes: No webhook changes.");
  });

  it("exits 1 with one line when the preview fails", async () => {
    const failing: EventSource = { preview: async () => { throw new Error("boom\n"); }, refreshPreview: async () => {} };
    expect(await plan(failing, "text")).toEqual({ output: "pulumi-webhooks plan failed: boom", exitCode: 1 });
  });
});

describe("drift", () => {
  const refresh = (type: string, name: string, olds: object, news: object | undefined, op = "refresh"): EngineEvent => ({
    sequence: 0,
    timestamp: 0,
    resOutputsEvent: {
      metadata: {
        op: op as never, urn: urn(type, name), type, provider: "",
        old: { inputs: olds, outputs: olds, id: "x" } as never,
        new: news && ({ inputs: news, outputs: news, id: "x" } as never),
      },
    },
  });

  it("lists changed and deleted webhooks and exits 2", async () => {
    const result = await drift(source([
      refresh(P, "org", { enabled: true, endpoint: "e" }, { enabled: false, endpoint: "e" }),
      refresh(T, "gone", { enabled: true }, undefined, "delete"),
      refresh(T, "same", { enabled: true }, { enabled: true }),
    ]), "text");
    expect(result.exitCode).toBe(2);
    expect(result.output).toBe([
      "Drift: 1 webhook changed outside Pulumi, 1 webhook deleted outside Pulumi.",
      '  Talkover webhook "gone" deleted outside Pulumi',
      '  Polytomic webhook "org" disabled by hand (enabled: true → false)',
    ].join("\n"));
  });

  it("exits 0 when clean", async () => {
    expect(await drift(source([refresh(T, "same", { enabled: true }, { enabled: true })]), "text")).toEqual({
      output: "Drift: No drift: every webhook matches state.",
      exitCode: 0,
    });
  });
});

describe("changes the events cannot show", () => {
  it("an engine update with equal visible inputs: a secret changed (hidden), or a convergence against the vendor's values", async () => {
    const masked = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "[secret]" };
    const secretOnly = pre("update", P, "s", { endpoint: "e", secret: masked }, { endpoint: "e", secret: masked });
    const converge: EngineEvent = {
      sequence: 0,
      timestamp: 0,
      resourcePreEvent: {
        metadata: {
          op: "update", urn: urn(T, "c"), type: T, provider: "",
          old: { inputs: { enabled: false, url: "u" }, outputs: { enabled: true, url: "u", webhookId: "1" }, id: "1" } as never,
          new: { inputs: { enabled: false, url: "u" }, outputs: {}, id: "1" } as never,
        },
      },
    };
    const result = await plan(source([secretOnly, converge]), "text");
    expect(result.output).toBe(
      'Webhook changes: 1 webhook turned off (Talkover 1), 1 webhook updated (Polytomic 1).\n  Talkover Webhook "c": disable — enabled: true → false\n  Polytomic Webhook "s": update — secret: changed (value hidden)',
    );
  });
});
