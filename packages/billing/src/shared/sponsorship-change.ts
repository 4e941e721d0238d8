import { fieldError } from "@userdo/core";
import * as v from "valibot";

/**
 * The `sponsorship` webhook actions GitHub sends.
 *
 * @example
 * ```ts
 * declare const payload: { action: SponsorshipAction };
 * SPONSORSHIP_ACTIONS.includes(payload.action); // known action?
 * ```
 */
export const SPONSORSHIP_ACTIONS = [
  "created",
  "cancelled",
  "edited",
  "tier_changed",
  "pending_cancellation",
  "pending_tier_change",
] as const;

/** A `sponsorship` webhook action. */
export type SponsorshipAction = (typeof SPONSORSHIP_ACTIONS)[number];

/** One sponsorship fact for the sponsor's object: a webhook delivery, or a reconciliation snapshot. */
export interface SponsorshipChange {
  /** `X-GitHub-Delivery`, deduplicated here; null for a reconciliation snapshot. */
  readonly deliveryId: string | null;
  readonly action: SponsorshipAction | "reconcile";
  /** The sponsorship's GraphQL node id. */
  readonly sponsorshipId: string;
  /** When the sponsorship began (ms): cycle 0 starts there. */
  readonly createdAt: number;
  /** The tier's price in cents per month (or once, for a one-time tier). */
  readonly tierCents: number;
  readonly oneTime: boolean;
}

/** What `billingSponsorship` takes: a verified webhook's change, or a reconciliation snapshot; else `bad_sponsorship`. */
export const SponsorshipChangeSchema = v.pipe(
  v.object({
    deliveryId: v.nullable(v.string()),
    action: v.picklist([...SPONSORSHIP_ACTIONS, "reconcile"]),
    sponsorshipId: v.pipe(v.string(), v.regex(/^[\x21-\x7e]{1,100}$/)),
    createdAt: v.pipe(v.number(), v.safeInteger()),
    tierCents: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
    oneTime: v.boolean(),
  }),
  fieldError("bad_sponsorship", "must be a well-formed sponsorship change"),
);
