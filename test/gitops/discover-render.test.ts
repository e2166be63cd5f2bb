/** discover's rendering without a stack, and its declarations' secret handling (no vendor calls). */
import { describe, expect, it } from "vitest";
import { declaration, renderDiscover, type FoundWebhook } from "../../provider/gitops/discover";

const polytomic: FoundWebhook = {
  vendor: "polytomic", id: "p-1", scope: "organization o-1", enabled: false,
  url: "https://hooks.example.com/services/T0/B0/XXXX", details: { organizationId: "o-1" },
};

describe("discover output", () => {
  it("without a stack it says managed is unknown, and prints the URL's host only", () => {
    const text = renderDiscover({ found: [polytomic], skipped: [{ vendor: "talkover", reason: "no agent id" }], comparedWithStack: false });
    expect(text.split("\n")[0]).toBe("Discovered 1 webhook (no --stack given, so none is marked as managed).");
    expect(text).toContain("Talkover: not listed (no agent id)");
    expect(text).toContain('endpoint: config.requireSecret("polytomic-p-1-url"), // delivers to hooks.example.com');
    expect(text).toContain('secret: config.requireSecret("polytomic-p-1-secret")');
    expect(text).toContain("enabled: false,");
    expect(text).not.toContain("T0/B0/XXXX");
  });

  it("--show-urls puts the URL in the declaration", () => {
    expect(declaration(polytomic, true)).toContain('endpoint: "https://hooks.example.com/services/T0/B0/XXXX",');
  });
});
