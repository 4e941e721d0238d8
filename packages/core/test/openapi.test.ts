import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import * as v from "valibot";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  ConfigurationError,
  ERROR_RESPONSE,
  componentSchema,
  errorAnswers,
  htmlAnswer,
  jsonAnswer,
  masterShards,
  memoryAttemptLimit,
  openApiDocument,
  openApiPart,
  parseInput,
  redirectAnswer,
  studioOpenApi,
  studioRoute,
} from "../src/index.js";
import type { DeleteSummary, FleetStatus, ImportSummary, LogEntry } from "../src/index.js";
import type * as answers from "../src/worker/data-answers.js";
import { LogQueryString } from "../src/worker/data-route-inputs.js";
import { STUDIO_TEST_TOKEN } from "./studio-constants.js";

type Json = Record<string, any>;

describe("openApiPart", () => {
  const Item = componentSchema("Item", v.object({ id: v.string(), note: v.nullable(v.string()) }));
  const NewItem = v.strictObject({ note: v.pipe(v.string(), v.maxLength(10)) });
  const part = openApiPart({
    tags: [{ name: "items" }],
    schemas: { NewItem },
    operations: [
      {
        method: "post",
        path: "/items/{list}",
        summary: "Add an item",
        security: ["bearer", {}],
        pathParams: v.object({ list: v.pipe(v.string(), v.description("The list.")) }),
        query: v.object({ dry: v.exactOptional(v.literal("1")) }),
        headers: v.object({ "Idempotency-Key": v.exactOptional(v.string()) }),
        body: NewItem,
        responses: { 201: jsonAnswer("The item.", v.object({ item: Item })), ...errorAnswers("400") },
      },
      { method: "get", path: "/", summary: "Home", responses: { 200: htmlAnswer("A page."), 302: redirectAnswer() } },
    ],
  });
  const post = (part.paths["/items/{list}"] as Json).post;

  it("writes parameters, body and answers from the schemas", () => {
    expect(post.security).toEqual([{ bearer: [] }, {}]);
    expect(post.parameters).toEqual([
      { name: "list", in: "path", required: true, description: "The list.", schema: { type: "string" } },
      { name: "dry", in: "query", required: false, schema: { const: "1" } },
      { name: "Idempotency-Key", in: "header", required: false, schema: { type: "string" } },
    ]);
    expect(post.requestBody).toEqual({
      required: true,
      content: { "application/json": { schema: { $ref: "#/components/schemas/NewItem" } } },
    });
    expect(post.responses["201"].content["application/json"].schema).toEqual({
      type: "object",
      properties: { item: { $ref: "#/components/schemas/Item" } },
      required: ["item"],
    });
    expect(post.responses["400"]).toBe(ERROR_RESPONSE);
    expect((part.paths["/"] as Json).get.responses).toEqual({
      "200": { description: "A page.", content: { "text/html": { schema: { type: "string" } } } },
      "302": { description: "Redirect (Location header).", headers: { location: { schema: { type: "string" } } } },
    });
  });

  it("defines the named schemas it uses, and the error answer", () => {
    expect(part.components?.schemas).toEqual({
      NewItem: {
        type: "object",
        properties: { note: { type: "string", maxLength: 10 } },
        required: ["note"],
        additionalProperties: false,
      },
      Item: {
        type: "object",
        properties: { id: { type: "string" }, note: { type: ["string", "null"] } },
        required: ["id", "note"],
      },
    });
    expect(part.components?.responses).toHaveProperty("Error");
  });

  it("refuses a path whose {params} are not its pathParams, a method twice, two schemas of one name", () => {
    const op = { method: "get", path: "/a/{id}", summary: "A", responses: {} } as const;
    expect(() => openApiPart({ operations: [op] })).toThrow(ConfigurationError);
    const ok = { ...op, path: "/a" };
    expect(() => openApiPart({ operations: [ok, ok] })).toThrow(/documented twice/);
    const A = componentSchema("A", v.string());
    const B = componentSchema("A", v.number());
    const both = { ...ok, responses: { 200: jsonAnswer("x", v.object({ a: A, b: B })) } };
    expect(() => openApiPart({ operations: [both] })).toThrow(/two different schemas are named "A"/);
  });
});

const route = studioRoute<Cloudflare.Env>({
  namespaces: { SOURCE: (e) => e.DATA_SOURCE, TARGET: (e) => e.DATA_TARGET },
  token: (e) => e.STUDIO_TOKEN,
  attemptLimit: memoryAttemptLimit({ attempts: 1_000 }),
  fleet: (e) => masterShards(e.MASTER_SHARDED, 1),
});

