// README, "1. Charge a request in the Worker": an app with its own login. Compiled by `pnpm typecheck`.
import { UserDO, withPlugins } from "@userdo/core";
import { billing, cents, paid } from "@userdo/billing";

export class Account extends withPlugins(UserDO<Env>, billing()) {}

interface Env {
  ACCOUNTS: DurableObjectNamespace<Account>;
}

declare function yourLogin(request: Request): Promise<string>; // your app's own: who is asking

export default {
  async fetch(request, env) {
    const user = await yourLogin(request);
    const options = { users: (env: Env) => env.ACCOUNTS, user, price: cents(1), payUrl: "https://example.com/top-up" };
    return paid(request, env, options, async ({ balance }) => {
      const answer = 42; // the paid work
      return Response.json({ answer, balance });
    });
  },
} satisfies ExportedHandler<Env>;
