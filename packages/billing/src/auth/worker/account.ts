import type { Identity, Profile } from "@userdo/auth";
import { userStub } from "@userdo/core";
import type { AccountView } from "../../shared/ledger-types.js";
import { credentialOf } from "./credential.js";
import type { BillingNamespace } from "./options.js";
import { type UsersFrom, callerNamespace } from "./options.js";

/** The caller's account, as `GET /balance` and `getSponsor` without a charge read it. */
export interface CallerAccount {
  readonly user: string;
  readonly via: Identity["via"];
  readonly tokenId: string | null;
  readonly account: AccountView;
  readonly profile: Profile | null;
}

/**
 * The caller's balance and totals (and profile), in one object call that
 * verifies the session or token; null without a valid one.
 *
 * @example
 * ```ts
 * const me = await readAccount(request, env, { users: (env) => env.USERS });
 * if (me) console.log(me.account.balance);
 * ```
 */
export function readAccount<Env>(
  request: Request,
  env: Env,
  options: UsersFrom<Env> & { readonly withProfile?: boolean },
): Promise<CallerAccount | null> {
  return readCallerAccount(request, env, options.users, options.withProfile ?? false);
}

/** {@link readAccount} with the namespace resolved separately. */
export async function readCallerAccount<Env>(
  request: Request,
  env: Env,
  users: ((env: Env) => BillingNamespace) | undefined,
  withProfile: boolean,
): Promise<CallerAccount | null> {
  const credential = await credentialOf(request, env);
  if (!credential) return null;
  const stub = userStub(callerNamespace(env, users), credential.user);
  const call = await stub.billingAccountAs(credential, { withProfile });
  if (!call.authenticated) return null;
  return { user: call.user, via: call.via, tokenId: call.tokenId, account: call.result, profile: call.profile };
}
