import { DurableObject } from "cloudflare:workers";

/** The app's own Durable Object, as it was before billing: one counter in its SQLite. */
export class Counter extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)");
    ctx.storage.sql.exec("INSERT OR IGNORE INTO counter (id, value) VALUES (1, 0)");
  }

  value(): number {
    return this.ctx.storage.sql.exec<{ value: number }>("SELECT value FROM counter WHERE id = 1").one().value;
  }

  protected add(n: number): number {
    this.ctx.storage.sql.exec("UPDATE counter SET value = value + ? WHERE id = 1", n);
    return this.value();
  }
}
