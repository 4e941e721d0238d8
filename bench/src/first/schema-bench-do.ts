import { DurableObject } from "cloudflare:workers";
import { type MigrationPlan, bringSchemaUpToDate, planMigrations } from "@userdo/core";
import { LedgerUser } from "../charge/ledger-user.js";

let plan: Promise<MigrationPlan> | undefined;

/** The paid app's user class's migration plan: its plugins' migrations (core, auth, billing), then its own. */
function ledgerUserPlan(): Promise<MigrationPlan> {
  plan ??= planMigrations([
    ...LedgerUser.plugins
      .filter((p) => p.migrations && p.migrations.length > 0)
      .map((p) => ({ namespace: p.name, migrations: p.migrations! })),
    { namespace: "app", migrations: LedgerUser.migrations },
  ]);
  return plan;
}

/**
 * Scenario 9's schema alone, apart from creating an object: applies the user
 * class's whole schema to empty storage `n` times, one step or migration by
 * migration, dropping every table after each (the drop is the same for both).
 *
 * @example
 * ```ts
 * await env.SCHEMA_BENCH.get(env.SCHEMA_BENCH.idFromName("bench")).apply(true, 20);
 * ```
 */
export class SchemaBenchDO extends DurableObject<unknown> {
  async apply(oneStep: boolean, n: number): Promise<number> {
    const planned = await ledgerUserPlan();
    const sql = this.ctx.storage.sql;
    let applied = 0;
    for (let i = 0; i < n; i++) {
      applied += bringSchemaUpToDate(this.ctx.storage, planned, undefined, { oneStep }).applied.length;
      const tables = sql
        .exec<{ name: string }>(
          "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'sqlite_%'",
        )
        .toArray();
      for (const { name } of tables) sql.exec(`DROP TABLE IF EXISTS "${name}"`);
    }
    return applied;
  }
}
