import { type PluginContext, parseInput } from "@userdo/core";
import { type UsageQuery, UsageQuerySchema } from "../shared/inputs.js";
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

export type { UsageQuery } from "../shared/inputs.js";

/** A user's usage: totals, daily aggregates (newest first) and a page of charges. */
export interface Usage {
  readonly account: AccountView;
  readonly daily: readonly DailyUsage[];
  readonly charges: readonly ChargeLine[];
  /** Pass as `before` for the next page; null on the last one. */
  readonly nextBefore: number | null;
}

/** Reads a user's usage: two indexed reads, never a scan of the whole ledger. */
export function readUsage(c: PluginContext, settings: BillingSettings, query: UsageQuery, now: number): Usage {
  const { days, limit, before } = parseInput(UsageQuerySchema, query ?? {});
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
