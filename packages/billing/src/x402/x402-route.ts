import { ConfigurationError } from "@userdo/core";
import type { BillingNamespace } from "../shared/billing-object.js";
import { type UsersFrom, usersNamespace } from "../worker/users.js";
import { PAYMENT_SIGNATURE_HEADER, x402Requirements } from "./requirements.js";
import type { X402Settings } from "./x402-config.js";
import type { PaymentRequirements } from "./x402-types.js";

/** What every x402 route is given: the settings, its price (default its path's in `X402_PRICES`), where else to pay. */
export type X402RouteOptions<Env> = UsersFrom<Env> & {
  /** The checked settings, usually `(env) => x402Settings(env)`. */
  readonly x402: (env: Env) => X402Settings;
  /** Micro-dollars; default the route's price in `X402_PRICES` (by the request's path). */
  readonly price?: number | undefined;
  readonly payUrl?: string | undefined;
};

/** A request to an x402 route, read once: what it costs, what to pay, where, and the payment it carries. */
export interface X402Request {
  readonly settings: X402Settings;
  readonly price: number;
  readonly requirements: PaymentRequirements;
  readonly users: BillingNamespace;
  readonly payUrl: string | null;
  /** `PAYMENT-SIGNATURE`, when the request pays. */
  readonly header: string | null;
}

/** The price of a path from the settings, or a ConfigurationError naming the var. */
export function routePrice(settings: X402Settings, request: Request, price: number | undefined): number {
  if (price !== undefined) return price;
  const path = new URL(request.url).pathname;
  const found = settings.prices.get(path);
  if (found === undefined)
    throw new ConfigurationError(
      "x402_not_configured",
      `x402: X402_PRICES has no price for ${path}: add it (micro-dollars)`,
    );
  return found;
}

/** Reads an x402 route's request against its options (a ConfigurationError for a route without a price). */
export async function readX402Request<Env>(
  request: Request,
  env: Env,
  options: X402RouteOptions<Env>,
): Promise<X402Request> {
  const settings = options.x402(env);
  const price = routePrice(settings, request, options.price);
  return {
    settings,
    price,
    requirements: await x402Requirements(settings, price),
    users: usersNamespace<Env, BillingNamespace>(env, options.users as ((env: Env) => BillingNamespace) | undefined),
    payUrl: options.payUrl ?? null,
    header: request.headers.get(PAYMENT_SIGNATURE_HEADER),
  };
}
