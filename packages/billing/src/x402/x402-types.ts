// The x402 v2 wire types this entry uses, written out: the same shapes as
// @x402/core's, so the public declarations never load @x402/core's own (they
// need Node's types, which a Worker's TypeScript project does not have).

/** A CAIP-2 network: `eip155:84532`. */
export type Network = `${string}:${string}`;

/** What the resource being paid for is. */
export interface ResourceInfo {
  readonly url: string;
  readonly description?: string;
  readonly mimeType?: string;
}

/** One accepted way to pay (x402 v2 `PaymentRequirements`). */
export interface PaymentRequirements {
  scheme: string;
  network: Network;
  asset: string;
  /** In the token's smallest unit, as a decimal string. */
  amount: string;
  payTo: string;
  maxTimeoutSeconds: number;
  extra: Record<string, unknown>;
}

/** What a 402's `PAYMENT-REQUIRED` carries. */
export interface PaymentRequired {
  x402Version: number;
  error?: string;
  resource: ResourceInfo;
  accepts: PaymentRequirements[];
  extensions?: Record<string, unknown>;
}

/** What a client's `PAYMENT-SIGNATURE` carries. */
export interface PaymentPayload {
  x402Version: number;
  resource?: ResourceInfo;
  accepted: PaymentRequirements;
  payload: Record<string, unknown>;
  extensions?: Record<string, unknown>;
}

/** What `PAYMENT-RESPONSE` carries: the facilitator's settlement. */
export interface SettleResponse {
  success: boolean;
  errorReason?: string;
  errorMessage?: string;
  payer?: string;
  transaction: string;
  network: Network;
  amount?: string;
}
