import { defineConfig } from "vitest/config";

// Tests live in test/; the Pulumi programs they drive run in child processes under plain
// Node (vitest's transform breaks Pulumi's closure serialization), so vitest only
// orchestrates and asserts.
export default defineConfig({
  test: {
    root: new URL("..", import.meta.url).pathname,
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
