import { billing } from "@userdo/billing";
import { withPlugins } from "@userdo/core";
import { Counter } from "./counter.js";

/** A cent in billing's units. */
const PRICE = 100;

/**
 * The same counter with billing: the ledger lives in this object's SQLite, and an
 * increment is charged in the same transaction as the work, so a refused charge
 * leaves the counter as it was and a paid increment is never lost.
 */
export class PaidCounter extends withPlugins(Counter, billing()) {
  topUp(paymentId: string, amount: number) {
    return this.billingCredit({ source: "app", externalId: paymentId, amount });
  }

  /** One paid increment; a replayed key returns the state after its first run and adds nothing. */
  increment(
    key: string,
  ): { ok: true; value: number; balance: number } | { ok: false; reason: string; balance: number } {
    try {
      return this.ctx.storage.transactionSync(() => {
        const outcome = this.billingChargeAccount({ amount: PRICE, key, source: "increment" });
        if (!outcome.charged) throw new Refused(outcome.reason, outcome.balance);
        const value = outcome.replayed ? this.value() : this.add(1);
        return { ok: true as const, value, balance: outcome.balance };
      });
    } catch (error) {
      if (error instanceof Refused) return { ok: false, reason: error.message, balance: error.balance };
      throw error;
    }
  }
}

class Refused extends Error {
  constructor(
    reason: string,
    readonly balance: number,
  ) {
    super(reason);
  }
}

export default {
  async fetch(request, env) {
    const user = new URL(request.url).searchParams.get("user");
    if (!user) return Response.json({ error: "name a user: ?user=<id>", code: "bad_request" }, { status: 400 });
    const counter = env.COUNTERS.getByName(user);
    return Response.json({ value: await counter.value() });
  },
} satisfies ExportedHandler<Env>;
