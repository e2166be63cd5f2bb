/** The control plane under /_sandbox: fixtures, request log, reset, faults, rate limits, tokens. */
import type { SandboxServer } from "./server";
import { isObject, json, type SandboxReply, type VendorName } from "./types";

function parse(raw: string): unknown {
  try {
    return raw.trim() ? JSON.parse(raw) : {};
  } catch {
    return undefined;
  }
}

export function handleControl(sb: SandboxServer, method: string, url: URL, raw: string): SandboxReply {
  const path = url.pathname.replace(/\/+$/, "");
  const body = parse(raw);
  if (body === undefined) return json(400, { message: "control requests take a JSON body" });
  const vendorNames = sb.vendors.map((v) => v.name) as string[];
  const knownVendor = (v: unknown): v is VendorName => typeof v === "string" && vendorNames.includes(v);

  switch (`${method} ${path}`) {
    case "GET /_sandbox/fixtures":
      return json(200, {
        token: sb.tokens[0],
        ...Object.fromEntries(sb.vendors.map((v) => [v.name, v.fixtures(sb.store.data[v.name])])),
      });
    case "GET /_sandbox/requests": {
      const vendor = url.searchParams.get("vendor");
      const since = Number(url.searchParams.get("since") ?? 0);
      return json(200, { requests: sb.log.filter((r) => r.seq > since && (!vendor || r.vendor === vendor)) });
    }
    case "DELETE /_sandbox/requests":
      sb.log = [];
      return json(204);
    case "POST /_sandbox/reset":
      sb.resetAll();
      return json(204);
    case "GET /_sandbox/faults":
      return json(200, { faults: sb.faults.list() });
    case "DELETE /_sandbox/faults":
      sb.faults.clear();
      return json(204);
    case "POST /_sandbox/faults": {
      if (!isObject(body) || !knownVendor(body.vendor)) return json(400, { message: `vendor must be one of ${vendorNames.join(", ")}` });
      try {
        const fault = sb.faults.add(body as never);
        return json(201, { id: fault.id });
      } catch (err) {
        return json(400, { message: `invalid fault: ${(err as Error).message}` });
      }
    }
    case "POST /_sandbox/rate-limits": {
      if (!isObject(body) || !knownVendor(body.vendor)) return json(400, { message: `vendor must be one of ${vendorNames.join(", ")}` });
      try {
        sb.rateLimits.set(body.vendor, { limit: Number(body.limit), windowMs: Number(body.windowMs) });
        return json(204);
      } catch (err) {
        return json(400, { message: (err as Error).message });
      }
    }
    case "DELETE /_sandbox/rate-limits":
      sb.rateLimits.clear(url.searchParams.get("vendor") ?? undefined);
      return json(204);
    case "POST /_sandbox/tokens": {
      const tokens = isObject(body) ? body.tokens : undefined;
      if (!Array.isArray(tokens) || tokens.length === 0 || tokens.some((t) => typeof t !== "string" || !t)) return json(400, { message: "tokens must be a non-empty list of strings" });
      sb.tokens = tokens as string[];
      return json(204);
    }
    default:
      return json(404, { message: `no control endpoint ${method} ${path}` });
  }
}
