// A fake x402 facilitator at the network edge (Miniflare's outboundService), this
// example's own copy (an example never depends on the repository's private test code): it
// verifies and settles with the protocol's own code, the exact-EVM facilitator
// scheme of @x402/evm (EIP-712 signature recovery by viem), over a fake chain
// that keeps balances, used EIP-3009 nonces and every settlement. Runs in the
// test process (Node), never in the Worker.
import { ExactEvmScheme } from "@x402/evm/exact/facilitator";
import type { PaymentPayload, PaymentRequirements } from "@x402/core/types";
import { eip3009ABI } from "@x402/evm";
import {
  decodeFunctionData,
  encodeAbiParameters,
  encodeEventTopics,
  encodeFunctionResult,
  getAddress,
  keccak256,
  toHex,
} from "viem";

/** The facilitator's host in tests: set `X402_FACILITATOR_URL` to `https://facilitator.test`. */
export const FAKE_FACILITATOR_HOST = "facilitator.test";

/** How the fake answers `/verify` or `/settle`: normally, with a 503, or never (until the client gives up). */
export type FaultMode = "ok" | "503" | "hang";

/** A settlement the fake made: who paid whom, how much, in which transaction. */
export interface FakeSettlement {
  readonly transaction: string;
  readonly from: string;
  readonly to: string;
  readonly value: string;
  readonly nonce: string;
  readonly asset: string;
}

const STARTING_BALANCE = 10n ** 12n; // a million USDC for every address
const TOKENS: Record<string, { name: string; version: string }> = {
  "0x036cbd53842c5426634e7929541ec2318f3dcf7e": { name: "USDC", version: "2" },
  "0x833589fcd6edb6e08f4c7c32d4f71b54bda02913": { name: "USD Coin", version: "2" },
};
const FACILITATOR = "0x00000000000000000000000000000000000fac11" as const;
const transferEvent = [
  {
    type: "event",
    name: "Transfer",
    inputs: [
      { name: "from", type: "address", indexed: true },
      { name: "to", type: "address", indexed: true },
      { name: "value", type: "uint256", indexed: false },
    ],
  },
] as const;

/** The fake chain: balances, used nonces, receipts and settlements; reset between tests with `/_reset`. */
const chain = {
  balances: new Map<string, bigint>(),
  usedNonces: new Set<string>(),
  receipts: new Map<string, { asset: string; from: string; to: string; value: bigint }>(),
  settlements: [] as FakeSettlement[],
  verifyMode: "ok" as FaultMode,
  settleMode: "ok" as FaultMode,
  verifyCalls: 0,
  settleCalls: 0,
};

const balanceOf = (token: string, who: string) =>
  chain.balances.get(`${token}:${who}`.toLowerCase()) ?? STARTING_BALANCE;

type Call = { address: `0x${string}`; functionName: string; args?: readonly unknown[] };

function simulateTransfer(token: string, args: readonly unknown[]): void {
  const [from, , value, validAfter, validBefore, nonce] = args as [string, string, bigint, bigint, bigint, string];
  const now = BigInt(Math.floor(Date.now() / 1000));
  if (chain.usedNonces.has(`${token}:${from}:${nonce}`.toLowerCase()))
    throw new Error("FiatTokenV2: authorization is used or canceled");
  if (now <= validAfter) throw new Error("FiatTokenV2: authorization is not yet valid");
  if (now >= validBefore) throw new Error("FiatTokenV2: authorization is expired");
  if (balanceOf(token, from) < value) throw new Error("ERC20: transfer amount exceeds balance");
}

/** Multicall3's `tryAggregate`, as @x402/evm uses it to diagnose a failed simulation. */
function tryAggregate(calls: readonly { target: `0x${string}`; callData: `0x${string}` }[]) {
  return calls.map(({ target, callData }) => {
    try {
      const { functionName, args } = decodeFunctionData({ abi: eip3009ABI, data: callData });
      const result = read({ address: target, functionName, args: args ?? [] });
      const returnData =
        functionName === "transferWithAuthorization"
          ? "0x"
          : encodeFunctionResult({ abi: eip3009ABI, functionName, result } as never);
      return { success: true, returnData };
    } catch {
      return { success: false, returnData: "0x" };
    }
  });
}

function read(call: Call): unknown {
  const token = call.address.toLowerCase();
  const args = call.args ?? [];
  switch (call.functionName) {
    case "tryAggregate":
      return tryAggregate(args[1] as never);
    case "transferWithAuthorization":
      simulateTransfer(token, args);
      return undefined;
    case "balanceOf":
      return balanceOf(token, String(args[0]));
    case "name":
      return TOKENS[token]?.name ?? "Token";
    case "version":
      return TOKENS[token]?.version ?? "1";
    case "authorizationState":
      return chain.usedNonces.has(`${token}:${args[0]}:${args[1]}`.toLowerCase());
    default:
      throw new Error(`the fake chain does not know ${call.functionName}`);
  }
}

