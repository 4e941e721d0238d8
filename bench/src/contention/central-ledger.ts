import type { Kysely } from "kysely";

/**
 * The ledger of a central design (one global object, or one D1 database):
 * every user's balance in one table. A charge is ONE statement: its key is
 * the primary key (a replay inserts nothing), a trigger debits the balance in
 * the same statement, and `CHECK (balance >= 0)` aborts an overdraft. That
 * is the cheapest correct charge a central store can make, so it is what
 * the per-user design (the full `billing()` ledger) is compared with.
 *
 * @example
 * ```ts
 * const db = new Kysely<CentralLedgerDB>({ dialect: new D1Dialect({ database: env.CENTRAL }) });
 * ```
 */
export interface CentralLedgerDB {
  accounts: { user: string; balance: number };
  charges: { key: string; user: string; amount: number; at: number };
}

/**
 * The schema, as statements (D1 runs them one by one; a DO migration runs them together).
 *
 * @example
 * ```ts
 * for (const statement of CENTRAL_LEDGER_SCHEMA) await env.CENTRAL.prepare(statement).run();
 * ```
 */
export const CENTRAL_LEDGER_SCHEMA: readonly string[] = [
  "CREATE TABLE IF NOT EXISTS accounts (user TEXT PRIMARY KEY, balance INTEGER NOT NULL CHECK (balance >= 0))",
  "CREATE TABLE IF NOT EXISTS charges (key TEXT PRIMARY KEY, user TEXT NOT NULL, amount INTEGER NOT NULL, at INTEGER NOT NULL)",
  "CREATE TRIGGER IF NOT EXISTS charges_debit AFTER INSERT ON charges BEGIN UPDATE accounts SET balance = balance - NEW.amount WHERE user = NEW.user; END",
];

/**
 * What one charge asks a central ledger for.
 *
 * @example
 * ```ts
 * const one: CentralCharge = { user: "c-7", key: "r1-7-0", amount: 1, at: Date.now() };
 * ```
 */
export interface CentralCharge {
  readonly user: string;
  readonly key: string;
  readonly amount: number;
  readonly at: number;
}

/**
 * The charge statement: inserts the charge row only for a known user and an
 * unseen key; the trigger debits. 1 row inserted: charged; 0: replayed key
 * or unknown user. An overdraft throws (CHECK constraint failed).
 *
 * @example
 * ```ts
 * const { numInsertedOrUpdatedRows } = await chargeStatement(db, { user: "u1", key: "k1", amount: 1, at: Date.now() }).executeTakeFirstOrThrow();
 * ```
 */
export function chargeStatement(db: Kysely<CentralLedgerDB>, charge: CentralCharge) {
  return db
    .insertInto("charges")
    .columns(["key", "user", "amount", "at"])
    .expression((eb) =>
      eb
        .selectFrom("accounts")
        .select([eb.val(charge.key).as("key"), "user", eb.val(charge.amount).as("amount"), eb.val(charge.at).as("at")])
        .where("user", "=", charge.user),
    )
    .onConflict((oc) => oc.column("key").doNothing());
}

/**
 * Whether a thrown error is SQLite refusing an overdraft.
 *
 * @example
 * ```ts
 * if (isOverdraft(error)) throw new UserDOError(402, "insufficient_funds", "the balance does not cover this charge");
 * ```
 */
export function isOverdraft(error: unknown): boolean {
  return String((error as { message?: unknown } | null)?.message ?? "").includes("CHECK constraint failed");
}
