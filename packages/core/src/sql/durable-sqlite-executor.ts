import {
  type AbortableQueryOptions,
  type CompiledQuery,
  type ConnectionProvider,
  DefaultConnectionProvider,
  DefaultQueryExecutor,
  type DialectAdapter,
  Kysely,
  type KyselyPlugin,
  type QueryCompiler,
  type QueryResult,
} from "kysely";
import { DurableSqliteDialect } from "./durable-sqlite-dialect.js";
import { executeCompiled } from "./execute.js";

/**
 * Kysely's executor with a short path to the object's one connection. Kysely's
 * own runs each query through an asynchronous acquire, the call and a release
 * (a dozen promise hops, a few microseconds per query); `sql.exec` is
 * synchronous and there is one connection per object, so without plugins or
 * an abort signal the query runs at once and its result is handed back in one
 * resolved promise. With plugins (they may transform results) or a signal,
 * Kysely's own path runs, unchanged.
 */
class DurableSqliteExecutor extends DefaultQueryExecutor {
  readonly #sql: SqlStorage;
  readonly #compiler: QueryCompiler;
  readonly #provider: ConnectionProvider;

  constructor(
    sql: SqlStorage,
    compiler: QueryCompiler,
    adapter: DialectAdapter,
    provider: ConnectionProvider,
    plugins: KyselyPlugin[] = [],
  ) {
    super(compiler, adapter, provider, plugins);
    this.#sql = sql;
    this.#compiler = compiler;
    this.#provider = provider;
  }

  override executeQuery<R>(query: CompiledQuery, options?: AbortableQueryOptions): Promise<QueryResult<R>> {
    if (this.plugins.length > 0 || options?.signal) return super.executeQuery<R>(query, options);
    try {
      return Promise.resolve(executeCompiled<R>(this.#sql, query));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  #with(plugins: KyselyPlugin[], provider = this.#provider): DurableSqliteExecutor {
    return new DurableSqliteExecutor(this.#sql, this.#compiler, this.adapter, provider, plugins);
  }

  override withPlugins(plugins: readonly KyselyPlugin[]): DurableSqliteExecutor {
    return this.#with([...this.plugins, ...plugins]);
  }

  override withPlugin(plugin: KyselyPlugin): DurableSqliteExecutor {
    return this.#with([...this.plugins, plugin]);
  }

  override withPluginAtFront(plugin: KyselyPlugin): DurableSqliteExecutor {
    return this.#with([plugin, ...this.plugins]);
  }

  override withConnectionProvider(provider: ConnectionProvider): DurableSqliteExecutor {
    return this.#with([...this.plugins], provider);
  }

  override withoutPlugins(): DurableSqliteExecutor {
    return this.#with([]);
  }
}

/**
 * The Kysely instance of `this.db`: {@link DurableSqliteDialect}'s compiler,
 * adapter and driver, with an executor that runs a query without Kysely's
 * asynchronous connection handling (there is one synchronous connection).
 *
 * @example
 * ```ts
 * // inside a DurableObject: `this.ctx` is its DurableObjectState
 * const db = durableKysely<DB>(this.ctx.storage.sql);
 * const { insertId } = await db.insertInto("todo").values({ title: "a", done: 0 }).executeTakeFirstOrThrow();
 * ```
 */
export function durableKysely<DB>(sql: SqlStorage): Kysely<DB> {
  const dialect = new DurableSqliteDialect(sql);
  const driver = dialect.createDriver();
  const executor = new DurableSqliteExecutor(
    sql,
    dialect.createQueryCompiler(),
    dialect.createAdapter(),
    new DefaultConnectionProvider(driver),
  );
  return new Kysely<DB>({ config: { dialect }, dialect, driver, executor });
}
