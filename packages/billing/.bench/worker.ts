import { auth } from "@userdo/auth";
import { UserDO, userStub, withPlugins } from "@userdo/core";
import { billing, charge } from "../src/index.js";

export class UserObject extends withPlugins(UserDO<Env>, auth(), billing()) {}
interface Env { USERS: DurableObjectNamespace<UserObject> }

async function sha256Hex(text: string) {
  const d = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/anon") return new Response("ok");
    if (url.pathname === "/setup") {
      const user = url.searchParams.get("user")!;
      const secret = [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, "0")).join("");
      const stub = userStub(env.USERS, user);
      await stub.authSignIn({
        profile: { id: user, login: "b", name: null, avatarUrl: null, email: null, bio: null, blog: null, twitterUsername: null, createdAt: null, sourceDomain: null },
        providerToken: null, stateHash: null,
        token: { id: `tok_${secret.slice(0, 24)}`, secretHash: await sha256Hex(secret), name: "bench", scopes: ["*"], budget: null, expiresAt: Date.now() + 3_600_000 },
      });
      await stub.billingCredit({ source: "bench", externalId: "fund", amount: 1_000_000_000 });
      return new Response(`udo_${user}_${secret}`);
    }
    if (url.pathname === "/paid") {
      const paid = await charge(request, env, { amount: 100 });
      return paid.charged ? new Response("ok") : paid.response;
    }
    if (url.pathname === "/three-hops") {
      // sponsorflare's shape: verify, read the balance, then charge: three object calls.
      const token = request.headers.get("authorization")!.slice(7);
      const [, user, secret] = token.split("_");
      const credential = { kind: "token" as const, user: user!, secretHash: await sha256Hex(secret!) };
      const stub = userStub(env.USERS, user!);
      const who = await stub.authWhoAmI(credential);
      if (!who) return new Response("no", { status: 401 });
      const account = await stub.billingAccount(credential);
      if (!account.authenticated || account.result.available < 100) return new Response("no", { status: 402 });
      await stub.billingChargeAccount({ amount: 100, key: crypto.randomUUID() });
      return new Response("ok");
    }
    return new Response("not found", { status: 404 });
  },
};
