// README, "2. Charge inside your object's method": billing added to a Durable Object you already have.
import { DurableObject } from "cloudflare:workers";
import { billing, billingErrorResponse, cents } from "@userdo/billing";
import { userStub, withPlugins } from "@userdo/core";

// Your existing object, unchanged.
class Notes extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS note (id INTEGER PRIMARY KEY, text TEXT NOT NULL)");
  }
  protected insert(text: string): number {
    return this.ctx.storage.sql.exec<{ id: number }>("INSERT INTO note (text) VALUES (?) RETURNING id", text).one().id;
  }
}

export class PaidNotes extends withPlugins(Notes, billing()) {
  addNote(text: string, key: string | null): number {
    return this.ctx.storage.transactionSync(() => {
      this.billingCharge({ amount: cents(1), key, source: "addNote" }); // throws 402 or 409: nothing is written
      return this.insert(text);
    });
  }
}

interface Env {
  NOTES: DurableObjectNamespace<PaidNotes>;
}

declare function yourLogin(request: Request): Promise<string>;

export default {
  async fetch(request, env) {
    const notes = userStub(env.NOTES, await yourLogin(request));
    try {
      const id = await notes.addNote(await request.text(), request.headers.get("idempotency-key"));
      return Response.json({ id });
    } catch (error) {
      return billingErrorResponse(error, { payUrl: "https://example.com/top-up" }); // 402 with where to pay, or {error, code}
    }
  },
} satisfies ExportedHandler<Env>;
