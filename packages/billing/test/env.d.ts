import type { MeteredObject, NotesObject, UserObject } from "./worker.js";

declare global {
  namespace Cloudflare {
    interface Env {
      USERS: DurableObjectNamespace<UserObject>;
      METERED: DurableObjectNamespace<MeteredObject>;
      NOTES: DurableObjectNamespace<NotesObject>;
      GITHUB_WEBHOOK_SECRET: string;
      STRIPE_SECRET_KEY: string;
      STRIPE_WEBHOOK_SECRET: string;
      GITHUB_SPONSORS_TOKEN: string;
      ADMIN_OWNER_ID: string;
    }
  }
}
