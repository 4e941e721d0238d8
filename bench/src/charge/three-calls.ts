import { readCredential } from "@userdo/auth";
import { requestKey, sourceOf } from "@userdo/billing";
import { UserDOError, userStub } from "@userdo/core";

/**
 * A paid request in sponsorflare's shape: three awaited object calls (verify
 * the credential, read the balance, charge) where `charge()` makes one. The
 * same credential parsing and hashing, idempotency key, source and amount as
 * `charge()`; a 401 or 402 is thrown as a `UserDOError`, as the bench's
 * routes answer errors. The ledger still checks the balance in the third
 * call, so a balance spent between the calls is refused, never overdrawn.
 *
 * @example
 * ```ts
 * const { balance } = await chargeInThreeCalls(request, env, PAID_PRICE);
 * ```
 */
export async function chargeInThreeCalls(
  request: Request,
  env: Env,
  amount: number,
): Promise<{ readonly user: string; readonly balance: number }> {
  const credential = await readCredential(request, { env });
  if (!credential) throw new UserDOError(401, "unauthenticated", "log in first");
  const stub = userStub(env.USERS, credential.user);
  if (!(await stub.authWhoAmI(credential))) throw new UserDOError(401, "unauthenticated", "log in first");
  const account = await stub.billingAccountAs(credential);
  if (!account.authenticated) throw new UserDOError(401, "unauthenticated", "log in first");
  if (account.result.available < amount)
    throw new UserDOError(402, "insufficient_funds", "the balance does not cover this charge");
  const outcome = await stub.billingChargeAccount({ amount, key: requestKey(request), source: sourceOf(request) });
  if (!outcome.charged) throw new UserDOError(402, outcome.reason, outcome.message);
  return { user: credential.user, balance: outcome.balance };
}
