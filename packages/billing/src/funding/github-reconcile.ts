import { UserDOError, userStub } from "@userdo/core";
import * as v from "valibot";
import type { UsersOption } from "../shared/billing-object.js";
import type { SponsorshipChange } from "../shared/sponsorship-change.js";

/** Options of {@link reconcileSponsors}. */
export interface ReconcileOptions<Env> extends UsersOption<Env> {
  /** A GitHub token of the sponsored account with `read:user` (and `read:org` for an org): `(env) => env.GITHUB_SPONSORS_TOKEN`. */
  readonly token: (env: Env) => string | undefined;
  /** The GraphQL endpoint (default GitHub's). */
  readonly endpoint?: string;
  /** The fetch to use (default the global one); tests pass a fake GraphQL API. */
  readonly fetch?: typeof fetch;
  /** Most pages of 100 sponsorships read in one run (default 50). */
  readonly maxPages?: number;
}

/** What one reconciliation did. */
export interface ReconcileReport {
  readonly sponsorships: number;
  /** Micro-dollars credited by this run: cycles no webhook had credited. */
  readonly credited: number;
  readonly skipped: number;
}

const QUERY = `query($cursor: String) {
  viewer {
    sponsorshipsAsMaintainer(first: 100, after: $cursor, includePrivate: true, activeOnly: true) {
      pageInfo { hasNextPage endCursor }
      nodes {
        id createdAt isOneTimePayment
        tier { monthlyPriceInCents isOneTime }
        sponsorEntity { ... on User { databaseId } ... on Organization { databaseId } }
      }
    }
  }
}`;

interface SponsorshipNode {
  readonly id?: unknown;
  readonly createdAt?: unknown;
  readonly isOneTimePayment?: unknown;
  readonly tier?: { readonly monthlyPriceInCents?: unknown; readonly isOneTime?: unknown } | null;
  readonly sponsorEntity?: { readonly databaseId?: unknown } | null;
}

interface Page {
  readonly data?: {
    readonly viewer?: {
      readonly sponsorshipsAsMaintainer?: {
        readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
        readonly nodes: readonly (SponsorshipNode | null)[];
      };
    };
  };
  readonly errors?: readonly { readonly message?: string }[];
}

const whole = v.pipe(v.number(), v.safeInteger(), v.minValue(0));

/** A GraphQL sponsorship as far as a credit needs it: its id, start, tier price and the sponsor's numeric id. */
export const SponsorshipNodeSchema = v.object({
  id: v.string(),
  createdAt: v.pipe(
    v.string(),
    v.check((at) => Number.isSafeInteger(Date.parse(at))),
  ),
  isOneTimePayment: v.optional(v.nullable(v.boolean())),
  tier: v.object({ monthlyPriceInCents: whole, isOneTime: v.optional(v.nullable(v.boolean())) }),
  sponsorEntity: v.object({ databaseId: v.pipe(whole, v.minValue(1)) }),
});

/** A GraphQL sponsorship as a change for the sponsor's object, or null when it lacks what a credit needs. */
export function snapshotOf(node: SponsorshipNode | null): { user: string; change: SponsorshipChange } | null {
  const parsed = v.safeParse(SponsorshipNodeSchema, node);
  if (!parsed.success) return null;
  const { id, createdAt, isOneTimePayment, tier, sponsorEntity } = parsed.output;
  return {
    user: String(sponsorEntity.databaseId),
    change: {
      deliveryId: null,
      action: "reconcile",
      sponsorshipId: id,
      createdAt: Date.parse(createdAt),
      tierCents: tier.monthlyPriceInCents,
      oneTime: isOneTimePayment === true || tier.isOneTime === true,
    },
  };
}

/**
 * Catches missed webhook deliveries: reads every active sponsorship from
 * GitHub's GraphQL sponsors API and hands each to its sponsor's object, which
 * credits the cycles begun and not yet credited. Credits are unique on
 * (sponsorship, cycle), so a cycle a webhook already credited is never
 * credited twice, and running this again changes nothing.
 *
 * @example
 * ```ts
 * // in the Worker's scheduled handler (a daily cron trigger)
 * await reconcileSponsors(env, { users: (env) => env.USERS, token: (env) => env.GITHUB_SPONSORS_TOKEN });
 * ```
 */
export async function reconcileSponsors<Env>(env: Env, options: ReconcileOptions<Env>): Promise<ReconcileReport> {
  const token = options.token(env);
  if (!token) throw new UserDOError(500, "github_token_missing", "the GitHub sponsors token is not configured");
  const fetchFn = options.fetch ?? fetch;
  let cursor: string | null = null;
  let sponsorships = 0;
  let credited = 0;
  let skipped = 0;
  for (let page = 0; page < (options.maxPages ?? 50); page++) {
    const response = await fetchFn(options.endpoint ?? "https://api.github.com/graphql", {
      method: "POST",
      headers: { authorization: `bearer ${token}`, "content-type": "application/json", "user-agent": "userdo-billing" },
      body: JSON.stringify({ query: QUERY, variables: { cursor } }),
    });
    if (!response.ok) throw new UserDOError(502, "github_unavailable", `GitHub GraphQL answered ${response.status}`);
    const body = (await response.json()) as Page;
    const connection = body.data?.viewer?.sponsorshipsAsMaintainer;
    if (!connection)
      throw new UserDOError(
        502,
        "github_error",
        body.errors?.[0]?.message ?? "GitHub GraphQL returned no sponsorships",
      );
    for (const node of connection.nodes) {
      const snapshot = snapshotOf(node);
      if (!snapshot) {
        skipped++;
        continue;
      }
      sponsorships++;
      const result = await userStub(options.users(env), snapshot.user).billingSponsorship(snapshot.change);
      credited += result.credited;
    }
    if (!connection.pageInfo.hasNextPage || !connection.pageInfo.endCursor) break;
    cursor = connection.pageInfo.endCursor;
  }
  return { sponsorships, credited, skipped };
}
