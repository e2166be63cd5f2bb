/** The vendors' data: seeded fixtures, reset, and an optional JSON file that survives restarts. */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { SandboxVendor } from "./types";

export class Store {
  data: Record<string, unknown> = {};

  constructor(private readonly vendors: SandboxVendor[], private readonly file?: string) {
    if (file && existsSync(file)) {
      const saved = JSON.parse(readFileSync(file, "utf8")) as { vendors?: Record<string, unknown> };
      this.data = saved.vendors ?? {};
    }
    for (const v of vendors) this.data[v.name] ??= v.seed();
  }

  reset(): void {
    for (const v of this.vendors) this.data[v.name] = v.seed();
    this.save();
  }

  /** Written after every change, atomically, when a state file was given. */
  save(): void {
    if (!this.file) return;
    const tmp = `${this.file}.tmp-${process.pid}`;
    writeFileSync(tmp, JSON.stringify({ version: 1, vendors: this.data }));
    renameSync(tmp, this.file);
  }
}