const signer = {
  getAddresses: () => [FACILITATOR] as const,
  readContract: async (call: Call) => read(call),
  verifyTypedData: async () => {
    throw new Error("not used: EOA signatures are recovered by @x402/evm itself");
  },
  writeContract: async (call: Call & { args: readonly unknown[] }) => {
    const token = call.address.toLowerCase();
    simulateTransfer(token, call.args);
    const [from, to, value, , , nonce] = call.args as [string, string, bigint, bigint, bigint, string];
    chain.usedNonces.add(`${token}:${from}:${nonce}`.toLowerCase());
    chain.balances.set(`${token}:${from}`.toLowerCase(), balanceOf(token, from) - value);
    chain.balances.set(`${token}:${to}`.toLowerCase(), balanceOf(token, to) + value);
    const transaction = keccak256(toHex(`${token}:${from}:${nonce}`));
    chain.receipts.set(transaction, { asset: call.address, from, to, value });
    chain.settlements.push({ transaction, from, to, value: value.toString(), nonce, asset: call.address });
    return transaction;
  },
  sendTransaction: async () => {
    throw new Error("the fake chain sends no raw transactions");
  },
  waitForTransactionReceipt: async ({ hash }: { hash: `0x${string}` }) => {
    const r = chain.receipts.get(hash);
    if (!r) return { status: "reverted", logs: [] };
    const topics = encodeEventTopics({
      abi: transferEvent,
      eventName: "Transfer",
      args: { from: getAddress(r.from), to: getAddress(r.to) },
    });
    const data = encodeAbiParameters([{ type: "uint256" }], [r.value]);
    return {
      status: "success",
      logs: [{ address: r.asset, topics, data, blockNumber: 1n, logIndex: 0, transactionHash: hash }],
    };
  },
  // Tokens are contracts; payers are plain accounts (EOAs).
  getCode: async ({ address }: { address: string }) => (TOKENS[address.toLowerCase()] ? "0x6080" : "0x"),
};

const scheme = new ExactEvmScheme(signer as never);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function fault(mode: FaultMode): Promise<Response | null> {
  if (mode === "503") return new Response("facilitator down", { status: 503 });
  if (mode === "hang") {
    await sleep(4_000);
    return new Response("too late", { status: 504 });
  }
  return null;
}

function json(value: unknown): Response {
  return new Response(
    JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v)),
    {
      headers: { "content-type": "application/json" },
    },
  );
}

/**
 * The facilitator's HTTP API as x402 defines it (`POST /verify`, `POST /settle`,
 * `GET /supported`), plus test controls: `POST /_mode {"verify","settle"}`
 * (`ok`, `503`, `hang`), `GET /_state` (settlements and call counts), `POST /_reset`.
 * Any other host is a 502: no network in tests.
 *
 * @example
 * ```ts
 * export default workersTestConfig("./wrangler.test.jsonc", { outboundService: fakeFacilitator });
 * ```
 */
export async function fakeFacilitator(request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (url.hostname !== FAKE_FACILITATOR_HOST) return new Response("no network in tests", { status: 502 });
  switch (`${request.method} ${url.pathname}`) {
    case "GET /supported":
      return json({
        kinds: [{ x402Version: 2, scheme: "exact", network: "eip155:84532" }],
        extensions: [],
        signers: {},
      });
    case "POST /verify": {
      chain.verifyCalls++;
      const down = await fault(chain.verifyMode);
      if (down) return down;
      const body = (await request.json()) as {
        paymentPayload: PaymentPayload;
        paymentRequirements: PaymentRequirements;
      };
      return json(await scheme.verify(body.paymentPayload, body.paymentRequirements));
    }
    case "POST /settle": {
      chain.settleCalls++;
      const down = await fault(chain.settleMode);
      if (down) return down;
      const body = (await request.json()) as {
        paymentPayload: PaymentPayload;
        paymentRequirements: PaymentRequirements;
      };
      return json(await scheme.settle(body.paymentPayload, body.paymentRequirements));
    }
    case "POST /_mode": {
      const mode = (await request.json()) as { verify?: FaultMode; settle?: FaultMode };
      chain.verifyMode = mode.verify ?? "ok";
      chain.settleMode = mode.settle ?? "ok";
      return json({ ok: true });
    }
    case "GET /_state":
      return json({ settlements: chain.settlements, verifyCalls: chain.verifyCalls, settleCalls: chain.settleCalls });
    case "POST /_reset":
      chain.settlements.length = 0;
      chain.verifyCalls = 0;
      chain.settleCalls = 0;
      chain.verifyMode = "ok";
      chain.settleMode = "ok";
      return json({ ok: true });
    default:
      return json({ error: "not faked" });
  }
}
