/** The five emulated vendors, each declared in its own folder's sandbox-routes.ts. */
import { autocallsSandbox } from "../vendors/autocalls/sandbox-routes";
import { polytomicSandbox } from "../vendors/polytomic/sandbox-routes";
import { shodaiSandbox } from "../vendors/shodai/sandbox-routes";
import { sigmamindSandbox } from "../vendors/sigmamind/sandbox-routes";
import { talkoverSandbox } from "../vendors/talkover/sandbox-routes";
import type { SandboxVendor } from "./types";

export const VENDORS = [talkoverSandbox, polytomicSandbox, shodaiSandbox, sigmamindSandbox, autocallsSandbox] as unknown as SandboxVendor[];
