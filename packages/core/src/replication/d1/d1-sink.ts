import { Kysely } from "kysely";
import { D1Dialect } from "kysely-d1";
import { UserDOError } from "../../errors.js";
import { validateBatch } from "../../master/batch-validation.js";
import {
  ERASURES_MIGRATION,
  MASTER_MIGRATION,
  MASTER_TABLES_TABLE,
  SOURCES_TABLE,
  addColumnSql,
  createTableSql,
  missingColumns,
} from "../../master/master-tables.js";
import { quoteId } from "../capture.js";
import { eraseFromD1, erasedEpochInD1 } from "./d1-erase.js";
import type {
  EraseRequest,
  EraseResult,
  IngestResult,
  ReplicationBatch,
  ReplicationSink,
  TableSchema,
} from "../replication-types.js";

/** The sink's own tables in D1, as Kysely sees them. */
interface RegistryDB {
  _userdo_master_sources: {
    name: string;
    epoch: number;
    seq: number;
    first_seen: number;
    last_seen: number;
    rows: number;
  };
  _userdo_master_tables: { name: string; columns: string };
}

/** Guard parameters per statement (source, epoch twice, toSeq): a D1 row takes at most 100 - 2 - 4 columns. */
const MAX_D1_COLUMNS = 94;
/** Statements per D1 batch call. */
const CHUNK = 200;

// True while the source's registry row does not already cover this batch: every
// write of a batch re-checks it, so concurrent or late copies of a batch cannot
// roll a row back, even though the batch is split over several D1 calls.
const GUARD = `NOT EXISTS (SELECT 1 FROM ${SOURCES_TABLE} WHERE name = ? AND (epoch > ? OR (epoch = ? AND seq >= ?)))`;

/**
 * A D1 database as the replication sink instead of a MasterDO: the same
 * tables (`_source`, `_rowid` added), the same registry and the same
 * idempotency on (source, sequence), through kysely-d1. Query it with Kysely
 * and `D1Dialect` like any D1 database.
 *
 * @example
 * ```ts
 * import { UserDO, type ReplicationConfig } from "@userdo/core";
 * import { d1Sink } from "@userdo/core/d1";
 *
 * export class TodoDO extends UserDO<Env, DB> {
 *   static override replication: ReplicationConfig<Env> = {
 *     sink: (env) => d1Sink(env.ANALYTICS),
 *     tables: [{ table: "todo" }],
 *   };
 * }
 * ```
 */
export function d1Sink(database: D1Database): ReplicationSink {
  return new D1Sink(database);
}

class D1Sink implements ReplicationSink {
  readonly #d1: D1Database;
  readonly #db: Kysely<RegistryDB>;
  #ready: Promise<void> | undefined;

  constructor(database: D1Database) {
    this.#d1 = database;
    this.#db = new Kysely<RegistryDB>({ dialect: new D1Dialect({ database }) });
  }

