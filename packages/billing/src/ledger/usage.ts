import { UserDOError, type PluginContext } from "@userdo/core";
import type { BillingSettings } from "../settings.js";
import { loadAccount, viewAccount } from "./account.js";
import { chargesBefore } from "./queries/charge-queries.js";
import { dailySince } from "./queries/daily-queries.js";
import type { AccountView } from "../shared/ledger-types.js";
import { type Metadata, decodeMetadata, utcDay } from "../shared/validate.js";

const DAY = 86_400_000;

/** One UTC day of usage, kept up to date by every write (no ledger scan). */
export interface DailyUsage {
  readonly day: string;
  readonly charges: number;
  readonly spent: number;
  readonly credited: number;
}

/** One line of the ledger's charges. */
export interface ChargeLine {
  readonly id: number;
  readonly key: string | null;
  readonly amount: number;
  readonly source: string | null;
  readonly tokenId: string | null;
  readonly at: number;
  readonly balanceAfter: number;
  readonly metadata: Metadata | null;
}

/** Which usage to read: the last `days` days and a page of recent charges. */
export interface UsageQuery {
  /** Days of daily aggregates, 1 to 366 (default 30). */
  readonly days?: number | undefined;
  /** Charges per page, 1 to 200 (default 50). */
  readonly limit?: number | undefined;
  /** Only charges older than this charge id (the previous page's `nextBefore`). */
  readonly before?: number | null | undefined;
}

/** A user's usage: totals, daily aggregates (newest first) and a page of charges. */
export interface Usage {
  readonly account: AccountView;
  readonly daily: readonly DailyUsage[];
  readonly charges: readonly ChargeLine[];
  /** Pass as `before` for the next page; null on the last one. */
  readonly nextBefore: number | null;
}

function boundedInt(value: unknown, field: string, min: number, max: number, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UserDOError(400, "bad_input", `${field} must be an integer from ${min} to ${max}`);
  }
  return value;
}

/** Reads a user's usage: two indexed reads, never a scan of the whole ledger. */
export function readUsage(c: PluginContext, settings: BillingSettings, query: UsageQuery, now: number): Usage {
  const days = boundedInt(query.days, "days", 1, 366, 30);
  const limit = boundedInt(query.limit, "limit", 1, 200, 50);
  const before = boundedInt(query.before, "before", 1, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  const daily = c.sync.all(dailySince, { since: utcDay(now - (days - 1) * DAY), limit: days });
  // One more than asked tells whether another page exists.
  const rows = c.sync.all(chargesBefore, { before, limit: limit + 1 });
  const page = rows.slice(0, limit);
  return {
    account: viewAccount(loadAccount(c), settings),
    daily,
    charges: page.map((r) => ({
      id: r.id,
      key: r.key,
      amount: r.amount,
      source: r.source,
      tokenId: r.token_id,
      at: r.at,
      balanceAfter: r.balance_after,
      metadata: decodeMetadata(r.metadata),
    })),
    nextBefore: rows.length > limit ? page[page.length - 1]!.id : null,
  };
}
