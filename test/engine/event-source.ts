/** The test engine behind the `EventSource` interface that `plan` and `drift` use. */
import type { EventSource } from "../../provider/gitops/source";
import type { TestEngine } from "./index";

export function engineSource(engine: TestEngine): EventSource {
  return {
    preview: async (onEvent) => {
      await engine.preview({ onEvent });
    },
    refreshPreview: async (onEvent) => {
      await engine.refresh({ previewOnly: true, onEvent });
    },
  };
}
