/**
 * One operation's steps, with the engine's semantics: check → diff → same / update /
 * replace (create-before-delete unless deleteBeforeReplace) for each registration, deletes
 * of what is no longer declared, unknowns only in preview, secrets stripped before and
 * re-marked after provider calls, ignoreChanges and protect honoured. State is saved after
 * every step, so a failure leaves what was done recorded.
 */
import { EventLog, type Step } from "./events";
import { InitError, type ProviderHost } from "./provider-host";
import type { ResourceState, StateFile } from "./state";
import { changedKeys, masked, plain, remarkSecrets, secretKeysOf, type Props } from "./values";

export interface Registration {
  type: string;
  name: string;
  parent?: string;
  custom: boolean;
  inputs: Props;
  protect: boolean;
  dependencies: string[];
  deleteBeforeReplace: boolean;
  ignoreChanges: string[];
  additionalSecretOutputs: string[];
}

export interface DeploymentOptions {
  preview: boolean;
  stack: string;
  project: string;
  old: ResourceState[];
  state: StateFile;
  log: EventLog;
  provider: () => Promise<ProviderHost>;
}

const isDynamic = (type: string) => type.startsWith("pulumi-nodejs:dynamic");

export class Deployment {
  readonly steps: Step[] = [];
  private readonly current = new Map<string, ResourceState>();
  private readonly seen = new Set<string>();
  private readonly oldByUrn: Map<string, ResourceState>;
  stackOutputs: Props = {};

  constructor(private readonly o: DeploymentOptions) {
    this.oldByUrn = new Map(o.old.map((r) => [r.urn, r]));
    for (const r of o.old) this.current.set(r.urn, r);
  }

  urnOf(type: string, name: string, parent?: string): string {
    const parentType = parent && this.current.get(parent)?.type;
    const chain = parentType && parentType !== "pulumi:pulumi:Stack" ? `${parentType}$${type}` : type;
    return `urn:pulumi:${this.o.stack}::${this.o.project}::${chain}::${name}`;
  }

  resources(): ResourceState[] {
    return [...this.current.values()];
  }

  private lastSave = 0;

  /**
   * Saves after a step, at most every 250 ms (rewriting the whole file after each of
   * 1000 steps would make the stand-in quadratic); `flush` saves unconditionally.
   */
  private save(): void {
    if (Date.now() - this.lastSave >= 250) this.flush();
  }

  flush(): void {
    if (this.o.preview) return;
    this.o.state.save(this.o.stack, this.resources());
    this.lastSave = Date.now();
  }

  private record(step: Step): void {
    this.steps.push(step);
  }

