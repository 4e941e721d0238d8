import { ConfigurationError } from "../errors.js";

type Json = { readonly [key: string]: unknown };

/** What a package or an app contributes to an OpenAPI 3.1 document: its paths, and the components they refer to. */
export interface OpenApiPart {
  readonly paths: { readonly [path: string]: Json };
  readonly components?: { readonly [section: string]: Json };
  readonly tags?: readonly { readonly name: string; readonly description?: string }[];
}

/** The document's own fields and its parts: auth's, billing's, the studio's, and the app's (`extra`). */
export interface OpenApiDocumentInput {
  readonly info: { readonly title: string; readonly version: string; readonly description?: string };
  readonly servers?: readonly { readonly url: string }[];
  readonly auth?: OpenApiPart;
  readonly billing?: OpenApiPart;
  readonly studio?: OpenApiPart;
  readonly extra?: OpenApiPart | readonly OpenApiPart[];
}

function mergePaths(into: Record<string, Json>, from: { readonly [path: string]: Json }): void {
  for (const [path, item] of Object.entries(from)) {
    const before = into[path] ?? {};
    for (const method of Object.keys(item)) {
      if (method in before)
        throw new ConfigurationError(
          "openapi_clash",
          `openApiDocument: two parts document ${method.toUpperCase()} ${path}`,
        );
    }
    into[path] = { ...before, ...item };
  }
}

function mergeComponents(into: Record<string, Json>, from: { readonly [name: string]: Json }, section: string): void {
  for (const [name, value] of Object.entries(from)) {
    if (name in into && JSON.stringify(into[name]) !== JSON.stringify(value))
      throw new ConfigurationError(
        "openapi_clash",
        `openApiDocument: two parts define ${section} "${name}" differently`,
      );
    into[name] = value;
  }
}

/**
 * An app's OpenAPI 3.1 document, composed from the parts the packages export
 * (`authOpenApi`, `billingOpenApi(...)`, `studioOpenApi(...)`) and the app's
 * own. Paths of one URL merge by method; a method documented twice, or a
 * component defined twice differently, is a {@link ConfigurationError}.
 *
 * @example
 * ```ts
 * declare const myPaths: OpenApiPart; // the app's own paths and schemas
 * const doc = openApiDocument({ info: { title: "my app", version: "1" }, servers: [{ url: url.origin }], auth: authOpenApi, extra: myPaths });
 * ```
 */
export function openApiDocument(input: OpenApiDocumentInput) {
  const extra = input.extra === undefined ? [] : Array.isArray(input.extra) ? input.extra : [input.extra];
  const parts = [input.auth, input.billing, input.studio, ...(extra as OpenApiPart[])].filter(
    (part): part is OpenApiPart => part !== undefined,
  );
  const paths: Record<string, Json> = {};
  const components: Record<string, Record<string, Json>> = {};
  const tags: { name: string; description?: string }[] = [];
  for (const part of parts) {
    mergePaths(paths, part.paths);
    for (const [section, entries] of Object.entries(part.components ?? {})) {
      components[section] ??= {};
      mergeComponents(components[section], entries as { readonly [name: string]: Json }, section);
    }
    for (const tag of part.tags ?? []) if (!tags.some((t) => t.name === tag.name)) tags.push(tag);
  }
  return {
    openapi: "3.1.0" as const,
    info: input.info,
    ...(input.servers === undefined ? {} : { servers: input.servers }),
    ...(tags.length === 0 ? {} : { tags }),
    paths,
    components,
  };
}
