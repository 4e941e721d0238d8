import * as v from "valibot";
import { UserDOError } from "../errors.js";

/** Any valibot schema: the one description of an input (validation, TypeScript type, OpenAPI fragment). */
export type InputSchema = v.GenericSchema;

/** What a failed field answers: the 400's code and a message naming the field and what it must be. */
export interface FieldError {
  readonly code: string;
  readonly message: string;
}

interface ErrorMetadata {
  readonly type: "metadata";
  readonly metadata: { readonly error?: FieldError };
}

/**
 * Declares, in a schema's pipe, the 400 answered when the schema or an action
 * before it fails: its code, and what the field must be (the message is the
 * field's path, then this). It is not part of the OpenAPI fragment.
 *
 * @example
 * ```ts
 * const Key = v.pipe(v.string(), v.maxLength(255), fieldError("bad_key", "must be at most 255 characters"));
 * ```
 */
export function fieldError<TInput>(
  code: string,
  message: string,
): v.MetadataAction<TInput, { readonly error: FieldError }> {
  return v.metadata<TInput, { readonly error: FieldError }>({ error: { code, message } });
}

type Node = { readonly type: string; readonly pipe?: readonly Node[]; readonly [key: string]: unknown };

// The field error declared after the step that raised the issue, in the pipe of the schema at its path.
function declaredError(schema: Node | undefined, issue: v.BaseIssue<unknown>): FieldError | undefined {
  for (let node = schema; node; node = node.wrapped as Node | undefined) {
    const pipe = node.pipe ?? [node];
    // An issue of no step here (a missing key, raised by the object) is the schema's own.
    const failed = Math.max(
      0,
      pipe.findIndex((step) => step.type === issue.type && step.requirement === issue.requirement),
    );
    for (const step of pipe.slice(failed + 1)) {
      const error = (step as unknown as ErrorMetadata).metadata?.error;
      if (step.type === "metadata" && error) return error;
    }
  }
  return undefined;
}

const OBJECT_TYPES = new Set(["object", "strict_object", "loose_object", "object_with_rest", "record"]);

function unwrapped(schema: Node): Node {
  let node = schema;
  while (node.wrapped) node = node.wrapped as Node;
  return node;
}

type PathItem = { readonly key: unknown; readonly origin?: unknown };

function child(schema: Node | undefined, item: PathItem): Node | undefined {
  let node = schema;
  while (node?.wrapped) node = node.wrapped as Node;
  if (node?.entries && typeof item.key === "string") return (node.entries as Record<string, Node>)[item.key];
  if (node?.item) return node.item as Node;
  // A record's entry: its key or its value, whichever failed.
  if (node?.type === "record") return (item.origin === "key" ? node.key : node.value) as Node;
  return undefined;
}

function pathText(root: string, path: readonly { readonly key: unknown }[]): string {
  let text = root;
  for (const { key } of path)
    text += typeof key === "number" ? `[${key}]` : text === "" ? String(key) : `.${String(key)}`;
  return text;
}

/** The 400 of the first issue: the {@link fieldError} declared for it, else the path and valibot's words. */
function inputError(
  schema: InputSchema,
  issue: v.BaseIssue<unknown>,
  code: string,
  options: ParseOptions,
): UserDOError {
  const path = issue.path ?? [];
  let node: Node | undefined = schema as unknown as Node;
  for (const item of path) node = child(node, item);
  const where = pathText(options.root ?? "", path) || options.name || "input";
  const declared = declaredError(node, issue);
  if (declared) return new UserDOError(400, declared.code, `${where} ${declared.message}`);
  if (issue.expected === "never" && path.length > 0) return new UserDOError(400, code, `unknown field "${where}"`);
  if (issue.expected === "Object") return new UserDOError(400, code, `${where} must be an object`);
  return new UserDOError(400, code, `${where}: ${issue.message}`);
}

/** How {@link parseInput} names what is wrong. */
export interface ParseOptions {
  /** The code of a field that declares no {@link fieldError}; default `bad_input`. */
  readonly code?: string;
  /** Prefixes each field's path (`body` gives `body.sql`). */
  readonly root?: string;
  /** The input as a whole, when it is wrong as a whole (`the log query must be an object`); default `root`, else `input`. */
  readonly name?: string;
}

/**
 * Checks an input crossing a trust boundary (a JSON body, a query, an RPC
 * argument) against its schema and returns the parsed value, or throws a 400
 * {@link UserDOError} naming the field and what was wrong: the code and
 * message of the field's {@link fieldError}, else `code` and valibot's words.
 * `root` prefixes the field's path (`body` gives `body.sql`).
 *
 * @example
 * ```ts
 * const Note = v.strictObject({ title: v.pipe(v.string(), v.minLength(1), v.maxLength(200)) });
 * const note = parseInput(Note, await readJsonBody(request, { maxBytes: 4096 })); // { title: string }
 * ```
 */
export function parseInput<const S extends InputSchema>(
  schema: S,
  value: unknown,
  options: ParseOptions = {},
): v.InferOutput<S> {
  // valibot's objects take an array as an object with no keys; an input never is one.
  if (Array.isArray(value) && OBJECT_TYPES.has(unwrapped(schema as unknown as Node).type)) {
    const declared = declaredError(schema as unknown as Node, { type: "", requirement: undefined } as never);
    const where = options.root || options.name || "input";
    throw new UserDOError(
      400,
      declared?.code ?? options.code ?? "bad_input",
      `${where} ${declared?.message ?? "must be an object"}`,
    );
  }
  const result = v.safeParse(schema, value, { abortEarly: true });
  if (result.success) return result.output;
  throw inputError(schema, result.issues[0], options.code ?? "bad_input", options);
}

/**
 * Checks a URL's query string against an object schema of its parameters, as
 * {@link parseInput} does a body: each parameter the schema names, as a
 * string (the first, when repeated); the others are not read.
 *
 * @example
 * ```ts
 * const Page = v.object({ limit: v.optional(v.pipe(v.string(), v.regex(/^[0-9]{1,3}$/), v.transform(Number))) });
 * const { limit = 50 } = parseQuery(Page, new URL("https://app.example/items?limit=20")); // 20
 * ```
 */
export function parseQuery<const S extends v.ObjectSchema<v.ObjectEntries, undefined>>(
  schema: S,
  url: URL,
  options: ParseOptions = {},
): v.InferOutput<S> {
  const query: Record<string, string> = {};
  for (const key of Object.keys(schema.entries)) {
    const value = url.searchParams.get(key);
    if (value !== null) query[key] = value;
  }
  return parseInput(schema, query, options);
}
