/**
 * Loads the built package the way the dynamic-provider process does: the provider object
 * of a resource (core/shim) forwarding to `pulumi-webhooks/runtime` by package name.
 */
import { createRequire } from "node:module";
import type * as pulumi from "@pulumi/pulumi";

const req = createRequire(import.meta.url);

export type Provider = Required<pulumi.dynamic.ResourceProvider>;
export type Props = Record<string, any>;

/**
 * A resource's provider object after the host's first step: `configure` with the stack
 * config (which attaches the other methods, as in the dynamic-provider process).
 */
export async function providerFor(vendor: string, config: Record<string, string> = {}): Promise<Provider> {
  const { providerFor } = req("../../provider/dist/core/shim.js");
  const provider = providerFor(vendor);
  await provider.configure({ config: { get: (key: string) => config[key], require: (key: string) => config[key] } });
  return provider;
}

/** check, failing the test on check failures. */
export async function checked(provider: Provider, news: Props, olds: Props = {}): Promise<Props> {
  const result = await provider.check(olds, news);
  if (result.failures?.length) throw new Error(`check failed: ${JSON.stringify(result.failures)}`);
  return result.inputs as Props;
}

/** check + create, as `pulumi up` does for a new resource. */
export async function created(provider: Provider, news: Props): Promise<{ id: string; outs: Props }> {
  const inputs = await checked(provider, news);
  const result = await provider.create(inputs);
  return { id: result.id, outs: result.outs as Props };
}

/** check + diff + update, as `pulumi up` does for a changed resource; returns the diff too. */
export async function updated(provider: Provider, id: string, olds: Props, news: Props) {
  const inputs = await checked(provider, news, olds);
  const diff = await provider.diff(id, olds, inputs);
  const result = await provider.update(id, olds, inputs);
  return { diff, outs: result.outs as Props };
}