describe("studioOpenApi", () => {
  const part = studioOpenApi({ bindings: ["SOURCE", "TARGET"], fleet: true });
  const documented = Object.entries(part.paths).flatMap(([path, item]) =>
    Object.keys(item).map((method) => ({ path, method })),
  );

  it("documents the SQL endpoint, the data routes and the fleet routes, each answered by studioRoute", async () => {
    expect(documented.map((d) => `${d.method} ${d.path}`).sort()).toEqual(
      [
        "post /sqlite/{binding}/{name}/query/raw",
        "get /sqlite/{binding}/{name}/export",
        "post /sqlite/{binding}/{name}/import",
        "post /sqlite/{binding}/{name}/delete",
        "get /sqlite/{binding}/{name}/log",
        "get /sqlite/_fleet/{binding}",
        "post /sqlite/_fleet/{binding}/migrate",
      ].sort(),
    );
    expect(Object.keys(studioOpenApi({ bindings: ["SOURCE"] }).paths)).not.toContain("/sqlite/_fleet/{binding}");
    for (const { path, method } of documented) {
      // The fleet's binding is the namespace's own name in the master's Env; the studio's, its name in `namespaces`.
      const binding = path.includes("_fleet") ? "DATA_SOURCE" : "SOURCE";
      const url = `https://app.test${path.replace("{binding}", binding).replace("{name}", "openapi-probe")}`;
      const ctx = createExecutionContext();
      const response = await route(
        new Request(url, { method: method.toUpperCase(), headers: { authorization: `Bearer ${STUDIO_TEST_TOKEN}` } }),
        env,
        ctx,
      );
      await response?.text();
      await waitOnExecutionContext(ctx);
      expect(response, `${method} ${path}`).not.toBeNull();
      expect([404, 405], `${method} ${path}: ${response!.status}`).not.toContain(response!.status);
    }
  });

  it("documents the query the log route parses, with the same names and levels", () => {
    const log = (part.paths["/sqlite/{binding}/{name}/log"] as Json).get;
    expect(log.parameters.map((p: Json) => `${p.in} ${p.name}`)).toEqual([
      "path binding",
      "path name",
      "query level",
      "query since",
      "query limit",
    ]);
    expect(log.parameters[2].schema).toEqual({ enum: ["debug", "info", "warn", "error"] });
    expect(parseInput(LogQueryString, { level: "warn", limit: "5" })).toEqual({ level: "warn", limit: 5 });
    expect(() => parseInput(LogQueryString, { limit: "five" }, { root: "query" })).toThrow(
      /^query\.limit must be a whole number/,
    );
  });

  it("composes into a document whose references resolve", () => {
    const doc = openApiDocument({ info: { title: "t", version: "1" }, studio: part });
    for (const [, section, name] of JSON.stringify(doc).matchAll(/"#\/components\/(\w+)\/(\w+)"/g)) {
      expect((doc.components as Json)[section!]?.[name!], `${section}/${name}`).toBeDefined();
    }
  });
});

describe("the studio routes' answer schemas", () => {
  it("are the types the code answers: the same fields, each documented type the code's", () => {
    type Out<S extends v.GenericSchema> = v.InferOutput<S>;
    expectTypeOf<Out<typeof answers.ImportSummarySchema>>().toExtend<ImportSummary>();
    expectTypeOf<keyof Out<typeof answers.ImportSummarySchema>>().toEqualTypeOf<keyof ImportSummary>();
    expectTypeOf<Out<typeof answers.DeleteSummarySchema>>().toExtend<DeleteSummary>();
    expectTypeOf<keyof Out<typeof answers.DeleteSummarySchema>>().toEqualTypeOf<keyof DeleteSummary>();
    expectTypeOf<Out<typeof answers.FleetStatusSchema>>().toExtend<FleetStatus>();
    expectTypeOf<keyof Out<typeof answers.FleetStatusSchema>>().toEqualTypeOf<keyof FleetStatus>();
    type Entry = Out<typeof answers.LogAnswerSchema>["entries"][number];
    expectTypeOf<Omit<Entry, "data">>().toExtend<Omit<LogEntry, "data">>();
    expectTypeOf<keyof Entry>().toEqualTypeOf<keyof LogEntry>();
  });
});
