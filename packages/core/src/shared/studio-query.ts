import * as v from "valibot";
import { fieldError } from "../schema/parse-input.js";

// The studio's request body (StarbaseDB protocol), described once: the object checks it
// (checkStudioRequest), the Worker documents it (studioOpenApi).

const bad = <T>(message: string) => fieldError<T>("bad_request", message);

const Param = v.pipe(
  v.union([
    v.string(),
    v.pipe(v.number(), v.finite()),
    v.boolean(),
    v.null(),
    v.pipe(
      v.array(v.pipe(v.number(), v.safeInteger(), v.minValue(0), v.maxValue(255))),
      v.description("A BLOB's bytes."),
    ),
  ]),
  bad("must be a string, a finite number, a boolean, null, or an array of bytes (0-255) for a BLOB"),
);

export const Statement = v.pipe(
  v.object({
    sql: v.pipe(
      v.string(),
      v.check((sql) => sql.trim() !== ""),
      bad("must be a non-empty string"),
    ),
    params: v.optional(v.pipe(v.array(Param), bad("must be an array"))),
  }),
  bad('must be an object {"sql": "...", "params": [...]}'),
);

export const Transaction = v.object({
  transaction: v.pipe(v.array(Statement), v.minLength(1), bad('must be a non-empty array of {"sql", "params"}')),
});

/** The body of the studio's `/query/raw`: one statement, or a transaction of them. Its OpenAPI fragment is `jsonSchemaOf(StudioQuery)`. */
export const StudioQuery = v.union([Statement, Transaction]);
/** The body of the studio's `/query/raw`, as its schema types it. */
export type StudioQueryBody = v.InferInput<typeof StudioQuery>;

// A plain object (valibot's objects and records take arrays) of exactly one form, decided before either
// form is checked, so an error names the form's own field.
export const OneForm = v.pipe(
  v.custom<Record<string, unknown>>((body) => typeof body === "object" && body !== null && !Array.isArray(body)),
  bad('must be a JSON object: {"sql": "..."} or {"transaction": [...]}'),
  v.check((body) => "sql" in body !== "transaction" in body),
  bad('must have exactly one of "sql" or "transaction"'),
);
