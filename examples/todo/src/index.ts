// A per-user todo database behind auth and billing, through the proxy pattern.
import { handle } from "./worker.js";

export { Master } from "./master.js";
export { TodoDO } from "./todo-do.js";
export { UserObject } from "./user-object.js";

export default { fetch: handle } satisfies ExportedHandler<Env>;