  async register(r: Registration): Promise<{ urn: string; id: string; outputs: Props }> {
    const urn = this.urnOf(r.type, r.name, r.parent);
    this.seen.add(urn);
    if (!r.custom || !isDynamic(r.type)) {
      // The stack and component resources: nothing to call, recorded as they are.
      this.current.set(urn, { urn, type: r.type, custom: r.custom, inputs: r.inputs, outputs: this.current.get(urn)?.outputs ?? {}, parent: r.parent });
      return { urn, id: "", outputs: {} };
    }
    const old = this.oldByUrn.get(urn);
    let news = r.inputs;
    if (old && r.ignoreChanges.length) {
      news = { ...news };
      for (const key of r.ignoreChanges) if (key in old.inputs) news[key] = old.inputs[key];
    }
    const provider = await this.o.provider();
    const secretInputs = secretKeysOf(news);
    const checked = await provider.check(urn, old ? plain(old.inputs) as Props : {}, plain(news) as Props);
    if (checked.failures.length) {
      throw new Error(`${urn}: ${checked.failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
    }
    const inputs = remarkSecrets(checked.inputs, secretInputs);
    const secretOutputs = new Set([...secretInputs, ...r.additionalSecretOutputs]);
    const base = { urn, type: r.type, custom: true, parent: r.parent, dependencies: r.dependencies, protect: r.protect, additionalSecretOutputs: r.additionalSecretOutputs };
    const name = r.name;

    if (!old) return this.create(base, name, inputs, secretOutputs);

    const diff = await provider.diff(urn, old.id ?? "", plain(old.outputs) as Props, plain(inputs) as Props, plain(old.inputs) as Props, r.ignoreChanges);
    const diffs = changedKeys(old.inputs, inputs);
    const changes = diff.changes ?? diffs.length > 0;
    if (!changes) {
      this.o.log.step("resourcePreEvent", "same", urn, r.type, { ...old }, { ...old, inputs });
      this.record({ urn, type: r.type, name, op: "same", diffs: [], replaces: [] });
      this.current.set(urn, { ...old, ...base, inputs });
      this.o.log.step("resOutputsEvent", "same", urn, r.type, { ...old }, { ...old, inputs });
      this.save();
      return { urn, id: old.id ?? "", outputs: old.outputs };
    }
    if (diff.replaces.length > 0) return this.replace(old, base, name, news, secretOutputs, diff.replaces, diffs, diff.deleteBeforeReplace || r.deleteBeforeReplace);

    const step: Step = { urn, type: r.type, name, op: "update", diffs, replaces: [], old: pick(old.inputs, diffs), new: pick(inputs, diffs) };
    this.o.log.step("resourcePreEvent", "update", urn, r.type, old, { id: old.id, inputs, outputs: old.outputs }, diffs);
    if (this.o.preview) {
      this.record(step);
      return { urn, id: old.id ?? "", outputs: { ...old.outputs, ...inputs } };
    }
    const outs = remarkSecrets(await provider.update(urn, old.id ?? "", plain(old.outputs) as Props, plain(inputs) as Props, plain(old.inputs) as Props), secretOutputs);
    const updated = { ...base, id: old.id, inputs, outputs: outs };
    this.current.set(urn, updated);
    this.record(step);
    this.o.log.step("resOutputsEvent", "update", urn, r.type, old, updated, diffs);
    this.save();
    return { urn, id: old.id ?? "", outputs: outs };
  }

  private async create(base: Omit<ResourceState, "id" | "inputs" | "outputs">, name: string, inputs: Props, secretOutputs: Set<string>, op = "create") {
    const { urn, type } = base;
    this.o.log.step("resourcePreEvent", op, urn, type, undefined, { inputs, outputs: {} });
    const step: Step = { urn, type, name, op, diffs: Object.keys(inputs).filter((k) => k !== "__provider"), replaces: [], new: masked(inputs) as Props };
    if (this.o.preview) {
      this.record(step);
      return { urn, id: "", outputs: inputs };
    }
    const provider = await this.o.provider();
    try {
      const created = await provider.create(urn, plain(inputs) as Props);
      const state = { ...base, id: created.id, inputs, outputs: remarkSecrets(created.outputs, secretOutputs) };
      this.current.set(urn, state);
      this.record(step);
      this.o.log.step("resOutputsEvent", op, urn, type, undefined, state);
      this.save();
      return { urn, id: created.id, outputs: state.outputs };
    } catch (err) {
      if (err instanceof InitError) {
        // Created but failed: recorded with what the provider reported, so it is not leaked.
        this.current.set(urn, { ...base, id: err.id, inputs, outputs: remarkSecrets(err.properties, secretOutputs) });
        this.save();
      }
      throw err;
    }
  }

  private async replace(old: ResourceState, base: Omit<ResourceState, "id" | "inputs" | "outputs">, name: string, news: Props, secretOutputs: Set<string>, replaces: string[], diffs: string[], deleteFirst: boolean) {
    const { urn, type } = base;
    if (old.protect) throw new Error(`${urn}: cannot replace a protected resource (${replaces.join(", ")} changed)`);
    const provider = await this.o.provider();
    // A replacement is checked as a new resource: no old inputs.
    const rechecked = await provider.check(urn, {}, plain(news) as Props);
    const inputs = remarkSecrets(rechecked.inputs, secretKeysOf(news));
    this.o.log.step("resourcePreEvent", "replace", urn, type, old, { inputs, outputs: {} }, diffs, replaces);
    const step: Step = { urn, type, name, op: "replace", diffs, replaces, old: pick(old.inputs, diffs), new: pick(inputs, diffs) };
    if (this.o.preview) {
      this.record(step);
      return { urn, id: "", outputs: inputs };
    }
    if (deleteFirst) await this.deleteOne(old, "delete-replaced");
    const created = await this.create(base, name, inputs, secretOutputs, "create-replacement");
    if (!deleteFirst) await this.deleteOne(old, "delete-replaced", false);
    this.record(step);
    this.o.log.step("resOutputsEvent", "replace", urn, type, old, this.current.get(urn), diffs, replaces);
    return created;
  }

  private async deleteOne(r: ResourceState, op = "delete", forget = true): Promise<void> {
    if (r.protect && op === "delete") throw new Error(`${r.urn}: cannot delete a protected resource; unprotect it first`);
    this.o.log.step("resourcePreEvent", op, r.urn, r.type, r);
    const name = r.urn.slice(r.urn.lastIndexOf("::") + 2);
    if (!this.o.preview && r.custom && isDynamic(r.type)) {
      await (await this.o.provider()).delete(r.urn, r.id ?? "", plain(r.outputs) as Props, plain(r.inputs) as Props);
    }
    if (forget) this.current.delete(r.urn);
    this.steps.push({ urn: r.urn, type: r.type, name, op, diffs: [], replaces: [], old: masked(r.inputs) as Props });
    this.o.log.step("resOutputsEvent", op, r.urn, r.type, r);
    this.save();
  }

  /** After the program: delete what it no longer declares, dependents first. */
  async finish(): Promise<void> {
    const gone = this.o.old.filter((r) => !this.seen.has(r.urn)).reverse();
    for (const r of gone) await this.deleteOne(r);
  }

  /** `pulumi destroy`: everything, dependents first. */
  async destroyAll(): Promise<void> {
    for (const r of [...this.current.values()].reverse()) await this.deleteOne(r);
  }

  /** `pulumi refresh`: read every resource; an empty id means gone. */
  async refreshAll(): Promise<void> {
    for (const r of [...this.current.values()]) {
      if (!r.custom || !isDynamic(r.type)) continue;
      const name = r.urn.slice(r.urn.lastIndexOf("::") + 2);
      this.o.log.step("resourcePreEvent", "refresh", r.urn, r.type, r, r);
      const read = await (await this.o.provider()).read(r.urn, r.id ?? "", plain(r.outputs) as Props, plain(r.inputs) as Props);
      if (!read.id) {
        if (!this.o.preview) this.current.delete(r.urn);
        this.steps.push({ urn: r.urn, type: r.type, name, op: "delete", diffs: [], replaces: [], old: masked(r.inputs) as Props });
        this.o.log.step("resOutputsEvent", "delete", r.urn, r.type, r);
        continue;
      }
      const secretOutputs = new Set([...secretKeysOf(r.outputs), ...(r.additionalSecretOutputs ?? [])]);
      const outputs = remarkSecrets(read.outputs, secretOutputs);
      const inputs = read.inputs ? remarkSecrets(read.inputs, secretKeysOf(r.inputs)) : r.inputs;
      const next = { ...r, id: read.id, outputs, inputs };
      const diffs = changedKeys(r.inputs, inputs);
      const outputDiffs = changedKeys(r.outputs, outputs);
      this.steps.push({ urn: r.urn, type: r.type, name, op: diffs.length || outputDiffs.length ? "update" : "same", diffs, replaces: [], old: pick(r.inputs, diffs), new: pick(inputs, diffs) });
      this.o.log.step("resOutputsEvent", "refresh", r.urn, r.type, r, next, diffs);
      if (!this.o.preview) this.current.set(r.urn, next);
    }
    this.save();
  }
}

function pick(props: Props, keys: string[]): Props {
  return masked(Object.fromEntries(keys.map((k) => [k, props[k]]))) as Props;
}
