import { quoteId } from "../replication/capture.js";
import { TRIGGER_PREFIX } from "../replication/replication-state.js";

/** A trigger of the app's schema, as `sqlite_schema` keeps it. */
export interface SavedTrigger {
  readonly name: string;
  readonly sql: string;
}

/**
 * Drops the app's own triggers for an import and answers them: the export
 * already holds what they wrote (an aggregate a trigger keeps, say), so
 * firing them again for each imported row would count twice. Replication's
 * capture triggers stay: imported rows replicate. `restoreTriggers` puts
 * them back in the import's last transaction; if the import fails or is cut
 * short, the wipe that follows migrates the object afresh, triggers included.
 */
export function suspendTriggers(sql: SqlStorage): SavedTrigger[] {
  const triggers = sql
    .exec<{ name: string; sql: string }>(
      "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND substr(name, 1, ?) <> ?",
      TRIGGER_PREFIX.length,
      TRIGGER_PREFIX,
    )
    .toArray();
  for (const { name } of triggers) sql.exec(`DROP TRIGGER ${quoteId(name)}`);
  return triggers;
}

/** Creates the suspended triggers again. */
export function restoreTriggers(sql: SqlStorage, triggers: readonly SavedTrigger[]): void {
  for (const trigger of triggers) sql.exec(trigger.sql);
}
