/**
 * What the tools built from Go modules for the tests (the Pulumi CLI, actionlint) share:
 * where their builds are cached, finding executables on PATH, and a lock so that parallel
 * runs on one machine build once.
 */
import { mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";

/** `${XDG_CACHE_HOME:-~/.cache}/pulumi-webhooks/<parts…>`: outside any clone, so fresh clones reuse it. */
export function toolCacheDir(...parts: string[]): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "pulumi-webhooks", ...parts);
}

/** Every file of this name in the PATH directories, in PATH order. */
export function onPath(name: string): string[] {
  return (process.env.PATH ?? "")
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, name))
    .filter((file) => {
      try {
        return statSync(file).isFile();
      } catch {
        return false;
      }
    });
}

/**
 * A directory lock around a build of `what`. A lock older than `staleMs` is taken to be left
 * by a process that died and is removed. Returns the release function.
 */
export async function acquireBuildLock(lock: string, what: string, log: (line: string) => void, staleMs = 60 * 60_000): Promise<() => void> {
  let announced = false;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, "pid"), String(process.pid));
      return () => rmSync(lock, { recursive: true, force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      try {
        if (Date.now() - statSync(lock).mtimeMs > staleMs) {
          rmSync(lock, { recursive: true, force: true });
          continue;
        }
      } catch {
        continue;
      }
      if (!announced) log(`pulumi-webhooks: another process is building ${what} (${lock}); waiting`);
      announced = true;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}
