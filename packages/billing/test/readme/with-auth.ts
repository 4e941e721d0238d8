// README, "With @userdo/auth": the payer is the request's session or API token.
import { type AuthEnv, auth, authRoutes } from "@userdo/auth";
import { cents } from "@userdo/billing";
import { billing, billingRoutes, paid } from "@userdo/billing/auth";
import { UserDO, withPlugins } from "@userdo/core";

export class UserObject extends withPlugins(UserDO<Env>, auth(), billing()) {}

interface Env extends AuthEnv {
  USERS: DurableObjectNamespace<UserObject>;
}

const users = (env: Env) => env.USERS;
const authHandler = authRoutes<Env>({ users });
const billingHandler = billingRoutes<Env>({ users });

export default {
  async fetch(request, env, ctx) {
    const answer = (await authHandler(request, env, ctx)) ?? (await billingHandler(request, env, ctx));
    if (answer) return answer;
    const options = { price: cents(1), scope: "api:paid", payUrl: "https://github.com/sponsors/me" };
    return paid(request, env, options, async ({ user, balance }) => Response.json({ user, balance, answer: 42 }));
  },
} satisfies ExportedHandler<Env>;
