import { createExecutionContext, env } from "cloudflare:test";
import type * as v from "valibot";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  MAX_TOKEN_TTL_SECONDS,
  type MeAnswer,
  type Profile,
  type SessionInfo,
  type TokenInfo,
  USER_ID_PATTERN,
  authOpenApi,
  authRoutes,
} from "../src/index.js";
import type * as answers from "../src/openapi/auth-answers.js";
import { authOptions } from "./worker.js";

type Schema = { properties: Record<string, Schema & { pattern?: string }> };
const schemas = authOpenApi.components?.schemas as Record<string, Schema>;

describe("authOpenApi", () => {
  const handler = authRoutes(authOptions);
  const documented = Object.entries(authOpenApi.paths).flatMap(([path, item]) =>
    Object.keys(item).map((method) => ({ path, method })),
  );

  it("documents every route, and every documented route is answered", async () => {
    expect(documented.length).toBeGreaterThanOrEqual(12);
    for (const { path, method } of documented) {
      const url = `https://app.example.com${path.replace("{id}", "tok_0")}`;
      const response = await handler(
        new Request(url, { method: method.toUpperCase(), redirect: "manual" }),
        env,
        createExecutionContext(),
      );
      expect(response, `${method} ${path}`).not.toBeNull();
      expect(response!.status, `${method} ${path}`).not.toBe(405);
    }
  });

  it("answers null for paths it does not own, so the app gets them", async () => {
    for (const path of ["/", "/oauth", "/oauth/tokens/a/b", "/me/x", "/oauth/sessions/"]) {
      expect(await handler(new Request(`https://app.example.com${path}`), env, createExecutionContext())).toBeNull();
    }
  });

  it("writes the user id pattern the code checks", () => {
    expect(schemas.Me?.properties.user?.pattern).toBe(USER_ID_PATTERN.source);
    expect(schemas.Profile?.properties.id?.pattern).toBe(USER_ID_PATTERN.source);
  });

  it("is plain JSON", () => {
    expect(JSON.parse(JSON.stringify(authOpenApi))).toEqual(authOpenApi);
    expect(authOpenApi.openapi).toBe("3.1.0");
  });
});

describe("the token request's schema", () => {
  it("is what the route checks: its limits, in the document", () => {
    const schema = schemas.TokenRequest as unknown as {
      additionalProperties: boolean;
      properties: Record<string, { maxLength?: number; maxItems?: number; maximum?: number; default?: unknown }>;
    };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.name).toMatchObject({ maxLength: 100, default: "api token" });
    expect(schema.properties.scopes).toMatchObject({ minItems: 1, maxItems: 32 });
    expect(schema.properties.expiresIn).toMatchObject({ minimum: 60, maximum: MAX_TOKEN_TTL_SECONDS });
    expect(schema.properties.githubToken).toMatchObject({ anyOf: [{ maxLength: 255 }, { type: "null" }] });
  });
});

describe("the answers' schemas", () => {
  it("are the types the code answers: the same fields, each documented type the code's", () => {
    type Out<S extends v.GenericSchema> = v.InferOutput<S>;
    expectTypeOf<Out<typeof answers.Token>>().toExtend<TokenInfo>();
    expectTypeOf<keyof Out<typeof answers.Token>>().toEqualTypeOf<keyof TokenInfo>();
    expectTypeOf<Out<typeof answers.Session>>().toExtend<SessionInfo>();
    expectTypeOf<keyof Out<typeof answers.Session>>().toEqualTypeOf<keyof SessionInfo>();
    expectTypeOf<Out<typeof answers.Profile>>().toExtend<Profile>();
    expectTypeOf<keyof Out<typeof answers.Profile>>().toEqualTypeOf<keyof Profile>();
    expectTypeOf<Out<typeof answers.Me>>().toExtend<MeAnswer>();
    expectTypeOf<keyof Out<typeof answers.Me>>().toEqualTypeOf<keyof MeAnswer>();
  });
});