  async ingest(input: ReplicationBatch): Promise<IngestResult> {
    const batch = validateBatch(input);
    const wide = batch.tables.find((t) => t.columns.length > MAX_D1_COLUMNS);
    if (wide)
      throw new UserDOError(
        400,
        "bad_batch",
        `table "${wide.name}" has over ${MAX_D1_COLUMNS} columns, more than a D1 sink can bind`,
      );
    await this.#setupOnce();

    const known = await this.#db
      .selectFrom(SOURCES_TABLE)
      .selectAll()
      .where("name", "=", batch.source)
      .executeTakeFirst();
    if (known && batch.epoch < known.epoch) return { ack: batch.toSeq, applied: 0, duplicate: true };
    // A late batch from before the user was deleted here: acknowledged, never applied.
    if ((!known || batch.epoch > known.epoch) && batch.epoch < (await erasedEpochInD1(this.#d1, batch.source))) {
      return { ack: batch.toSeq, applied: 0, duplicate: true };
    }
    const newEpoch = known !== undefined && batch.epoch > known.epoch;
    const seq = !known || newEpoch ? 0 : known.seq;
    if (batch.toSeq <= seq) return { ack: seq, applied: 0, duplicate: true };
    if (batch.fromSeq > seq) return { ack: seq, applied: 0, duplicate: false, resync: true };

    const tables = await this.#ensureTables(batch.tables);
    const guard = [batch.source, batch.epoch, batch.epoch, batch.toSeq];
    const statements: D1PreparedStatement[] = [];
    if (newEpoch) {
      for (const table of tables) {
        statements.push(
          this.#d1.prepare(`DELETE FROM ${quoteId(table)} WHERE _source = ? AND ${GUARD}`).bind(batch.source, ...guard),
        );
      }
    }
    const byName = new Map(batch.tables.map((t) => [t.name, t]));
    for (const change of batch.changes) {
      const table = byName.get(change.table)!;
      if (change.values === null) {
        statements.push(
          this.#d1
            .prepare(`DELETE FROM ${quoteId(table.name)} WHERE _source = ? AND _rowid = ? AND ${GUARD}`)
            .bind(batch.source, change.rowid, ...guard),
        );
      } else {
        statements.push(
          this.#d1.prepare(upsertSql(table)).bind(batch.source, change.rowid, ...change.values, ...guard),
        );
      }
    }
    const now = Date.now();
    statements.push(
      this.#d1
        .prepare(
          `INSERT INTO ${SOURCES_TABLE} (name, epoch, seq, first_seen, last_seen, rows) SELECT ?, ?, ?, ?, ?, 0 WHERE ${GUARD}
           ON CONFLICT (name) DO UPDATE SET epoch = excluded.epoch, seq = excluded.seq, last_seen = excluded.last_seen`,
        )
        .bind(batch.source, batch.epoch, batch.toSeq, now, now, ...guard),
      this.#d1
        .prepare(
          `UPDATE ${SOURCES_TABLE} SET rows = ${tables.map((t) => `(SELECT count(*) FROM ${quoteId(t)} WHERE _source = ?1)`).join(" + ") || "0"} WHERE name = ?1`,
        )
        .bind(batch.source),
    );
    // Each call is a D1 transaction; a batch split over several stays correct
    // because every statement carries the guard and writes a row's latest state.
    for (let i = 0; i < statements.length; i += CHUNK) await this.#d1.batch(statements.slice(i, i + CHUNK));
    return { ack: batch.toSeq, applied: batch.changes.length, duplicate: false };
  }

  /** Forgets a deleted user's rows and registry entry, and keeps an audit row (see `ReplicationSink.erase`). */
  async erase(request: EraseRequest): Promise<EraseResult> {
    await this.#setupOnce();
    const tables = (await this.#db.selectFrom(MASTER_TABLES_TABLE).select("name").execute()).map((r) => r.name);
    return eraseFromD1(this.#d1, tables, request);
  }

  async #setupOnce(): Promise<void> {
    this.#ready ??= this.#setup().catch((error: unknown) => {
      this.#ready = undefined;
      throw error;
    });
    await this.#ready;
  }

  async #setup(): Promise<void> {
    const statements = `${MASTER_MIGRATION};${ERASURES_MIGRATION}`.split(";");
    await this.#d1.batch(statements.map((statement) => this.#d1.prepare(statement)));
  }

  // Creates the sink's copy of each table, or adds the columns a newer source brought. Answers every table the sink has.
  async #ensureTables(incoming: readonly TableSchema[]): Promise<string[]> {
    const rows = await this.#db.selectFrom(MASTER_TABLES_TABLE).selectAll().execute();
    const known = new Map(rows.map((r) => [r.name, JSON.parse(r.columns) as { name: string; type: string }[]]));
    for (const table of incoming) {
      const columns = known.get(table.name);
      if (!columns) {
        const taken = await this.#d1
          .prepare("SELECT 1 FROM sqlite_master WHERE lower(name) = lower(?)")
          .bind(table.name)
          .first();
        if (taken)
          throw new UserDOError(
            400,
            "bad_batch",
            `table "${table.name}" cannot replicate into this D1 database: the name is taken`,
          );
        await this.#d1.batch([
          ...createTableSql(table).map((statement) => this.#d1.prepare(statement)),
          this.#d1
            .prepare(`INSERT OR IGNORE INTO ${MASTER_TABLES_TABLE} (name, columns) VALUES (?, ?)`)
            .bind(table.name, JSON.stringify(table.columns)),
        ]);
        known.set(table.name, [...table.columns]);
        continue;
      }
      const added = missingColumns(columns, table);
      for (const column of added) {
        try {
          await this.#d1.prepare(addColumnSql(table.name, column)).run();
        } catch (error) {
          // Another source's batch added it a moment ago.
          if (!/duplicate column/i.test(String(error))) throw error;
        }
      }
      if (added.length > 0) {
        const all = [...columns, ...added];
        await this.#d1
          .prepare(`UPDATE ${MASTER_TABLES_TABLE} SET columns = ? WHERE name = ?`)
          .bind(JSON.stringify(all), table.name)
          .run();
        known.set(table.name, all);
      }
    }
    return [...known.keys()];
  }
}

function upsertSql(table: TableSchema): string {
  const names = table.columns.map((c) => quoteId(c.name));
  return `INSERT INTO ${quoteId(table.name)} (_source, _rowid, ${names.join(", ")})
    SELECT ?, ?, ${names.map(() => "?").join(", ")} WHERE ${GUARD}
    ON CONFLICT (_source, _rowid) DO UPDATE SET ${names.map((n) => `${n} = excluded.${n}`).join(", ")}`;
}
