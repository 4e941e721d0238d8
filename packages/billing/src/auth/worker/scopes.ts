/** The scope an API token needs for `GET /balance`, `GET /usage` and the Stripe success page. */
export const READ_SCOPE = "billing:read";

/** The scope an API token needs to start a top-up (`POST /stripe/checkout`). */
export const TOP_UP_SCOPE = "billing:topup";

/** The scope an API token needs for the admin billing routes (a browser session has every scope). */
export const ADMIN_SCOPE = "billing:admin";
