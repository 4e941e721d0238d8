import type { AuthEnv } from "@userdo/auth";
import type { AsyncPartsDO } from "./async/async-parts-do.js";
import type { SchemaBenchDO } from "./first/schema-bench-do.js";
import type { GlobalLedgerDO } from "./contention/global-ledger-do.js";
import type { BareBalanceDO } from "./charge/bare-balance-do.js";
import type { LedgerUser } from "./charge/ledger-user.js";
import type { DrizzleQueryDO } from "./query/drizzle-do.js";
import type { KyselyDoQueryDO } from "./query/kysely-do-do.js";
import type { RawQueryDO } from "./query/raw-do.js";
import type { UserdoQueryDO } from "./query/userdo-do.js";
import type { BenchMaster, CapturedItemsDO, ReplicatedItemsDO, UncapturedItemsDO } from "./replication/items-dos.js";
import type { StudioRowsDO } from "./studio/studio-rows-do.js";
import type { BareWakeDO, UserdoWakeDO } from "./wake/wake-dos.js";

/**
 * The bench Worker's bindings (bench/wrangler.jsonc). `STUDIO_TOKEN` and
 * `SKIP_LOGIN` come from the runner as `--var` for one run, never from a file.
 *
 * @example
 * ```ts
 * const route: BenchRoute = async (_request, env: BenchEnv) => Response.json(await env.RAW.get(env.RAW.idFromName("bench")).run("select", 1));
 * ```
 */
export interface BenchEnv extends AuthEnv {
  readonly RAW: DurableObjectNamespace<RawQueryDO>;
  readonly USERDO: DurableObjectNamespace<UserdoQueryDO>;
  readonly DRIZZLE: DurableObjectNamespace<DrizzleQueryDO>;
  readonly KYSELY_DO: DurableObjectNamespace<KyselyDoQueryDO>;
  /** Scenario 8: the parts of one this.db operation. */
  readonly ASYNC_PARTS: DurableObjectNamespace<AsyncPartsDO>;
  /** Scenario 9: the user class's schema applied to empty storage, again and again. */
  readonly SCHEMA_BENCH: DurableObjectNamespace<SchemaBenchDO>;
  readonly WAKE_BARE: DurableObjectNamespace<BareWakeDO>;
  readonly WAKE_USERDO: DurableObjectNamespace<UserdoWakeDO>;
  /** One object per user: auth and billing, as sponsorflare composes them. */
  readonly USERS: DurableObjectNamespace<LedgerUser>;
  readonly BARE_BALANCE: DurableObjectNamespace<BareBalanceDO>;
  /** Scenario 4's one global object holding every user's balance. */
  readonly GLOBAL_LEDGER: DurableObjectNamespace<GlobalLedgerDO>;
  /** Scenario 4's central database, reached through kysely-d1. */
  readonly CENTRAL: D1Database;
  readonly STUDIO_ROWS: DurableObjectNamespace<StudioRowsDO>;
  readonly CAPTURED: DurableObjectNamespace<CapturedItemsDO>;
  readonly UNCAPTURED: DurableObjectNamespace<UncapturedItemsDO>;
  readonly REPLICATED: DurableObjectNamespace<ReplicatedItemsDO>;
  readonly MASTER: DurableObjectNamespace<BenchMaster>;
  /** The studio's admin token, random per run. */
  readonly STUDIO_TOKEN?: string;
}
