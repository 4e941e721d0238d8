import * as v from "valibot";
import { describe, expect, it } from "vitest";
import {
  ConfigurationError,
  UserDOError,
  checkStudioRequest,
  fieldError,
  jsonSchemaOf,
  openApiDocument,
  parseInput,
  queryParameters,
  studioOpenApi,
} from "../src/index.js";

const Note = v.strictObject({
  title: v.pipe(v.string(), v.minLength(1), v.maxLength(5), fieldError("bad_title", "must be 1 to 5 characters")),
  tags: v.optional(v.array(v.pipe(v.string(), v.regex(/^[a-z]+$/), fieldError("bad_tag", "must be lowercase")))),
  count: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 1),
});

function errorOf(run: () => unknown): UserDOError {
  try {
    run();
  } catch (error) {
    if (error instanceof UserDOError) return error;
    throw error;
  }
  throw new Error("no error");
}

describe("parseInput", () => {
  it("returns the parsed value, defaults filled in", () => {
    expect(parseInput(Note, { title: "hi" })).toEqual({ title: "hi", count: 1 });
  });

  it("answers a 400 with the field's declared code and words, its path first", () => {
    for (const [input, code, message] of [
      [{ title: "" }, "bad_title", "title must be 1 to 5 characters"],
      [{ title: 3 }, "bad_title", "title must be 1 to 5 characters"],
      [{}, "bad_title", "title must be 1 to 5 characters"],
      [{ title: "a", tags: ["ok", "No"] }, "bad_tag", "tags[1] must be lowercase"],
      [{ title: "a", count: 1.5 }, "bad_input", "count: "],
      [{ title: "a", colour: "red" }, "bad_input", 'unknown field "colour"'],
      [null, "bad_input", "input must be an object"],
      [[], "bad_input", "input must be an object"],
    ] as const) {
      const error = errorOf(() => parseInput(Note, input));
      expect(error.status, JSON.stringify(input)).toBe(400);
      expect(error.code, JSON.stringify(input)).toBe(code);
      expect(error.message, JSON.stringify(input)).toContain(message);
    }
  });

  it("finds the words declared on a record's values", () => {
    const Scores = v.record(v.string(), v.pipe(v.number(), fieldError("bad_score", "must be a number")));
    const error = errorOf(() => parseInput(Scores, { ada: 1, bob: "high" }, { root: "scores" }));
    expect(error).toMatchObject({ status: 400, code: "bad_score", message: "scores.bob must be a number" });
  });

  it("prefixes the root and uses the default code asked for", () => {
    const error = errorOf(() => parseInput(Note, { title: "a", count: -1 }, { code: "bad_request", root: "body" }));
    expect(error).toMatchObject({ status: 400, code: "bad_request" });
    expect(error.message).toMatch(/^body\.count: /);
  });
});

describe("jsonSchemaOf", () => {
  it("is the JSON Schema of what parseInput checks, without the field errors", () => {
    expect(jsonSchemaOf(Note)).toEqual({
      type: "object",
      properties: {
        title: { type: "string", minLength: 1, maxLength: 5 },
        tags: { type: "array", items: { type: "string", pattern: "^[a-z]+$" } },
        count: { type: "integer", minimum: 0, default: 1 },
      },
      required: ["title"],
      additionalProperties: false,
    });
  });

  it("turns an object schema into query parameters", () => {
    const query = v.object({ days: v.optional(v.pipe(v.string(), v.description("Days."))), q: v.string() });
    expect(queryParameters(query)).toEqual([
      { name: "days", in: "query", required: false, description: "Days.", schema: { type: "string" } },
      { name: "q", in: "query", required: true, schema: { type: "string" } },
    ]);
  });
});

describe("openApiDocument", () => {
  const info = { title: "t", version: "1" };
  it("composes parts, merging paths by method and components by name", () => {
    const a = { paths: { "/x": { get: { responses: {} } } }, components: { schemas: { A: { type: "string" } } } };
    const b = { paths: { "/x": { post: { responses: {} } } }, components: { schemas: { A: { type: "string" } } } };
    const doc = openApiDocument({ info, auth: a, extra: [b, studioOpenApi({ bindings: ["USERS"] })] });
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths["/x"]!)).toEqual(["get", "post"]);
    expect(doc.paths).toHaveProperty(["/sqlite/{binding}/{name}/query/raw", "post", "requestBody"]);
    expect(doc.components.schemas).toEqual({ A: { type: "string" } });
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it("refuses a method documented twice, or a component defined twice differently", () => {
    const get = { paths: { "/x": { get: { responses: {} } } } };
    expect(() => openApiDocument({ info, auth: get, extra: get })).toThrow(ConfigurationError);
    const s = (type: string) => ({ paths: {}, components: { schemas: { A: { type } } } });
    expect(() => openApiDocument({ info, auth: s("string"), billing: s("integer") })).toThrow(/schemas "A"/);
  });
});

describe("the studio body's schema", () => {
  it("checks and converts BLOB parameters", () => {
    const checked = checkStudioRequest({ sql: "SELECT ?", params: [[1, 2]] });
    expect(checked.statements[0]!.params[0]).toBeInstanceOf(ArrayBuffer);
  });
});
