import { defineConfig } from "vitest/config";

// Tests live in test/; the Pulumi programs they drive run in child processes under plain
// Node (vitest's transform breaks Pulumi's closure serialization), so vitest only
// orchestrates and asserts.
export default defineConfig({
  test: {
    root: new URL("..", import.meta.url).pathname,
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    // Real-engine steps run several `pulumi` operations; on a loaded 2-core machine one step
    // has taken close to a minute, so the limit leaves room without hiding a hang.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: "forks",
    // Real-engine suites spend most of their time waiting on child processes (the CLI, the
    // program, the provider) and the rate-limit run waits on pacing: two files at a time on
    // two cores took the warm `.ci/run` from 620 s to 510 s (vitest's default here is one).
    maxWorkers: 2,
  },
});
