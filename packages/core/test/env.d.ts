import type { AppWithPlugins, CounterWithVisits, NoStudioDO, SmallLogDO, StudioTodoDO, TodoDO, VersionedDO } from "./worker.js";

declare global {
  namespace Cloudflare {
    interface Env {
      TODO: DurableObjectNamespace<TodoDO>;
      VERSIONED: DurableObjectNamespace<VersionedDO>;
      WITH_PLUGINS: DurableObjectNamespace<AppWithPlugins>;
      PLAIN: DurableObjectNamespace<CounterWithVisits>;
      SMALL_LOG: DurableObjectNamespace<SmallLogDO>;
      STUDIO_TODO: DurableObjectNamespace<StudioTodoDO>;
      NO_STUDIO: DurableObjectNamespace<NoStudioDO>;
      STUDIO_TOKEN: string;
      STUDIO_READONLY_TOKEN: string;
      STUDIO_TOKEN_UNSET?: string;
    }
  }
}
