import { type PluginContext, parseInput } from "@userdo/core";
import { loadAccount } from "../ledger/account.js";
import { creditSync, recordEventSync } from "../ledger/credit.js";
import { sponsorshipById, upsertSponsorship } from "../ledger/queries/sponsorship-queries.js";
import { centsToUnits } from "../shared/money.js";
import { type SponsorshipChange, SponsorshipChangeSchema } from "../shared/sponsorship-change.js";

/** What applying a change did. */
export interface SponsorshipResult {
  /** True when this delivery was applied before: nothing changed. */
  readonly duplicate: boolean;
  /** Micro-dollars credited now (0 when the action credits nothing). */
  readonly credited: number;
  readonly balance: number;
}

/** Most monthly cycles one reconciliation credits at once (ten years). */
const MAX_CYCLES = 120;

/** The `k`-th month anniversary of `from` (UTC), on the month's last day when it is shorter (Jan 31 -> Feb 28). */
function anniversary(from: number, k: number): number {
  const a = new Date(from);
  const month = a.getUTCMonth() + k;
  const lastDay = new Date(Date.UTC(a.getUTCFullYear(), month + 1, 0)).getUTCDate();
  return Date.UTC(
    a.getUTCFullYear(),
    month,
    Math.min(a.getUTCDate(), lastDay),
    a.getUTCHours(),
    a.getUTCMinutes(),
    a.getUTCSeconds(),
    a.getUTCMilliseconds(),
  );
}

/**
 * How many monthly cycles have begun by `now`: cycle k starts on the k-th
 * month anniversary of `from`, cycle 0 at `from` itself (capped at ten years).
 *
 * @example
 * ```ts
 * cyclesBegun(Date.UTC(2026, 0, 31), Date.UTC(2026, 1, 28)); // 2: Jan 31 and Feb 28
 * ```
 */
export function cyclesBegun(from: number, now: number): number {
  if (now < from) return 0;
  const a = new Date(from);
  const b = new Date(now);
  let months = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
  if (anniversary(from, months) > now) months -= 1;
  return Math.min(months + 1, MAX_CYCLES);
}

function creditCycle(c: PluginContext, change: SponsorshipChange, cycle: string, now: number): number {
  const externalId = `sponsorship:${change.sponsorshipId}:${cycle}`;
  const amount = centsToUnits(change.tierCents);
  const result = creditSync(
    c,
    { source: "github", externalId, amount, metadata: { cycle, tierCents: change.tierCents } },
    now,
  );
  return result.credited ? amount : 0;
}

/**
 * Applies a sponsorship change in the sponsor's object, in one transaction.
 * Credits are idempotent on (sponsorship, cycle): a redelivered webhook and a
 * reconciliation that sees the same cycle credit it once. `created` credits
 * cycle 0; `reconcile` credits every cycle begun and not yet credited (monthly)
 * or the single payment (one-time); `tier_changed` sets the price of later
 * cycles; the other actions record the sponsorship's state and credit nothing.
 */
export function applySponsorshipSync(c: PluginContext, change: SponsorshipChange, now: number): SponsorshipResult {
  if (change.deliveryId !== null && !recordEventSync(c, "github", change.deliveryId, change.action, now)) {
    return { duplicate: true, credited: 0, balance: balanceOf(c) };
  }
  const known = c.sync.first(sponsorshipById, { id: change.sponsorshipId });
  const status =
    change.action === "cancelled"
      ? "cancelled"
      : change.action === "pending_cancellation"
        ? "pending_cancellation"
        : change.action === "created" || change.action === "reconcile"
          ? known?.status === "cancelled"
            ? "cancelled"
            : "active"
          : (known?.status ?? "active");
  // A pending tier change takes effect later, with its own tier_changed delivery.
  const tierCents = change.action === "pending_tier_change" && known ? known.tier_cents : change.tierCents;
  c.sync.run(upsertSponsorship, {
    id: change.sponsorshipId,
    tierCents,
    oneTime: change.oneTime ? 1 : 0,
    status,
    createdAt: known?.created_at ?? change.createdAt,
    at: now,
  });
  let credited = 0;
  if (change.action === "created") credited = creditCycle(c, change, change.oneTime ? "once" : "0", now);
  if (change.action === "reconcile" && status !== "cancelled") {
    if (change.oneTime) credited = creditCycle(c, change, "once", now);
    else
      for (let k = 0; k < cyclesBegun(change.createdAt, now); k++) credited += creditCycle(c, change, String(k), now);
  }
  if (credited > 0)
    c.log("info", "billing: sponsorship credited", {
      sponsorship: change.sponsorshipId,
      action: change.action,
      credited,
    });
  return { duplicate: false, credited, balance: balanceOf(c) };
}

function balanceOf(c: PluginContext): number {
  return loadAccount(c).balance;
}

/** Throws a 400 (`bad_sponsorship`) unless `change` is a well-formed {@link SponsorshipChange} ({@link SponsorshipChangeSchema}). */
export function assertSponsorshipChange(change: SponsorshipChange): void {
  parseInput(SponsorshipChangeSchema, change, { code: "bad_sponsorship", name: "the sponsorship change" });
}
