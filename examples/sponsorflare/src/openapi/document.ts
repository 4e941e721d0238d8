import { authOpenApi } from "@userdo/auth";
import { billingOpenApi } from "@userdo/billing/auth";
import { type OpenApiPart, openApiDocument as compose, studioOpenApi } from "@userdo/core";
import { appPart, paidPart, paidX402Parts } from "./paths.js";

// Built on the first request for the document, not when the Worker starts.
const appParts = new Map<boolean, OpenApiPart[]>();

function appPartsOf(x402: boolean): OpenApiPart[] {
  let parts = appParts.get(x402);
  if (!parts) {
    parts = x402 ? [appPart(), ...paidX402Parts()] : [appPart(), paidPart()];
    appParts.set(x402, parts);
  }
  return parts;
}

/**
 * The OpenAPI 3.1 document of every endpoint this Worker serves, composed from
 * the packages' parts (auth's, billing's, the studio's) and the app's own, with
 * the origin it is served from as the server; with `x402`, the paid route
 * takes x402 payments and the top-up route is served.
 *
 * @example
 * ```ts
 * if (url.pathname === "/openapi.json") return Response.json(openApiDocument(url.origin, x402Enabled(env)));
 * ```
 */
export function openApiDocument(origin: string, x402: boolean) {
  return compose({
    info: {
      title: "sponsorflare on userdo",
      version: "0.1.0",
      description:
        "Pay-per-request API: log in with GitHub, fund a balance, every call to /api/paid costs $0.01. " +
        "Money is an integer number of micro-dollars ($1 = 1,000,000). Errors are JSON {error, code}.",
    },
    servers: [{ url: origin }],
    auth: authOpenApi,
    billing: billingOpenApi({ github: true }),
    studio: studioOpenApi({ bindings: ["USERS", "MASTER"], readOnly: ["MASTER"], fleet: true }),
    extra: appPartsOf(x402),
  });
}
