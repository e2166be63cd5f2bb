/**
 * The provider object every resource registers with — the part Pulumi serializes into
 * state as `__provider`. It holds no vendor logic and only one method: `configure`, which
 * the dynamic-provider host calls once, right after loading the object and before any
 * other method (cmd/dynamic-provider getProvider). It loads the runtime by package name
 * and attaches check/diff/create/read/update/delete to the object.
 *
 * Why: every serialized function costs ~200 bytes of wrapper in every resource's state, so
 * one method keeps `__provider` a few hundred bytes; credentials, zod schemas and HTTP
 * agents stay out of state; and a fixed `read` or `delete` in a newer package version
 * applies to resources created by an older one (refresh and destroy run the code stored
 * in state: pulumi/pulumi#6238).
 *
 * Keep the `require` call literal: the closure serializer writes it as text, and the
 * dynamic-provider process resolves "pulumi-webhooks/runtime" from the project
 * directory's node_modules.
 */
import type * as pulumi from "@pulumi/pulumi";

export function providerFor(vendor: string): pulumi.dynamic.ResourceProvider {
  const provider = {
    configure(req: pulumi.dynamic.ConfigureRequest) {
      return require("pulumi-webhooks/runtime").attach(this, vendor, req);
    },
  };
  // The CRUD methods exist once configure has run; the SDK only ever calls them after it.
  return provider as unknown as pulumi.dynamic.ResourceProvider;
}
