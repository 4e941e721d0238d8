// Durable Objects and a Worker that use @userdo/billing the way an app would.
import { DurableObject } from "cloudflare:workers";
import { auth } from "@userdo/auth";
import { type ReplicationConfig, UserDO, errorResponse, jsonError, masterShards, withPlugins } from "@userdo/core";
import { billing, billingRoutes, charge, getSponsor, paid } from "../src/auth.js";
import {
  billingErrorResponse,
  cents,
  billing as ledgerOnly,
  masterBillingStats,
  meterRequest,
  paid as paidBy,
} from "../src/index.js";
import { stripeRoutes } from "../src/stripe.js";
import { x402Paid, x402Settings, x402TopUp } from "../src/x402.js";
import { scheduledGithub } from "./scheduled-github.js";
import { fakeStripeFetch } from "@userdo/test-utils/fakes";

/** The app's user object: one per GitHub user, with login and billing. */
export class UserObject extends withPlugins(UserDO<Cloudflare.Env>, auth(), billing()) {}

/** The same user object, replicating its billing totals into the master for `/admin/stats`. */
export class ReplicatedUserObject extends withPlugins(UserDO<Cloudflare.Env>, auth(), billing()) {
  static override replication: ReplicationConfig = { master: "MASTER", tables: [], flushDelayMs: 5 };
}

export { MasterDO } from "@userdo/core";

/** Where the sponsors reconciliation is scheduled (one well-known object). */
export class ReconcilerObject extends withPlugins(
  UserDO<Cloudflare.Env>,
  ledgerOnly<Cloudflare.Env>({
    reconcile: { users: (env) => env.USERS, token: (env) => env.GITHUB_SPONSORS_TOKEN, fetch: scheduledGithub.fetch },
  }),
) {}

/** A hosting platform's per-owner object: Codius-style request quota. */
export class MeteredObject extends withPlugins(
  UserDO<Cloudflare.Env>,
  ledgerOnly({ metering: { includedRequests: 3, period: "month", pricePerRequest: 100 } }),
) {}

/** A plugin whose default credit limit lets every user go 300 units below zero. */
export class OverdraftObject extends withPlugins(UserDO<Cloudflare.Env>, ledgerOnly({ creditLimit: 300 })) {}

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

export class NotesObject extends withPlugins(
  Notes,
  auth(),
  billing({ workPrices: { rowRead: 1, rowWritten: 10, base: 5 } }),
) {
  /** Adds a note and pays for the rows it wrote and read, all in one transaction. */
  addNote(text: string, key: string) {
    return this.ctx.storage.transactionSync(() => {
      const insert = this.ctx.storage.sql.exec("INSERT INTO notes (text) VALUES (?)", text);
      insert.toArray();
      const read = this.ctx.storage.sql.exec("SELECT * FROM notes");
      const notes = read.toArray();
      const charged = this.billingCharge({
        key,
        work: { rowsRead: read.rowsRead, rowsWritten: insert.rowsWritten },
        source: "addNote",
      });
      return { notes: notes.length, charged: charged.amount };
    });
  }
}

/** Records each run of a test route's paid work, so a test can count how often the work ran. */
export class WorkLogObject extends DurableObject<Cloudflare.Env> {
  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY, what TEXT NOT NULL)");
  }

  /** Records one run; answers how many runs there were so far. */
  record(what: string): number {
    this.ctx.storage.sql.exec("INSERT INTO runs (what) VALUES (?)", what);
    return this.count();
  }

  count(): number {
    return this.ctx.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM runs").one().n;
  }
}

/** A Durable Object of an app with its own login: billing without @userdo/auth. */
class Counter extends DurableObject<Cloudflare.Env> {
  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS counter (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL)",
    );
  }

  protected increment(): number {
    return this.ctx.storage.sql
      .exec<{ value: number }>(
        "INSERT INTO counter (id, value) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET value = value + 1 RETURNING value",
      )
      .one().value;
  }

  value(): number {
    return this.ctx.storage.sql.exec<{ value: number }>("SELECT coalesce(max(value), 0) AS value FROM counter").one()
      .value;
  }
}

export class CounterObject extends withPlugins(Counter, ledgerOnly()) {
  /** The atomic way: the charge and the work in one transaction; a refused charge leaves the counter as it was. */
  incrementPaid(key: string | null): number {
    return this.ctx.storage.transactionSync(() => {
      const value = this.increment();
      this.billingCharge({ amount: cents(1), key, source: "increment" });
      return value;
    });
  }
}

/** The work behind the test's paid routes: one recorded run, after an optional delay (`?delayMs=`). */
async function doWork(env: Cloudflare.Env, user: string, url: URL): Promise<number> {
  const delay = Number(url.searchParams.get("delayMs") ?? 0);
  if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  return env.WORK_LOG.get(env.WORK_LOG.idFromName(user)).record(url.pathname);
}

