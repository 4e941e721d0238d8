import type { MeteredObject, NotesObject, UserObject } from "./worker.js";

declare global {
  namespace Cloudflare {
    interface Env {
      USERS: DurableObjectNamespace<UserObject>;
      METERED: DurableObjectNamespace<MeteredObject>;
      NOTES: DurableObjectNamespace<NotesObject>;
    }
  }
}
