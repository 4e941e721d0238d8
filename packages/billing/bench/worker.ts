// The Worker `bench/run.mjs` times: an anonymous route, a paid route (one
// object call) and sponsorflare's three-call shape, over the same user object.
import { type Credential, auth } from "@userdo/auth";
import { UserDO, userStub, withPlugins } from "@userdo/core";
import { billing, charge } from "../src/index.js";

export class UserObject extends withPlugins(UserDO<BenchEnv>, auth(), billing()) {}

interface BenchEnv {
  USERS: DurableObjectNamespace<UserObject>;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function randomHex(bytes: number): string {
  return [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

const profile = (id: string) => ({ id, login: "bench", name: null, avatarUrl: null, email: null, bio: null, blog: null, twitterUsername: null, createdAt: null, sourceDomain: null });

/** One object call: the credential is verified and the charge made in one transaction. */
async function paidOnce(request: Request, env: BenchEnv): Promise<void> {
  const paid = await charge(request, env, { amount: 100 });
  if (!paid.charged) throw new Error(`not charged: ${paid.reason}`);
}

/** The charge RPC alone, with the credential hashed once: no request parsing, no hashing. */
async function chargeRpc(env: BenchEnv, credential: Credential, i: number): Promise<void> {
  const call = await userStub(env.USERS, credential.user).billingCharge(credential, { amount: 100, key: `rpc-${crypto.randomUUID()}-${i}` });
  if (!call.authenticated || !call.result.charged) throw new Error("not charged");
}

async function credentialFrom(authorization: string): Promise<Credential> {
  const [, user = "", secret = ""] = authorization.slice("Bearer ".length).split("_");
  return { kind: "token", user, secretHash: await sha256Hex(secret) };
}

/** sponsorflare's shape: verify, read the balance, then charge: three object calls. */
async function threeCalls(request: Request, env: BenchEnv): Promise<void> {
  const credential = await credentialFrom(request.headers.get("authorization") ?? "");
  const stub = userStub(env.USERS, credential.user);
  if (!(await stub.authWhoAmI(credential))) throw new Error("unauthenticated");
  const account = await stub.billingAccount(credential);
  if (!account.authenticated || account.result.available < 100) throw new Error("payment required");
  await stub.billingChargeAccount({ amount: 100, key: crypto.randomUUID() });
}

export default {
  async fetch(request: Request, env: BenchEnv): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/anon") return new Response("ok");
    if (url.pathname === "/setup") {
      // Bench only: a funded user and a token, without GitHub.
      const user = url.searchParams.get("user") ?? "424242";
      const secret = randomHex(32);
      const stub = userStub(env.USERS, user);
      const token = { id: `tok_${randomHex(12)}`, secretHash: await sha256Hex(secret), name: "bench", scopes: ["*"], budget: null, expiresAt: Date.now() + 3_600_000 };
      await stub.authSignIn({ profile: profile(user), providerToken: null, stateHash: null, token });
      await stub.billingCredit({ source: "bench", externalId: "fund", amount: 1_000_000_000 });
      return new Response(`udo_${user}_${secret}`);
    }
    if (url.pathname === "/loop") {
      // n requests of one kind, run back to back in this one HTTP request, so
      // the timing outside (minus an empty loop) is the requests' own cost.
      const kind = url.searchParams.get("kind");
      const n = Number(url.searchParams.get("n") ?? "0");
      const authorization = request.headers.get("authorization") ?? "";
      let credential: Credential | undefined;
      for (let i = 0; i < n; i++) {
        const paidRequest = new Request(`https://bench.example/paid/${i}`, { headers: { authorization } });
        if (kind === "paid") await paidOnce(paidRequest, env);
        else if (kind === "three") await threeCalls(paidRequest, env);
        else if (kind === "read") await env.USERS.get(env.USERS.idFromName("424242")).billingSnapshot();
        else if (kind === "write") await env.USERS.get(env.USERS.idFromName("424242")).billingCredit({ source: "bench", externalId: crypto.randomUUID(), amount: 1 });
        else if (kind === "rpc") await chargeRpc(env, credential ??= await credentialFrom(authorization), i);
      }
      return new Response("ok");
    }
    return new Response("not found", { status: 404 });
  },
};
