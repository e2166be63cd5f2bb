/**
 * The sandbox: the five vendor APIs on one local port, for tests, demos and your own CI.
 *
 * @example
 * const sandbox = await startSandbox({ port: 0 });
 * // point talkover:baseUrl at sandbox.baseUrls.talkover, token "sandbox-token"
 * await sandbox.close();
 */
import { SandboxServer } from "./server";
import { Store } from "./store";
import type { VendorName } from "./types";
import { VENDORS } from "./vendors";

export type { VendorName };

export interface SandboxOptions {
  /** 0 picks a free port. Default 4010. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Keep the vendors' data in this JSON file across restarts. */
  stateFile?: string;
  /** Credentials accepted for every vendor. Default ["sandbox-token"]. */
  tokens?: string[];
  /** Per-vendor fixed-window rate limits. */
  rateLimits?: Partial<Record<VendorName, { limit: number; windowMs: number }>>;
}

export interface Sandbox {
  url: string;
  port: number;
  baseUrls: Record<VendorName, string>;
  close(): Promise<void>;
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const host = opts.host ?? "127.0.0.1";
  const server = new SandboxServer(VENDORS, new Store(VENDORS, opts.stateFile), opts.tokens ?? ["sandbox-token"]);
  for (const [vendor, limit] of Object.entries(opts.rateLimits ?? {})) server.rateLimits.set(vendor, limit);
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.server.listen(opts.port ?? 4010, host, () => resolve());
  });
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : Number(opts.port);
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  const baseUrls = Object.fromEntries(VENDORS.map((v) => [v.name, `${url}${v.basePath}`])) as Record<VendorName, string>;
  return {
    url,
    port,
    baseUrls,
    close: () =>
      new Promise<void>((resolve) => {
        server.server.close(() => resolve());
        server.destroySockets();
      }),
  };
}
