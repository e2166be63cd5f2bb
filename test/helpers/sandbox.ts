/** Starts the sandbox on a free port and reads its control plane, as a test client would. */
import { startSandbox, type Sandbox, type SandboxOptions } from "../../provider/sandbox/index";

export type { Sandbox };

export interface LoggedRequest {
  seq: number;
  vendor: string;
  method: string;
  path: string;
  query?: Record<string, string>;
  status: number;
  requestBody?: any;
}

export async function start(opts: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ port: 0, host: "127.0.0.1", ...opts });
}

async function control(sb: Sandbox, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${sb.url}/_sandbox${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`sandbox ${method} ${path}: ${res.status} ${await res.text()}`);
  const text = await res.text();
  return text ? JSON.parse(text) : undefined;
}

export const reset = (sb: Sandbox) => control(sb, "POST", "/reset");
export const fixtures = (sb: Sandbox) => control(sb, "GET", "/fixtures");
export const injectFault = (sb: Sandbox, fault: Record<string, unknown>) => control(sb, "POST", "/faults", fault);

/** The vendor requests logged after `since` (a sequence number), oldest first. */
export async function requestsSince(sb: Sandbox, since: number, vendor?: string): Promise<LoggedRequest[]> {
  const query = new URLSearchParams({ since: String(since), ...(vendor ? { vendor } : {}) });
  return (await control(sb, "GET", `/requests?${query}`)).requests;
}

/** The sequence number of the newest logged request, to count what comes after it. */
export async function mark(sb: Sandbox): Promise<number> {
  const all: LoggedRequest[] = (await control(sb, "GET", "/requests")).requests;
  return all.length ? all[all.length - 1].seq : 0;
}

/** "METHOD path" of each request: the shape most assertions compare. */
export const calls = (requests: LoggedRequest[]) => requests.map((r) => `${r.method} ${r.path}`);

const AUTH: Record<string, Record<string, string>> = {
  talkover: { authorization: "Bearer sandbox-token" },
  polytomic: { authorization: "Bearer sandbox-token", "x-polytomic-version": "2025-09-18" },
  shodai: { "x-api-key": "sandbox-token" },
  sigmamind: { "x-api-key": "sandbox-token" },
  autocalls: { authorization: "Bearer sandbox-token" },
};

/** A direct call to a vendor API of the sandbox: how tests make changes "by hand". */
export async function byHand(sb: Sandbox, vendor: keyof Sandbox["baseUrls"], method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${sb.baseUrls[vendor]}${path}`, {
    method,
    headers: { ...AUTH[vendor], ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Stack config that points a vendor at this sandbox with its default token. */
export function sandboxConfig(sb: Sandbox, vendor: string): Record<string, string> {
  const credential = { talkover: "apiToken", autocalls: "apiToken" }[vendor] ?? "apiKey";
  return { [`${vendor}:${credential}`]: "sandbox-token", [`${vendor}:baseUrl`]: sb.baseUrls[vendor as keyof Sandbox["baseUrls"]] };
}
