import { PROFILE_TABLE } from "@userdo/auth";
import { MasterDO } from "@userdo/core";

/**
 * The aggregate of every user's replicated rows: the registry of users, their
 * profiles and billing totals. It accepts only the tables the plugins
 * replicate, so a mistake in a user class cannot pour other data into it.
 *
 * @example
 * ```ts
 * const users = await masterShards(env.MASTER).sources({ orderBy: "last_seen", direction: "desc" });
 * ```
 */
export class Master extends MasterDO<Env> {
  static override acceptedTables = [PROFILE_TABLE, "_userdo_billing_account", "_userdo_billing_sponsorships"];
}
