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

/** Auth's endpoints: login, callbacks, logout, tokens, `/me`, sessions. */
export const authPaths = {
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
} as const;
