/** Engine events in the shape of the Automation API's `EngineEvent`, and the steps a run reports. */
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { masked, type Props } from "./values";

export type { EngineEvent };

export interface Step {
  urn: string;
  type: string;
  name: string;
  op: string;
  /** Changed input properties (for update/replace); the replacing ones for a replace are in `replaces`. */
  diffs: string[];
  replaces: string[];
  /** Old → new input values for display, secrets as "[secret]". */
  old?: Props;
  new?: Props;
}

export interface StateMeta {
  id?: string;
  inputs: Props;
  outputs: Props;
  parent?: string;
}

export class EventLog {
  readonly events: EngineEvent[] = [];
  private sequence = 0;

  constructor(private readonly onEvent?: (e: EngineEvent) => void) {}

  emit(event: Omit<EngineEvent, "sequence" | "timestamp">): void {
    const e = { sequence: this.sequence++, timestamp: Math.floor(Date.now() / 1000), ...event } as EngineEvent;
    this.events.push(e);
    this.onEvent?.(e);
  }

  /** resourcePreEvent / resOutputsEvent with old/new state metadata, secrets masked. */
  step(kind: "resourcePreEvent" | "resOutputsEvent", op: string, urn: string, type: string, old?: StateMeta, next?: StateMeta, diffs?: string[], keys?: string[]): void {
    const meta = (s?: StateMeta) =>
      s && { type, urn, id: s.id ?? "", parent: s.parent ?? "", custom: true, inputs: masked(s.inputs) as Props, outputs: masked(s.outputs) as Props, provider: "" };
    this.emit({ [kind]: { metadata: { op: op as never, urn, type, old: meta(old), new: meta(next), diffs, keys, provider: "" } } });
  }

  diagnostic(severity: "info" | "warning" | "error", message: string, urn?: string): void {
    this.emit({ diagnosticEvent: { severity, message, color: "never", urn } });
  }
}