/**
 * The answer of the test's paid work, by query: `?status=` answers that
 * status, `?throw=1` throws, `?bytes=` answers a body that long.
 */
async function paidWork(env: Cloudflare.Env, user: string, balance: number, url: URL): Promise<Response> {
  const runs = await doWork(env, user, url);
  if (url.searchParams.has("throw")) throw new Error("the work broke");
  const status = Number(url.searchParams.get("status") ?? 200);
  const bytes = url.searchParams.get("bytes");
  if (bytes !== null)
    return new Response("x".repeat(Number(bytes)), { status, headers: { "content-type": "text/plain" } });
  return Response.json({ user, balance, runs, at: Date.now() }, { status });
}

const routes = billingRoutes<Cloudflare.Env>({
  users: (env) => env.USERS,
  github: { secret: (env) => env.GITHUB_WEBHOOK_SECRET },
  stripe: stripeRoutes({
    secretKey: (env) => env.STRIPE_SECRET_KEY,
    webhookSecret: (env) => env.STRIPE_WEBHOOK_SECRET,
    fetch: fakeStripeFetch,
  }),
  stats: (env) => masterBillingStats(masterShards(env.MASTER, 1)),
});

/** The app: billing routes, a paid API, the sponsorflare switch and a metered dispatch. */
export default {
  async fetch(request, env, ctx): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/api/charge") {
      const paid = await charge(request, env, { amount: 100, payUrl: "https://github.com/sponsors/example" });
      if (!paid.charged) return paid.response;
      const runs = await doWork(env, paid.user, url);
      return Response.json({ user: paid.user, balance: paid.balance, runs });
    }
    if (url.pathname === "/api/paid") {
      // `?read=pass`: the app reads the body first and hands it over; `?read=forget`: it does not.
      const read = url.searchParams.get("read");
      const body = read === null ? undefined : await request.text();
      const options = { price: 100, payUrl: "https://github.com/sponsors/example", maxAnswerBytes: 1024 };
      return paid(
        request,
        env,
        { ...options, scope: "api:paid", ...(read === "pass" && { body }) },
        ({ user, balance }) => paidWork(env, user, balance, url),
      ).catch(errorResponse);
    }
    if (url.pathname === "/x402/paid") {
      // Agents pay per request with x402; sessions and tokens pay from their balance as on /api/paid.
      const payUrl = "https://github.com/sponsors/example";
      const work = ({ user, balance }: { user: string; balance: number }) => paidWork(env, user, balance, url);
      return x402Paid(
        request,
        env,
        {
          x402: x402Settings,
          payUrl,
          otherwise: () => paid(request, env, { price: 100, scope: "api:paid", payUrl }, work),
        },
        work,
      );
    }
    if (url.pathname === "/x402/top-up") return x402TopUp(request, env, { x402: x402Settings });
    if (url.pathname === "/x402/unpriced")
      return x402Paid(request, env, { x402: x402Settings }, () => new Response("never"));
    if (url.pathname.startsWith("/api/known/")) {
      const user = url.pathname.slice("/api/known/".length);
      // No catch: paid() answers every refusal itself.
      return paidBy(request, env, { users: (env) => env.COUNTERS, user, price: 100 }, ({ balance }) =>
        paidWork(env, user, balance, url),
      );
    }
    if (url.pathname.startsWith("/api/count/")) {
      const account = env.COUNTERS.get(env.COUNTERS.idFromName(url.pathname.slice("/api/count/".length)));
      try {
        return Response.json({ value: await account.incrementPaid(request.headers.get("idempotency-key")) });
      } catch (error) {
        return billingErrorResponse(error, { payUrl: "https://example.com/pay" });
      }
    }
    if (url.pathname === "/api/sponsor") {
      const cents = url.searchParams.get("charge");
      const { charged, ...sponsor } = await getSponsor(request, env, cents === null ? {} : { charge: Number(cents) });
      if (!charged && cents !== null) {
        return new Response("Payment required.", {
          status: 402,
          headers: { Location: "https://github.com/sponsors/example" },
        });
      }
      return Response.json({ charged, ...sponsor });
    }
    if (url.pathname.startsWith("/dispatch/")) {
      const owner = url.pathname.split("/")[2] ?? "";
      const metered = await meterRequest(request, env, {
        users: (env) => env.METERED,
        account: owner,
        payUrl: "https://example.com/top-up",
      });
      if (!metered.allowed) return metered.response;
      return Response.json({ forwarded: true, remainingFree: metered.remainingFree });
    }
    return (await routes(request, env, ctx)) ?? jsonError(404, "not_found", "no such route");
  },
} satisfies ExportedHandler<Cloudflare.Env>;
