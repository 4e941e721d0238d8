import { DurableObject } from "cloudflare:workers";
import { type Migration, type PluginContext, UserDO, definePlugin, withPlugins } from "@userdo/core";

/** 50 small migrations: tables, indexes and column additions, as a long-lived app accumulates. */
const fiftyMigrations: Migration[] = Array.from({ length: 50 }, (_, i) => {
  const table = `t${Math.floor(i / 5)}`;
  const step = i % 5;
  const up =
    step === 0
      ? `CREATE TABLE ${table} (id INTEGER PRIMARY KEY, a TEXT)`
      : step === 4
        ? `CREATE INDEX ${table}_a ON ${table} (a)`
        : `ALTER TABLE ${table} ADD COLUMN c${step} INTEGER`;
  return { name: String(i + 1).padStart(3, "0"), up };
});

const counterPlugin = definePlugin({
  name: "counter",
  migrations: [{ name: "001", up: "CREATE TABLE _userdo_counter (n INTEGER NOT NULL)" }],
  methods: {
    counted(this: PluginContext) {
      return this.sync.exec<{ n: number }>("SELECT count(*) AS n FROM _userdo_counter").one().n;
    },
  },
});

const notesPlugin = definePlugin({
  name: "notes",
  migrations: [{ name: "001", up: "CREATE TABLE _userdo_notes (text TEXT NOT NULL)" }],
});

/**
 * The baseline: a bare DurableObject that answers a ping.
 *
 * @example
 * ```ts
 * await env.WAKE_BARE.get(env.WAKE_BARE.idFromName("w0")).ping(); // 1
 * ```
 */
export class BareWakeDO extends DurableObject<unknown> {
  ping(): number {
    return 1;
  }
  abort(): void {
    this.ctx.abort("bench: simulate eviction");
  }
}

/**
 * A UserDO with 50 applied migrations and two plugins besides the core ones.
 *
 * @example
 * ```ts
 * await env.WAKE_USERDO.get(env.WAKE_USERDO.idFromName("w0")).ping(); // 1, after migrating on first wake
 * ```
 */
export class UserdoWakeDO extends withPlugins(UserDO<unknown>, counterPlugin, notesPlugin) {
  static override migrations = fiftyMigrations;
  ping(): number {
    return 1;
  }
  abort(): void {
    this.ctx.abort("bench: simulate eviction");
  }
}
