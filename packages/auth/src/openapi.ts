/**
 * The OpenAPI 3.1 description of auth's Worker endpoints, as a plain JSON
 * object, for an app to merge into its own `/openapi.json`.
 *
 * @example
 * ```ts
 * const doc = { openapi: "3.1.0", info, paths: { ...authOpenApi.paths, ...myPaths }, components: { ...authOpenApi.components } };
 * ```
 */

const error = { $ref: "#/components/responses/AuthError" } as const;
const redirectParam = {
  name: "redirect_uri",
  in: "query",
  required: false,
  description: "Where to land afterwards: a path, this origin, or an allow-listed origin. Anything else is a 400.",
  schema: { type: "string", maxLength: 2048 },
} as const;
const found = {
  description: "Redirect (Location header).",
  headers: { location: { schema: { type: "string" } } },
} as const;
const authed = [{ session: [] }, { bearer: [] }, { basic: [] }] as const;
const idParam = { name: "id", in: "path", required: true, schema: { type: "string", maxLength: 64 } } as const;
const revoked = {
  description: "Whether something was revoked.",
  content: {
    "application/json": {
      schema: { type: "object", properties: { revoked: { type: "boolean" } }, required: ["revoked"] },
    },
  },
} as const;

const login = {
  get: {
    tags: ["auth"],
    summary: "Start login with GitHub or X",
    description:
      "Sends the browser to the provider with a fresh state and PKCE (S256) challenge, bound to this browser by a short-lived cookie. " +
      "GitHub users are named by their numeric id, X users by x-<id>. " +
      "With SKIP_LOGIN=true on localhost, signs in the dev profile instead (403 elsewhere).",
    parameters: [
      {
        name: "provider",
        in: "query",
        required: false,
        description:
          "Which provider; default github (x when only X is configured). 404 for a provider this app has not configured.",
        schema: { enum: ["github", "x"] },
      },
      redirectParam,
      {
        name: "scope",
        in: "query",
        required: false,
        description: "Extra scopes of that provider, space or comma separated.",
        schema: { type: "string" },
      },
    ],
    responses: { "302": found, "400": error, "403": error, "404": error, "421": error },
  },
} as const;

const callback = {
  get: {
    tags: ["auth"],
    summary: "GitHub OAuth callback",
    description:
      "Checks the state against the browser's cookie (single use) and that the login went to this provider, trades the code, " +
      "stores the profile and opens a session. 404 when this app has not configured the provider.",
    parameters: [
      { name: "code", in: "query", required: true, schema: { type: "string" } },
      { name: "state", in: "query", required: true, schema: { type: "string" } },
    ],
    responses: {
      "302": { ...found, description: "Signed in; sets the session cookie." },
      "400": error,
      "404": error,
      "421": error,
      "502": error,
    },
  },
} as const;

const logout = {
  post: {
    tags: ["auth"],
    summary: "Log out",
    description:
      "Deletes the session server-side, clears the cookie and redirects. From this site only (403 cross_origin otherwise). " +
      "A GET logs no one out: a browser gets a page whose button posts here, any other client a 405.",
    parameters: [redirectParam],
    responses: { "302": found, "400": error, "403": error },
  },
} as const;

