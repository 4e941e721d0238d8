import { ConfigurationError } from "@userdo/core";
import type { PaymentRequired, PaymentRequirements } from "./x402-types.js";
import { encodePaymentRequiredHeader } from "@x402/core/http";
import { ExactEvmScheme } from "@x402/evm/exact/server";
import type { X402Settings } from "./x402-config.js";

/** The header a 402 carries with what to pay (base64 JSON), as x402 v2 names it. */
export const PAYMENT_REQUIRED_HEADER = "payment-required";
/** The header a client pays with. */
export const PAYMENT_SIGNATURE_HEADER = "payment-signature";
/** The header an answer carries once its payment settled. */
export const PAYMENT_RESPONSE_HEADER = "payment-response";

const scheme = new ExactEvmScheme();

/** Micro-dollars as a decimal dollar string, exactly (no float): 10000 -> "0.010000". */
function dollars(price: number): string {
  return `${Math.floor(price / 1_000_000)}.${String(price % 1_000_000).padStart(6, "0")}`;
}

/**
 * What a request of `price` micro-dollars must pay: the `exact` scheme on the
 * configured network, to `payTo`, in the network's USDC (the maintained
 * `@x402/evm` table: address, EIP-712 domain, decimals) or the configured token.
 *
 * @example
 * ```ts
 * const requirements = await x402Requirements(x402Settings(env), 10_000); // { scheme: "exact", amount: "10000", ... }
 * ```
 */
export async function x402Requirements(settings: X402Settings, price: number): Promise<PaymentRequirements> {
  const base = { scheme: "exact", network: settings.network as `${string}:${string}`, payTo: settings.payTo };
  const timeout = { maxTimeoutSeconds: settings.maxTimeoutSeconds };
  if (settings.asset !== null) {
    const { address, name, version, decimals } = settings.asset;
    const amount = (BigInt(price) * 10n ** BigInt(decimals - 6)).toString();
    return { ...base, asset: address, amount, ...timeout, extra: { name, version } };
  }
  let parsed: Awaited<ReturnType<ExactEvmScheme["parsePrice"]>>;
  try {
    parsed = await scheme.parsePrice(`$${dollars(price)}`, settings.network as `${string}:${string}`);
  } catch (cause) {
    throw new ConfigurationError(
      "x402_not_configured",
      `x402: ${settings.network} has no default token: set X402_ASSET, X402_ASSET_NAME, X402_ASSET_VERSION and X402_ASSET_DECIMALS`,
      { cause },
    );
  }
  return { ...base, asset: parsed.asset, amount: parsed.amount, ...timeout, extra: { ...parsed.extra } };
}

/**
 * The `PAYMENT-REQUIRED` header's value for a resource: x402 v2, one accepted
 * way to pay, and why the last payment was refused (`error`) when there was one.
 *
 * @example
 * ```ts
 * const requirements = await x402Requirements(x402Settings(env), 10_000);
 * const headers = new Headers({ [PAYMENT_REQUIRED_HEADER]: paymentRequiredHeader(request.url, requirements) });
 * ```
 */
export function paymentRequiredHeader(url: string, requirements: PaymentRequirements, error?: string): string {
  const u = new URL(url);
  const body: PaymentRequired = {
    x402Version: 2,
    ...(error !== undefined && { error }),
    resource: { url: `${u.origin}${u.pathname}` },
    accepts: [requirements],
  };
  return encodePaymentRequiredHeader(body);
}
