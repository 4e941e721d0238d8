import { jsonSchemaOf } from "@userdo/core";
import { TokenRequestBody } from "../shared/token-request-body.js";

/** The components auth's paths refer to: security schemes, the error answer, the schemas (inputs from their schemas). */
export const authComponents = {
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
    TokenRequest: jsonSchemaOf(TokenRequestBody),
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
} as const;
