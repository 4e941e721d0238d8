// userdo inside a Hono app: auth's and the studio's handlers as routes, getUser as a middleware.
import { app } from "./app.js";

export { UserObject } from "./user-object.js";

export default app satisfies ExportedHandler<Env>;
