import { ConfigurationError } from "@userdo/core";
import { MAX_AMOUNT } from "../shared/money.js";

/** The wrangler vars x402 reads. None is a secret: an address, a network, a URL, prices. */
export interface X402Vars {
  /** The address paid (yours): `0x` and 40 hex digits. */
  readonly X402_PAY_TO?: string;
  /** The CAIP-2 network: `eip155:84532` (Base Sepolia), `eip155:8453` (Base). */
  readonly X402_NETWORK?: string;
  /** The facilitator that verifies and settles: `https://x402.org/facilitator` on testnets. */
  readonly X402_FACILITATOR_URL?: string;
  /** Micro-dollars per path, as a JSON object (or its text): `{"/api/paid": 10000, "/x402/top-up": 1000000}`. */
  readonly X402_PRICES?: string | object;
  /** The token paid in; default the network's USDC. Another token needs the three vars below too. */
  readonly X402_ASSET?: string;
  /** The token's EIP-712 domain name (`USD Coin`), its version (`2`) and its decimals (`6`, at least 6). */
  readonly X402_ASSET_NAME?: string;
  readonly X402_ASSET_VERSION?: string;
  readonly X402_ASSET_DECIMALS?: string;
  /** How long a signed payment stays valid, in seconds (default 300). */
  readonly X402_MAX_TIMEOUT_SECONDS?: string;
  /** How long to wait for the facilitator, in milliseconds (default 30000). */
  readonly X402_FACILITATOR_TIMEOUT_MS?: string;
}

/** A token other than the network's default, described by its EIP-712 domain. */
export interface X402Asset {
  readonly address: string;
  readonly name: string;
  readonly version: string;
  readonly decimals: number;
}

/** x402 settings, checked: what the payment requirements and the facilitator client are built from. */
export interface X402Settings {
  readonly payTo: string;
  readonly network: string;
  readonly facilitatorUrl: string;
  /** Micro-dollars per path. */
  readonly prices: ReadonlyMap<string, number>;
  /** The token paid in, or null for the network's default (USDC). */
  readonly asset: X402Asset | null;
  readonly maxTimeoutSeconds: number;
  readonly facilitatorTimeoutMs: number;
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const NETWORK = /^eip155:[1-9][0-9]{0,15}$/;

function fail(name: string, what: string): never {
  throw new ConfigurationError("x402_not_configured", `x402: set the wrangler var ${name} to ${what}`);
}

function integer(raw: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < min || n > max) fail(name, `an integer from ${min} to ${max}`);
  return n;
}

function prices(raw: X402Vars["X402_PRICES"]): Map<string, number> {
  const what = 'a JSON object of path to micro-dollars, e.g. {"/api/paid": 10000}';
  let parsed: unknown = raw;
  if (typeof raw === "string") {
    try {
      parsed = JSON.parse(raw);
    } catch {
      fail("X402_PRICES", what);
    }
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) fail("X402_PRICES", what);
  const map = new Map<string, number>();
  for (const [path, price] of Object.entries(parsed)) {
    if (
      !path.startsWith("/") ||
      typeof price !== "number" ||
      !Number.isSafeInteger(price) ||
      price < 1 ||
      price > MAX_AMOUNT
    )
      fail(
        "X402_PRICES",
        `${what}; "${path.slice(0, 64)}" needs a path starting with "/" and an integer price of at least 1`,
      );
    map.set(path, price);
  }
  if (map.size === 0) fail("X402_PRICES", what);
  return map;
}

function facilitatorUrl(raw: string | undefined): string {
  const what = "the facilitator's https URL, e.g. https://x402.org/facilitator";
  if (!raw) fail("X402_FACILITATOR_URL", what);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    fail("X402_FACILITATOR_URL", what);
  }
  const local = url.hostname === "127.0.0.1" || url.hostname === "localhost";
  if (url.protocol !== "https:" && !(local && url.protocol === "http:")) fail("X402_FACILITATOR_URL", what);
  if (url.username || url.password || url.search)
    fail("X402_FACILITATOR_URL", `${what} (no credentials or query: vars are not secret)`);
  return url.href.replace(/\/+$/, "");
}

function asset(vars: X402Vars): X402Asset | null {
  if (!vars.X402_ASSET) return null;
  if (!ADDRESS.test(vars.X402_ASSET)) fail("X402_ASSET", "the token's contract address (0x and 40 hex digits)");
  if (!vars.X402_ASSET_NAME) fail("X402_ASSET_NAME", "the token's EIP-712 domain name (e.g. USD Coin)");
  if (!vars.X402_ASSET_VERSION) fail("X402_ASSET_VERSION", "the token's EIP-712 domain version (e.g. 2)");
  const decimals = integer(vars.X402_ASSET_DECIMALS, "X402_ASSET_DECIMALS", -1, 6, 36);
  if (decimals < 0) fail("X402_ASSET_DECIMALS", "the token's decimals (6 to 36)");
  return { address: vars.X402_ASSET, name: vars.X402_ASSET_NAME, version: vars.X402_ASSET_VERSION, decimals };
}

/**
 * Reads and checks the x402 wrangler vars; a missing or bad one is a
 * `ConfigurationError` (500 `x402_not_configured`) naming the var to set.
 *
 * @example
 * ```ts
 * const settings = x402Settings({
 *   X402_PAY_TO: "0x209693Bc6afc0C5328bA36FaF03C514EF312287C",
 *   X402_NETWORK: "eip155:84532",
 *   X402_FACILITATOR_URL: "https://x402.org/facilitator",
 *   X402_PRICES: '{"/api/paid": 10000}',
 * });
 * settings.prices.get("/api/paid"); // 10000
 * ```
 */
export function x402Settings(vars: X402Vars): X402Settings {
  if (!vars.X402_PAY_TO || !ADDRESS.test(vars.X402_PAY_TO))
    fail("X402_PAY_TO", "the address you are paid at (0x and 40 hex digits)");
  if (!vars.X402_NETWORK || !NETWORK.test(vars.X402_NETWORK))
    fail("X402_NETWORK", "a CAIP-2 EVM network, e.g. eip155:84532 (Base Sepolia) or eip155:8453 (Base)");
  return {
    payTo: vars.X402_PAY_TO,
    network: vars.X402_NETWORK,
    facilitatorUrl: facilitatorUrl(vars.X402_FACILITATOR_URL),
    prices: prices(vars.X402_PRICES),
    asset: asset(vars),
    maxTimeoutSeconds: integer(vars.X402_MAX_TIMEOUT_SECONDS, "X402_MAX_TIMEOUT_SECONDS", 300, 10, 3600),
    facilitatorTimeoutMs: integer(
      vars.X402_FACILITATOR_TIMEOUT_MS,
      "X402_FACILITATOR_TIMEOUT_MS",
      30_000,
      100,
      120_000,
    ),
  };
}
