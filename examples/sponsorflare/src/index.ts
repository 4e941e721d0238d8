// sponsorflare on userdo: GitHub login, a paid route charged per request, a
// usage dashboard, API tokens, an admin page, and anonymous visitors limited by IP.
import { handle } from "./app.js";

export { Master } from "./master.js";
export { RateLimiterDO } from "@userdo/ratelimit";
export { UserObject } from "./user-object.js";

export default { fetch: handle } satisfies ExportedHandler<Env>;
