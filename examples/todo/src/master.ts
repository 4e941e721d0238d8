import { MasterDO } from "@userdo/core";

/**
 * Every user's todos, replicated (with `_source`, the user's id). It accepts
 * only the `todo` table.
 *
 * @example
 * ```ts
 * const open = await masterShards(env.MASTER).count("todo", { done: 0 });
 * ```
 */
export class Master extends MasterDO<Env> {
  static override acceptedTables = ["todo"];
}
