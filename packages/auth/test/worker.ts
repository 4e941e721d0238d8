// The app the auth tests run against, written as a user would write it.
import { UserDO, definePlugin, errorResponse, jsonError, withPlugins, type PluginContext } from "@userdo/core";
import {
  type AuthOptions,
  type Credential,
  auth,
  authRoutes,
  getUser,
  readSealedProviderToken,
  requireUser,
  verifyCredential,
} from "../src/index.js";

/** Another plugin that checks a credential inside its own transaction, as billing does. */
const paid = definePlugin({
  name: "paid",
  migrations: [{ name: "001", up: "CREATE TABLE _userdo_paid_calls (token TEXT, at INTEGER NOT NULL)" }],
  methods: {
    paidCall(this: PluginContext, credential: Credential, fail: boolean) {
      return this.ctx.storage.transactionSync(() => {
        const identity = verifyCredential(this, credential);
        if (!identity) return null;
        this.sync.exec("INSERT INTO _userdo_paid_calls VALUES (?, ?)", identity.tokenId, Date.now());
        if (fail) throw new Error("charge failed");
        return this.sync.exec<{ n: number }>("SELECT count(*) AS n FROM _userdo_paid_calls").one().n;
      });
    },
    sealedProviderToken(this: PluginContext) {
      return readSealedProviderToken(this);
    },
    authRows(this: PluginContext, table: string) {
      return this.sync.exec(`SELECT * FROM ${table}`).toArray();
    },
  },
});

export class UserObject extends withPlugins(UserDO<Cloudflare.Env>, auth(), paid) {}

/** A user object without the auth plugin, to see the clear error. */
export class BareObject extends UserDO<Cloudflare.Env> {}

export const authOptions: AuthOptions<Cloudflare.Env> = {
  users: (env) => env.USERS,
  allowedRedirectOrigins: ["https://docs.example.com"],
};

const handleAuth = authRoutes(authOptions);

export default {
  async fetch(request, env, ctx): Promise<Response> {
    const answer = await handleAuth(request, env, ctx);
    if (answer) return answer;
    const url = new URL(request.url);
    try {
      if (url.pathname === "/api/whoami") return Response.json(await getUser(request, env, authOptions));
      if (url.pathname === "/api/todos") {
        const scope = request.method === "GET" ? "todo:read" : "todo:write";
        const user = await requireUser(request, env, { ...authOptions, scope });
        return Response.json({ ok: true, user: user.user, scope });
      }
    } catch (error) {
      return errorResponse(error);
    }
    return jsonError(404, "not_found", "not found");
  },
} satisfies ExportedHandler<Cloudflare.Env>;
