import type {
  D1TodoDO,
  FlakyMasterDO,
  LateTodoDO,
  MasterDO,
  RepTodoDO,
  ShardedTodoDO,
  StrictMasterDO,
} from "./replication-fixtures.js";
import type { AlarmClockWithTasks, SchedulerDO } from "./scheduler-fixtures.js";
import type {
  AppWithPlugins,
  CounterWithVisits,
  EmptyDO,
  NoStudioDO,
  SmallLogDO,
  StudioTodoDO,
  TodoDO,
  VersionedDO,
} from "./worker.js";

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
      SCHEDULER: DurableObjectNamespace<SchedulerDO>;
      ALARM_CLOCK: DurableObjectNamespace<AlarmClockWithTasks>;
      REP_TODO: DurableObjectNamespace<RepTodoDO>;
      SHARDED_TODO: DurableObjectNamespace<ShardedTodoDO>;
      LATE_TODO: DurableObjectNamespace<LateTodoDO>;
      MASTER: DurableObjectNamespace<FlakyMasterDO>;
      MASTER_SHARDED: DurableObjectNamespace<MasterDO>;
      D1_TODO: DurableObjectNamespace<D1TodoDO>;
      MASTER_STRICT: DurableObjectNamespace<StrictMasterDO>;
      EMPTY: DurableObjectNamespace<EmptyDO>;
      REPLICA_D1: D1Database;
      STUDIO_TOKEN: string;
      STUDIO_READONLY_TOKEN: string;
      STUDIO_TOKEN_UNSET?: string;
    }
  }
}
