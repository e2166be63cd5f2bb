/**
 * pulumi-webhooks: webhook subscriptions at SaaS vendors as Pulumi resources.
 *
 * @example
 * import { talkover, polytomic, shodai, sigmamind, autocalls } from "pulumi-webhooks";
 */
export * as autocalls from "./vendors/autocalls/resource";
export * as polytomic from "./vendors/polytomic/resource";
export * as shodai from "./vendors/shodai/resource";
export * as sigmamind from "./vendors/sigmamind/resource";
export * as talkover from "./vendors/talkover/resource";
