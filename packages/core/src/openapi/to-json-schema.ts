// valibot schema -> JSON Schema 2020-12, for the schemas userdo's inputs use. Its own
// few lines instead of @valibot/to-json-schema, which converts every schema valibot
// has and added 14 KB to each Worker (measured with wrangler deploy --dry-run --minify).
// A schema or action it does not know adds no keyword: the document is looser than
// the check, never stricter.

type Node = { readonly type: string; readonly kind?: string; readonly [key: string]: unknown };
type Json = Record<string, unknown>;

/**
 * Named schemas: one of `names` (by identity), or one named in its pipe by
 * `componentSchema`, becomes a `$ref` to `#/components/schemas/<name>`, and
 * is added to `used` under its name.
 */
export interface SchemaRefs {
  readonly names: ReadonlyMap<object, string>;
  readonly used: Map<string, object>;
}

/** The component name `componentSchema` put in a schema's pipe. */
export function componentName(node: Node): string | undefined {
  const pipe = (node.pipe as Node[] | undefined) ?? [];
  for (const step of pipe) {
    const name = (step.metadata as { component?: string } | undefined)?.component;
    if (step.type === "metadata" && name !== undefined) return name;
  }
  return undefined;
}

const LENGTH: Record<string, [string, string]> = {
  min_length: ["minLength", "minItems"],
  max_length: ["maxLength", "maxItems"],
};

function applyAction(json: Json, action: Node): void {
  const requirement = action.requirement;
  switch (action.type) {
    case "min_length":
    case "max_length": {
      const [text, items] = LENGTH[action.type]!;
      json[json.type === "array" ? items : text] = requirement;
      break;
    }
    case "min_value":
      json.minimum = requirement;
      break;
    case "max_value":
      json.maximum = requirement;
      break;
    case "integer":
    case "safe_integer":
      json.type = "integer";
      break;
    case "regex":
      json.pattern = (requirement as RegExp).source;
      break;
    case "description":
      json.description = action.description;
      break;
  }
}

function withDefault(json: Json, node: Node): Json {
  const fallback = typeof node.default === "function" ? (node.default as () => unknown)() : node.default;
  return fallback === undefined ? json : { ...json, default: fallback };
}

function objectSchema(node: Node, refs: SchemaRefs | undefined): Json {
  const properties: Json = {};
  const required: string[] = [];
  for (const [key, entry] of Object.entries(node.entries as Record<string, Node>)) {
    properties[key] = convert(entry, refs);
    if (!["optional", "nullish", "exact_optional"].includes(entry.type)) required.push(key);
  }
  return {
    type: "object",
    ...(required.length > 0 || Object.keys(properties).length > 0 ? { properties } : {}),
    ...(required.length > 0 ? { required } : {}),
    ...(node.type === "strict_object" ? { additionalProperties: false } : {}),
  };
}

// `T | null` as one type list when T says nothing but its type: `{ type: ["integer", "null"] }`.
function orNull(json: Json): Json {
  const keys = Object.keys(json).filter((key) => key !== "description");
  return keys.length === 1 && typeof json.type === "string"
    ? { ...json, type: [json.type, "null"] }
    : { anyOf: [json, { type: "null" }] };
}

function base(node: Node, refs: SchemaRefs | undefined): Json {
  switch (node.type) {
    case "string":
    case "number":
    case "boolean":
    case "null":
      return { type: node.type };
    case "object":
    case "strict_object":
    case "loose_object":
      return objectSchema(node, refs);
    case "array":
      return { type: "array", items: convert(node.item as Node, refs) };
    case "record": {
      const value = convert(node.value as Node, refs);
      return Object.keys(value).length === 0 ? { type: "object" } : { type: "object", additionalProperties: value };
    }
    case "union":
      return { anyOf: (node.options as Node[]).map((option) => convert(option, refs)) };
    case "intersect":
      return { allOf: (node.options as Node[]).map((option) => convert(option, refs)) };
    case "picklist":
    case "enum":
      return { enum: node.options };
    case "literal":
      return { const: node.literal };
    case "optional":
    case "exact_optional":
      return withDefault(convert(node.wrapped as Node, refs), node);
    case "nullable":
    case "nullish":
      return withDefault(orNull(convert(node.wrapped as Node, refs)), node);
    default:
      return {};
  }
}

/**
 * The JSON Schema of a valibot schema: its type, then what its pipe's actions
 * say; a named schema of `refs` is a `$ref` (except at the root when `inline`).
 */
export function convert(node: Node, refs?: SchemaRefs, inline = false): Json {
  const name = inline || !refs ? undefined : (refs.names.get(node) ?? componentName(node));
  if (name !== undefined) {
    const before = refs!.used.get(name);
    if (before !== undefined && before !== node)
      throw new Error(`two different schemas are named "${name}": give one another name`);
    refs!.used.set(name, node);
    return { $ref: `#/components/schemas/${name}` };
  }
  const pipe = node.pipe as Node[] | undefined;
  // A pipe's first step is the schema it pipes (itself possibly a pipe).
  const json = pipe ? convert(pipe[0]!, refs) : base(node, refs);
  for (const action of pipe?.slice(1) ?? []) {
    if (action.kind === "schema") Object.assign(json, convert(action, refs));
    else applyAction(json, action);
  }
  return json;
}
