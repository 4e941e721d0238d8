import { auth } from "@userdo/auth";
import { billing } from "@userdo/billing/auth";
import { UserDO, withPlugins } from "@userdo/core";

/**
 * The user's account: profile, sessions and tokens (`auth()`) and the ledger
 * (`billing()`). The Worker verifies and charges here in one call before it
 * touches the todo database.
 *
 * @example
 * ```ts
 * const paid = await charge(request, env, { users: (env) => env.USERS, amount: PRICE_PER_WRITE });
 * ```
 */
export class UserObject extends withPlugins(UserDO<Env>, auth(), billing()) {}
