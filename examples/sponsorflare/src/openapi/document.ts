import { authOpenApi } from "@userdo/auth";
import { appPaths } from "./paths.js";
import { appSchemas } from "./schemas.js";

/**
 * The OpenAPI 3.1 document of every endpoint this Worker serves: auth's
 * (from `authOpenApi`), billing's and the app's own, with the origin it is
 * served from as the server.
 *
 * @example
 * ```ts
 * if (url.pathname === "/openapi.json") return Response.json(openApiDocument(url.origin));
 * ```
 */
export function openApiDocument(origin: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "sponsorflare on userdo",
      version: "0.1.0",
      description:
        "Pay-per-request API: log in with GitHub, fund a balance, every call to /api/paid costs $0.01. " +
        "Money is an integer number of micro-dollars ($1 = 1,000,000). Errors are JSON {error, code}.",
    },
    servers: [{ url: origin }],
    tags: [
      { name: "app", description: "The paid API." },
      { name: "pages", description: "HTML pages." },
      { name: "auth", description: "Login, sessions, API tokens (@userdo/auth)." },
      { name: "billing", description: "Balance, usage, funding (@userdo/billing)." },
      { name: "admin", description: "Admin only." },
    ],
    paths: { ...authOpenApi.paths, ...appPaths },
    components: {
      ...authOpenApi.components,
      securitySchemes: {
        ...authOpenApi.components.securitySchemes,
        studio: { type: "http", scheme: "bearer", description: "The STUDIO_TOKEN secret." },
      },
      schemas: { ...authOpenApi.components.schemas, ...appSchemas },
    },
  };
}
