import type { LogRetention } from "../log/log-plugin.js";
import type { Migration } from "../migrations/migration.js";
import type { Plugin } from "../plugin/plugin.js";
import type { ReplicationConfig } from "../replication/replication-types.js";
import type { TaskHandlerMap } from "../scheduler/task-types.js";

/** The static configuration a class with plugins (or a UserDO) declares. */
export interface ObjectClassConfig {
  readonly migrations?: readonly Migration[] | undefined;
  readonly plugins?: readonly Plugin<string, any>[] | undefined;
  readonly logRetention?: Partial<LogRetention> | undefined;
  /** The class's own scheduled tasks, by name; `this` is the object. */
  readonly tasks?: TaskHandlerMap | undefined;
  /** Which tables copy to a master (or another sink). */
  readonly replication?: ReplicationConfig | undefined;
}
