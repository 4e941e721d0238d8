import { createExecutionContext, env } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  ConfigurationError,
  InvalidMigrationsError,
  MigrationError,
  UserDOError,
  UserDO,
  errorResponse,
  handlePluginRoutes,
  isLocalRequest,
  withPlugins,
  studioRoute,
  userStub,
} from "../src/index.js";
import { STUDIO_TEST_TOKEN } from "./studio-constants.js";
import { deployLateReplication } from "./replication-fixtures.js";
import { deployMigrations, visits } from "./worker.js";

const LOCAL = ["http://localhost:8787/x", "http://127.0.0.1:8787/x", "http://[::1]:8787/x", "http://app.localhost/x"];
const DEPLOYED = ["https://app.example.com/x", "https://my-app.workers.dev/x", "http://localhost.example.com/x"];

const body = async (response: Response) => ({ status: response.status, body: (await response.json()) as any });

afterEach(() => {
  vi.restoreAllMocks();
  deployMigrations([]);
  deployLateReplication(undefined);
});

describe("errorResponse and unexpected errors", () => {
  it("logs the error with its stack to console.error and answers 500 internal error, with or without the request", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const boom = new TypeError("cannot read properties of undefined (reading 'id')");
    for (const response of [
      errorResponse(boom),
      errorResponse(boom, { "x-extra": "1" }),
      errorResponse(boom, new Request(LOCAL[0]!)),
      errorResponse(boom, new Request(DEPLOYED[0]!)),
    ]) {
      expect((await body(response)).status).toBe(500);
    }
    expect(errors).toHaveBeenCalledTimes(4);
    for (const call of errors.mock.calls) {
      expect(call).toContain(boom);
      expect(boom.stack).toMatch(/cannot read properties/);
    }
    // The request's method and path say where it happened, in the log only.
    expect(String(errors.mock.calls[2]![0])).toMatch(/GET \/x/);
  });

  it("never answers an unexpected error's message, even locally", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    for (const url of [...LOCAL, ...DEPLOYED]) {
      const answer = await body(errorResponse(new Error("db password is hunter2"), new Request(url)));
      expect(answer.body, url).toEqual({ error: "internal error", code: "internal" });
    }
  });

  it("answers a 4xx as before, logging nothing, and keeps the old (error, headers) form", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const response = errorResponse(new UserDOError(404, "not_found", "no such todo"), { "cache-control": "no-store" });
    expect(await body(response)).toEqual({ status: 404, body: { error: "no such todo", code: "not_found" } });
    expect(response.headers.get("cache-control")).toBe("no-store");
    const withRequest = errorResponse(new UserDOError(409, "conflict", "taken"), new Request(DEPLOYED[0]!), {
      "x-a": "b",
    });
    expect([withRequest.status, withRequest.headers.get("x-a")]).toEqual([409, "b"]);
    expect(errors).not.toHaveBeenCalled();
  });
});

describe("errorResponse and the app's own mistakes", () => {
  const mistakes = [
    new MigrationError("app/002_x", 'migration "app/002_x" failed: no such table: nope'),
    new InvalidMigrationsError('migration name "001" appears twice in "app"'),
    new ConfigurationError("replication_config", "replication: set `master` or `sink`"),
  ];

  it("answers their real message to a local request, and internal error to any other", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    for (const mistake of mistakes) {
      for (const url of LOCAL) {
        expect(await body(errorResponse(mistake, new Request(url))), url).toEqual({
          status: 500,
          body: { error: mistake.message, code: mistake.code },
        });
      }
      for (const url of DEPLOYED) {
        expect((await body(errorResponse(mistake, new Request(url)))).body, url).toEqual({
          error: "internal error",
          code: mistake.code,
        });
      }
      expect((await body(errorResponse(mistake))).body.error).toBe("internal error");
    }
  });

  it("shows a broken migration's message through an RPC, the route helpers and the studio, locally only", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    deployMigrations([{ name: "001_broken", up: "CREATE TABLE (" }]);
    const rpcError = await userStub(env.VERSIONED, "broken-local")
      .tables()
      .catch((e: unknown) => e);
    expect((await body(errorResponse(rpcError, new Request(LOCAL[1]!)))).body).toEqual({
      error: expect.stringMatching(/^migration "app\/001_broken" failed: near "\(": syntax error/),
      code: "migration_failed",
    });

    const plugin = {
      routes: async () =>
        userStub(env.VERSIONED, "broken-route")
          .tables()
          .then(() => new Response("ok")),
    };
    const viaRoutes = (url: string) => handlePluginRoutes(new Request(url), env, createExecutionContext(), [plugin]);
    expect((await body((await viaRoutes(LOCAL[0]!))!)).body.error).toMatch(/001_broken/);
    expect((await body((await viaRoutes(DEPLOYED[0]!))!)).body.error).toBe("internal error");

    const studio = studioRoute<Cloudflare.Env>({
      namespaces: { VERSIONED: (e) => e.VERSIONED },
      token: (e) => e.STUDIO_TOKEN,
    });
    const viaStudio = async (origin: string) =>
      body(
        (await studio(
          new Request(`${origin}/sqlite/VERSIONED/broken-studio/query/raw`, {
            method: "POST",
            headers: { authorization: `Bearer ${STUDIO_TEST_TOKEN}`, "content-type": "application/json" },
            body: '{"sql": "SELECT 1"}',
          }),
          env,
          createExecutionContext(),
        ))!,
      );
    expect((await viaStudio("http://127.0.0.1:8787")).body.error).toMatch(/001_broken/);
    expect((await viaStudio("https://app.example.com")).body).toEqual({
      error: "internal error",
      code: "migration_failed",
    });
    // Every one of them reached the console with its stack.
    expect(errors.mock.calls.length).toBeGreaterThanOrEqual(4);
    expect(
      errors.mock.calls.every((call) =>
        call.some((arg) => arg instanceof Error && /001_broken/.test(String(arg.stack))),
      ),
    ).toBe(true);
  });
});

describe("errorResponse and configuration mistakes from core", () => {
  it("shows a replication config error from an object and a plugin clash locally", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    deployLateReplication({ master: "NO_SUCH_BINDING", tables: [{ table: "todo" }] });
    const replication = await userStub(env.LATE_TODO, "late-config-local")
      .todos()
      .catch((e: unknown) => e);
    const clash = (() => {
      try {
        withPlugins(UserDO<Cloudflare.Env>, visits, visits);
      } catch (error) {
        return error;
      }
    })();
    for (const [mistake, message] of [
      [replication, /^replication: env.NO_SUCH_BINDING is not a Durable Object namespace/],
      [clash, /plugin "visits" (brings method "visit"|is already attached)/],
    ] as const) {
      expect((await body(errorResponse(mistake, new Request(LOCAL[0]!)))).body.error).toMatch(message);
      expect((await body(errorResponse(mistake, new Request(DEPLOYED[0]!)))).body.error).toBe("internal error");
    }
  });
});

describe("isLocalRequest", () => {
  it("is true for localhost, 127.0.0.1, [::1] and *.localhost only", () => {
    for (const url of LOCAL) expect(isLocalRequest(new Request(url)), url).toBe(true);
    for (const url of DEPLOYED) expect(isLocalRequest(new Request(url)), url).toBe(false);
  });
});