/** The OpenAPI document of auth's endpoints (paths and components). */
export const authOpenApi = {
  openapi: "3.1.0",
  info: { title: "userdo auth", version: "0.1.0" },
  paths: {
    "/oauth/login": login,
    "/login": { get: { ...login.get, summary: "Start GitHub login (sponsorflare alias)" } },
    "/oauth/callback": callback,
    "/callback": { get: { ...callback.get, summary: "GitHub OAuth callback (sponsorflare alias)" } },
    "/oauth/x/callback": { get: { ...callback.get, summary: "X OAuth callback" } },
    "/oauth/logout": logout,
    "/logout": { post: { ...logout.post, summary: "Log out (sponsorflare alias)" } },
    "/oauth/token": {
      post: {
        tags: ["auth"],
        summary: "Create an API token",
        description:
          "For the logged-in user (session cookie), or in exchange for a GitHub access token (githubToken). " +
          "The token is shown once; only its hash is stored. Tokens cannot create tokens.",
        security: [{ session: [] }, {}],
        requestBody: {
          required: true,
          content: { "application/json": { schema: { $ref: "#/components/schemas/TokenRequest" } } },
        },
        responses: {
          "201": {
            description: "The new token.",
            content: { "application/json": { schema: { $ref: "#/components/schemas/IssuedToken" } } },
          },
          "400": error,
          "401": error,
          "403": error,
          "404": error,
          "409": error,
          "413": error,
          "415": error,
        },
      },
    },
    "/me": {
      get: {
        tags: ["auth"],
        summary: "The caller",
        security: authed,
        responses: {
          "200": {
            description: "Identity and profile.",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Me" } } },
          },
          "401": error,
        },
      },
    },
    "/oauth/sessions": {
      get: {
        tags: ["auth"],
        summary: "List the caller's sessions",
        security: authed,
        responses: {
          "200": {
            description: "Live sessions, newest first.",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: { sessions: { type: "array", items: { $ref: "#/components/schemas/Session" } } },
                },
              },
            },
          },
          "401": error,
          "403": error,
        },
      },
    },
    "/oauth/sessions/{id}": {
      delete: {
        tags: ["auth"],
        summary: "End a session",
        security: authed,
        parameters: [idParam],
        responses: { "200": revoked, "400": error, "401": error, "403": error },
      },
    },
    "/oauth/tokens": {
      get: {
        tags: ["auth"],
        summary: "List the caller's API tokens",
        security: authed,
        responses: {
          "200": {
            description: "Tokens, newest first, revoked and expired included; never secrets.",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: { tokens: { type: "array", items: { $ref: "#/components/schemas/Token" } } },
                },
              },
            },
          },
          "401": error,
          "403": error,
        },
      },
    },
    "/oauth/tokens/{id}": {
      delete: {
        tags: ["auth"],
        summary: "Revoke an API token",
        security: authed,
        parameters: [idParam],
        responses: { "200": revoked, "400": error, "401": error, "403": error },
      },
    },
  },
  components: {
    securitySchemes: {
      session: {
        type: "apiKey",
        in: "cookie",
        name: "__Host-udo_session",
        description: "`udo_session` when COOKIE_DOMAIN is set.",
      },
      bearer: { type: "http", scheme: "bearer", description: "An API token, udo_<user>_<secret>." },
      basic: { type: "http", scheme: "basic", description: "Any user name; the API token as password." },
    },
    responses: {
      AuthError: {
        description: "An error.",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      },
    },
    schemas: {
      Error: {
        type: "object",
        properties: { error: { type: "string" }, code: { type: "string" } },
        required: ["error", "code"],
      },
      TokenRequest: {
        type: "object",
        additionalProperties: false,
        properties: {
          name: { type: "string", minLength: 1, maxLength: 100, default: "api token" },
          scopes: {
            type: "array",
            minItems: 1,
            maxItems: 32,
            items: { type: "string", pattern: "^(\\*|[a-z][a-z0-9._:-]{0,63})$" },
            description:
              'What the token may do. Required with githubToken (400 scopes_required): an exchanged token gets no scope by default. From a session, default ["*"].',
          },
          expiresIn: { type: "integer", minimum: 60, maximum: 31536000, default: 7776000, description: "Seconds." },
          budget: {
            type: ["integer", "null"],
            minimum: 0,
            description: "Spending limit in billing units; null = none.",
          },
          githubToken: {
            type: "string",
            maxLength: 255,
            description:
              "A GitHub personal access token, or a token of this app, to exchange (programmatic login); the githubTokenExchange option decides. Needs scopes.",
          },
        },
      },
      Token: {
        type: "object",
        properties: {
          id: { type: "string" },
          name: { type: "string" },
          scopes: { type: "array", items: { type: "string" } },
          budget: { type: ["integer", "null"] },
          createdAt: { type: "integer" },
          expiresAt: { type: "integer" },
          lastUsedAt: { type: ["integer", "null"] },
          revokedAt: { type: ["integer", "null"] },
        },
      },
      IssuedToken: {
        allOf: [
          { $ref: "#/components/schemas/Token" },
          { type: "object", properties: { token: { type: "string" } }, required: ["token"] },
        ],
      },
      Session: {
        type: "object",
        properties: {
          id: { type: "string" },
          createdAt: { type: "integer" },
          expiresAt: { type: "integer" },
          lastUsedAt: { type: ["integer", "null"] },
          userAgent: { type: ["string", "null"] },
          sourceDomain: { type: ["string", "null"] },
        },
      },
      Profile: {
        type: "object",
        properties: {
          id: { type: "string", pattern: "^(?:x-)?[1-9][0-9]{0,19}$" },
          provider: { enum: ["github", "x"] },
          login: { type: "string" },
          name: { type: ["string", "null"] },
          avatarUrl: { type: ["string", "null"] },
          email: { type: ["string", "null"] },
          bio: { type: ["string", "null"] },
          blog: { type: ["string", "null"] },
          twitterUsername: { type: ["string", "null"] },
          createdAt: { type: ["integer", "null"] },
          lastVerifiedAt: { type: "integer" },
          sourceDomain: { type: ["string", "null"] },
        },
      },
      Me: {
        type: "object",
        properties: {
          user: { type: "string", pattern: "^(?:x-)?[1-9][0-9]{0,19}$" },
          via: { enum: ["session", "token"] },
          tokenId: { type: ["string", "null"] },
          scopes: { type: "array", items: { type: "string" } },
          budget: { type: ["integer", "null"] },
          admin: { type: "boolean" },
          profile: { oneOf: [{ $ref: "#/components/schemas/Profile" }, { type: "null" }] },
        },
      },
    },
  },
} as const;
