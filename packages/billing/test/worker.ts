// Durable Objects and a Worker that use @userdo/billing the way an app would.
import { DurableObject } from "cloudflare:workers";
import { auth } from "@userdo/auth";
import { UserDO, withPlugins } from "@userdo/core";
import { billing } from "../src/index.js";

/** The app's user object: one per GitHub user, with login and billing. */
export class UserObject extends withPlugins(UserDO<Cloudflare.Env>, auth(), billing()) {}

/** A hosting platform's per-owner object: Codius-style request quota. */
export class MeteredObject extends withPlugins(UserDO<Cloudflare.Env>, billing({ metering: { includedRequests: 3, period: "month", pricePerRequest: 100 } })) {}

/** An existing Durable Object that knows nothing of userdo, billing by the rows each call touches. */
class Notes extends DurableObject<Cloudflare.Env> {
  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)");
  }

  count(): number {
    return this.ctx.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM notes").one().n;
  }
}

export class NotesObject extends withPlugins(Notes, auth(), billing({ workPrices: { rowRead: 1, rowWritten: 10, base: 5 } })) {
  /** Adds a note and pays for the rows it wrote and read, all in one transaction. */
  addNote(text: string, key: string) {
    return this.ctx.storage.transactionSync(() => {
      const insert = this.ctx.storage.sql.exec("INSERT INTO notes (text) VALUES (?)", text);
      insert.toArray();
      const read = this.ctx.storage.sql.exec("SELECT * FROM notes");
      const notes = read.toArray();
      const outcome = this.billingChargeWork({ key, rowsRead: read.rowsRead, rowsWritten: insert.rowsWritten, source: "addNote" });
      if (!outcome.charged) throw Object.assign(new Error(outcome.message), { status: 402, code: outcome.reason });
      return { notes: notes.length, charged: outcome.amount };
    });
  }
}

export default {
  async fetch(): Promise<Response> {
    return new Response("billing test worker");
  },
} satisfies ExportedHandler<Cloudflare.Env>;
