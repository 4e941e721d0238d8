import { DummyDriver, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler } from "kysely";

/**
 * A Kysely instance that only builds and compiles SQLite queries (it has no
 * database). Use it at module level to {@link prepare} queries once per isolate.
 *
 * @example
 * ```ts
 * const qb = queryBuilder<DB>();
 * const listTodos = prepare(qb, (db, p: Param<{ limit: number }>) =>
 *   db.selectFrom("todo").selectAll().orderBy("id").limit(p("limit")),
 * );
 * ```
 */
export function queryBuilder<DB>(): Kysely<DB> {
  return new Kysely<DB>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  });
}
