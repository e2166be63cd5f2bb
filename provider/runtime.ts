/**
 * The implementation behind every resource's provider object, loaded by package name in
 * the dynamic-provider process (`require("pulumi-webhooks/runtime")`). It maps Pulumi's
 * calls onto the vendor adapters through the shared check / diff mechanisms.
 * Nothing here is serialized into state.
 */
import type { Props, VendorAdapter, VendorName } from "./core/adapter";
import { checkInputs } from "./core/check";
import { setStackConfig, type StackConfig } from "./core/config";
import { changedInputs, diffInputs } from "./core/diff";
import { setLogger } from "./core/log";
import { compact } from "./core/operation";

/**
 * Each vendor's adapter (its schema, API calls and zod answer shapes) is loaded on first
 * use: a stack of Talkover webhooks never loads the other four (issue 14, profile in the
 * README's Performance section).
 */
const loaders: Record<VendorName, () => VendorAdapter> = {
  talkover: () => (require("./vendors/talkover/adapter") as typeof import("./vendors/talkover/adapter")).talkoverAdapter as unknown as VendorAdapter,
  polytomic: () => (require("./vendors/polytomic/adapter") as typeof import("./vendors/polytomic/adapter")).polytomicAdapter as unknown as VendorAdapter,
  shodai: () => (require("./vendors/shodai/adapter") as typeof import("./vendors/shodai/adapter")).shodaiAdapter as unknown as VendorAdapter,
  sigmamind: () => (require("./vendors/sigmamind/adapter") as typeof import("./vendors/sigmamind/adapter")).sigmamindAdapter as unknown as VendorAdapter,
  autocalls: () => (require("./vendors/autocalls/adapter") as typeof import("./vendors/autocalls/adapter")).autocallsAdapter as unknown as VendorAdapter,
};
const adapters: Partial<Record<VendorName, VendorAdapter>> = {};

/**
 * The adapter with its input schema built once per process: the schemas are pure values,
 * and building one (zod compiles its parser per schema object) cost more than the check
 * itself when done for every resource.
 */
function loaded(load: () => VendorAdapter): VendorAdapter {
  const adapter = load();
  let schema: ReturnType<VendorAdapter["schema"]> | undefined;
  return { ...adapter, schema: () => (schema ??= adapter.schema()) };
}

const PROVIDER_KEY = "__provider";

/**
 * Announcements (a long rate-limit wait) go to Pulumi's log, which reaches the engine when
 * there is one and the console otherwise. Loaded when first used, so core and the vendor
 * adapters stay free of @pulumi/pulumi.
 */
setLogger((message) => {
  let pulumi: { log: { warn(message: string): unknown } } | undefined;
  try {
    pulumi = require("@pulumi/pulumi");
  } catch {
    pulumi = undefined;
  }
  if (pulumi) void Promise.resolve(pulumi.log.warn(message)).catch(() => undefined);
  else process.stderr.write(`pulumi-webhooks: ${message}\n`);
});

function adapterFor(vendor: string): VendorAdapter {
  const load = Object.hasOwn(loaders, vendor) ? loaders[vendor as VendorName] : undefined;
  const adapter = load && (adapters[vendor as VendorName] ??= loaded(load));
  if (!adapter) throw new Error(`pulumi-webhooks: unknown vendor "${vendor}" (this state was written by a newer version?)`);
  return adapter;
}

/** Drops the serialized provider the dynamic-provider host adds to every property bag. */
function withoutProvider(props: Props | undefined): Props {
  const { [PROVIDER_KEY]: _provider, ...rest } = props ?? {};
  return rest;
}

export async function configure(req: { config: StackConfig }): Promise<void> {
  setStackConfig(req.config);
}

export async function check(vendor: string, _olds: Props, news: Props) {
  const { inputs, failures } = checkInputs(adapterFor(vendor), withoutProvider(news));
  return { inputs: compact(inputs), failures };
}

export async function diff(vendor: string, _id: string, olds: Props, news: Props) {
  return diffInputs(adapterFor(vendor).policy, olds, news);
}

export async function create(vendor: string, inputs: Props) {
  const { id, outs } = await adapterFor(vendor).create(withoutProvider(inputs));
  return { id, outs: compact(outs) };
}

export async function read(vendor: string, id: string, props: Props) {
  const adapter = adapterFor(vendor);
  const olds = withoutProvider(props);
  const outs = await adapter.read(id, olds);
  // An empty id tells the engine the webhook is gone, so refresh drops it from state.
  if (!outs) return { id: "", props: {} };
  return { id, props: compact(outs), inputs: inputsFromOutputs(adapter, outs, olds) };
}

export async function update(vendor: string, id: string, olds: Props, news: Props) {
  const adapter = adapterFor(vendor);
  const oldOuts = withoutProvider(olds);
  const newInputs = withoutProvider(news);
  const outs = await adapter.update(id, oldOuts, newInputs, changedInputs(adapter.policy, oldOuts, newInputs));
  return { outs: compact(outs) };
}

export async function remove(vendor: string, id: string, props: Props): Promise<void> {
  await adapterFor(vendor).delete(id, withoutProvider(props));
}

/**
 * Refreshed inputs, so a preview after refresh diffs against what the vendor has.
 * Create-only inputs (adoption) and write-only secrets come from state: the vendor cannot
 * report them, so they are never drift.
 */
function inputsFromOutputs(adapter: VendorAdapter, outs: Props, olds: Props): Props {
  const { policy } = adapter;
  const inputs: Props = {};
  for (const key of policy.inputs) {
    const fromState = policy.createOnly?.includes(key) || policy.writeOnly?.includes(key);
    const value = fromState ? olds[key] : outs[key];
    if (value !== undefined && value !== null) inputs[key] = value;
  }
  return inputs;
}

/**
 * Called by the serialized provider's `configure` (see core/shim): records the stack
 * config and gives the provider object its methods, bound to the vendor.
 */
export async function attach(provider: Record<string, unknown>, vendor: string, req: { config: StackConfig }): Promise<void> {
  adapterFor(vendor);
  await configure(req);
  Object.assign(provider, {
    check: (olds: Props, news: Props) => check(vendor, olds, news),
    diff: (id: string, olds: Props, news: Props) => diff(vendor, id, olds, news),
    create: (inputs: Props) => create(vendor, inputs),
    read: (id: string, props: Props) => read(vendor, id, props),
    update: (id: string, olds: Props, news: Props) => update(vendor, id, olds, news),
    delete: (id: string, props: Props) => remove(vendor, id, props),
  });
}
