import type { BareObject, UserObject } from "./worker.js";

declare global {
  namespace Cloudflare {
    interface Env {
      USERS: DurableObjectNamespace<UserObject>;
      BARE: DurableObjectNamespace<BareObject>;
      GITHUB_CLIENT_ID: string;
      GITHUB_CLIENT_SECRET: string;
      X_CLIENT_ID: string;
      X_CLIENT_SECRET: string;
      AUTH_SECRET: string;
      ADMIN_OWNER_ID: string;
      AUTH_UNSIGNED: string;
    }
  }
}
