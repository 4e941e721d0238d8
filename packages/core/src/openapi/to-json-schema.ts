// valibot schema -> JSON Schema 2020-12, for the schemas userdo's inputs use. Its own
// few lines instead of @valibot/to-json-schema, which converts every schema valibot
// has and added 14 KB to each Worker (measured with wrangler deploy --dry-run --minify).
// A schema or action it does not know adds no keyword: the document is looser than
// the check, never stricter.

type Node = { readonly type: string; readonly kind?: string; readonly [key: string]: unknown };
type Json = Record<string, unknown>;

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

function objectSchema(node: Node): Json {
  const properties: Json = {};
  const required: string[] = [];
  for (const [key, entry] of Object.entries(node.entries as Record<string, Node>)) {
    properties[key] = convert(entry);
    if (!["optional", "nullish", "exact_optional"].includes(entry.type)) required.push(key);
  }
  return {
    type: "object",
    properties,
    ...(required.length > 0 ? { required } : {}),
    ...(node.type === "strict_object" ? { additionalProperties: false } : {}),
  };
}

function base(node: Node): Json {
  switch (node.type) {
    case "string":
    case "number":
    case "boolean":
    case "null":
      return { type: node.type };
    case "object":
    case "strict_object":
    case "loose_object":
      return objectSchema(node);
    case "array":
      return { type: "array", items: convert(node.item as Node) };
    case "record":
      return { type: "object", additionalProperties: convert(node.value as Node) };
    case "union":
      return { anyOf: (node.options as Node[]).map(convert) };
    case "picklist":
    case "enum":
      return { enum: node.options };
    case "literal":
      return { const: node.literal };
    case "optional":
    case "exact_optional":
      return withDefault(convert(node.wrapped as Node), node);
    case "nullable":
    case "nullish":
      return withDefault({ anyOf: [convert(node.wrapped as Node), { type: "null" }] }, node);
    default:
      return {};
  }
}

/** The JSON Schema of a valibot schema: its type, then what its pipe's actions say. */
export function convert(node: Node): Json {
  const pipe = node.pipe as Node[] | undefined;
  // A pipe's first step is the schema it pipes (itself possibly a pipe).
  const json = pipe ? convert(pipe[0]!) : base(node);
  for (const action of pipe?.slice(1) ?? []) {
    if (action.kind === "schema") Object.assign(json, convert(action));
    else applyAction(json, action);
  }
  return json;
}
