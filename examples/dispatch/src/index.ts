// Codius-style hosting on userdo: metered dispatch to hosted Workers with a
// prepaid quota per owner, topped up through Stripe Checkout.
import { handle } from "./worker.js";

export { HelloApp } from "./hosted-apps.js";
export { OwnerObject } from "./owner-object.js";

export default { fetch: handle } satisfies ExportedHandler<Env>;
