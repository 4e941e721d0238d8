import { auth } from "@userdo/auth";
import { usd } from "@userdo/billing";
import { billing } from "@userdo/billing/auth";
import { UserDO, withPlugins } from "@userdo/core";

/**
 * Each month an owner's apps get this many requests free, then each costs
 * {@link PRICE_PER_REQUEST} from the prepaid balance.
 */
export const INCLUDED_REQUESTS = 50;
/** Micro-dollars per request beyond the free ones: $0.0001. */
export const PRICE_PER_REQUEST = usd(0.0001);

/**
 * An app owner's object (named by their GitHub id): login (`auth()`) and the
 * prepaid quota (`billing()` with Codius-style metering). The dispatch Worker
 * meters each request to the owner's apps here, in one call, before it
 * forwards the request; Stripe top-ups are credited here by the webhook.
 *
 * @example
 * ```ts
 * const metered = await meterRequest(request, env, { users: (env) => env.OWNERS, account: "583231" });
 * ```
 */
export class OwnerObject extends withPlugins(
  UserDO<Env>,
  auth(),
  billing({ metering: { includedRequests: INCLUDED_REQUESTS, period: "month", pricePerRequest: PRICE_PER_REQUEST } }),
) {}
