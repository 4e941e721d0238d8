import type { AppWithPlugins, CounterWithVisits, SmallLogDO, TodoDO, VersionedDO } from "./worker.js";

declare global {
  namespace Cloudflare {
    interface Env {
      TODO: DurableObjectNamespace<TodoDO>;
      VERSIONED: DurableObjectNamespace<VersionedDO>;
      WITH_PLUGINS: DurableObjectNamespace<AppWithPlugins>;
      PLAIN: DurableObjectNamespace<CounterWithVisits>;
      SMALL_LOG: DurableObjectNamespace<SmallLogDO>;
    }
  }
}
