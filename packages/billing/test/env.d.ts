import type { MasterDO } from "@userdo/core";
import type {
  CounterObject,
  MeteredObject,
  NotesObject,
  OverdraftObject,
  ReconcilerObject,
  ReplicatedUserObject,
  UserObject,
  WorkLogObject,
} from "./worker.js";

declare global {
  namespace Cloudflare {
    interface Env {
      USERS: DurableObjectNamespace<UserObject>;
      METERED: DurableObjectNamespace<MeteredObject>;
      OVERDRAFT: DurableObjectNamespace<OverdraftObject>;
      NOTES: DurableObjectNamespace<NotesObject>;
      REPLICATED: DurableObjectNamespace<ReplicatedUserObject>;
      MASTER: DurableObjectNamespace<MasterDO>;
      RECONCILER: DurableObjectNamespace<ReconcilerObject>;
      WORK_LOG: DurableObjectNamespace<WorkLogObject>;
      COUNTERS: DurableObjectNamespace<CounterObject>;
      GITHUB_WEBHOOK_SECRET: string;
      STRIPE_SECRET_KEY: string;
      STRIPE_WEBHOOK_SECRET: string;
      GITHUB_SPONSORS_TOKEN: string;
      ADMIN_OWNER_ID: string;
    }
  }
}
