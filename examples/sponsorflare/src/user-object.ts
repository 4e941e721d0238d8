import { auth } from "@userdo/auth";
import { billing } from "@userdo/billing/auth";
import { type ReplicationConfig, UserDO, withPlugins } from "@userdo/core";
import { type DemoSeed, seedDemo } from "./demo-data.js";

/**
 * One object per GitHub user (named by the numeric id): the profile, sessions
 * and API tokens (`auth()`), and the ledger (`billing()`), in the user's own
 * SQLite. A paid request is ONE call to it: the credential is verified and the
 * charge made in the same transaction. The profile and the account totals
 * replicate to the master (never sessions, tokens or charges).
 *
 * @example
 * ```ts
 * const account = await userStub(env.USERS, "583231").billingAudit();
 * ```
 */
export class UserObject extends withPlugins(UserDO<Env>, auth(), billing()) {
  // The plugins bring their own replication rules (profile columns, billing totals).
  static override replication: ReplicationConfig<Env> = { master: "MASTER", tables: [] };

  /**
   * Dev only: demo money and usage history, so a fresh dev login has a
   * dashboard with bars. Idempotent; the Worker calls it only for the dev
   * login on localhost with `DEMO_DATA=true`.
   */
  seedDemo(now: number = Date.now()): DemoSeed {
    return seedDemo(this, now);
  }
}
