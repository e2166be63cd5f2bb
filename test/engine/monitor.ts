/**
 * The gRPC services a Pulumi language host talks to: ResourceMonitor (registrations) and
 * Engine (logs, root resource), served on 127.0.0.1:0 for one program run.
 */
import { createRequire } from "node:module";
import type { Deployment, Registration } from "./deployment";
import type { EventLog } from "./events";
import { fromWire, toWire, type Props } from "./values";

const req = createRequire(__filename);
const grpc = req("@grpc/grpc-js");
const resproto = req("@pulumi/pulumi/proto/resource_pb.js");
const resrpc = req("@pulumi/pulumi/proto/resource_grpc_pb.js");
const engrpc = req("@pulumi/pulumi/proto/engine_grpc_pb.js");
const engproto = req("@pulumi/pulumi/proto/engine_pb.js");
const emptyproto = req("google-protobuf/google/protobuf/empty_pb.js");
const { Struct } = req("google-protobuf/google/protobuf/struct_pb.js");

const SUPPORTED = new Set(["secrets"]);
const SEVERITY = ["info", "info", "warning", "error"] as const;

export interface Servers {
  monitorAddress: string;
  engineAddress: string;
  /** The first error a registration failed with. */
  failure?: Error;
  close(): Promise<void>;
}

export async function startServers(deployment: () => Deployment | undefined, log: EventLog): Promise<Servers> {
  const servers: Servers = { monitorAddress: "", engineAddress: "", close: async () => {} };
  let rootUrn = "";
  const monitor = new grpc.Server();
  monitor.addService(resrpc.ResourceMonitorService, {
    supportsFeature(call: any, cb: any) {
      const res = new resproto.SupportsFeatureResponse();
      res.setHassupport(SUPPORTED.has(call.request.getId()));
      cb(null, res);
    },
    async registerResource(call: any, cb: any) {
      const r = call.request;
      const registration: Registration = {
        type: r.getType(), name: r.getName(), parent: r.getParent() || undefined, custom: r.getCustom(),
        inputs: fromWire(r.getObject()?.toJavaScript() ?? {}) as Props, protect: r.getProtect(), dependencies: r.getDependenciesList(),
        deleteBeforeReplace: r.getDeletebeforereplace(), ignoreChanges: r.getIgnorechangesList(), additionalSecretOutputs: r.getAdditionalsecretoutputsList(),
      };
      try {
        const result = await deployment()!.register(registration);
        if (registration.type === "pulumi:pulumi:Stack") rootUrn = result.urn;
        const res = new resproto.RegisterResourceResponse();
        res.setUrn(result.urn);
        res.setId(result.id);
        res.setObject(Struct.fromJavaScript(toWire(result.outputs, r.getAcceptsecrets()) as Props));
        cb(null, res);
      } catch (err) {
        servers.failure ??= err as Error;
        log.diagnostic("error", (err as Error).message);
        cb({ code: grpc.status.UNKNOWN, details: (err as Error).message });
      }
    },
    registerResourceOutputs(call: any, cb: any) {
      const d = deployment();
      if (d && call.request.getUrn() === rootUrn) d.stackOutputs = fromWire(call.request.getOutputs()?.toJavaScript() ?? {}) as Props;
      cb(null, new emptyproto.Empty());
    },
    signalAndWaitForShutdown(_call: any, cb: any) {
      cb(null, new emptyproto.Empty());
    },
  });
  const engine = new grpc.Server();
  engine.addService(engrpc.EngineService, {
    log(call: any, cb: any) {
      const severity = SEVERITY[call.request.getSeverity()] ?? "info";
      if (call.request.getSeverity() > 0) log.diagnostic(severity, call.request.getMessage(), call.request.getUrn() || undefined);
      cb(null, new emptyproto.Empty());
    },
    getRootResource(_call: any, cb: any) {
      const res = new engproto.GetRootResourceResponse();
      res.setUrn(rootUrn);
      cb(null, res);
    },
    setRootResource(call: any, cb: any) {
      rootUrn = call.request.getUrn();
      cb(null, new engproto.SetRootResourceResponse());
    },
  });
  const bind = (server: any) =>
    new Promise<string>((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err: Error | null, port: number) => (err ? reject(err) : resolve(`127.0.0.1:${port}`))),
    );
  servers.monitorAddress = await bind(monitor);
  servers.engineAddress = await bind(engine);
  servers.close = async () => {
    monitor.forceShutdown();
    engine.forceShutdown();
  };
  return servers;
}
