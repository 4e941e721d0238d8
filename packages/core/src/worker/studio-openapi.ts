import * as v from "valibot";
import type { OpenApiPart } from "../openapi/document.js";
import { errorAnswers } from "../openapi/error-response.js";
import { type Operation, jsonAnswer } from "../openapi/operation.js";
import { bearerScheme, openApiPart } from "../openapi/part.js";
import { StudioQuery } from "../shared/studio-query.js";
import { MAX_USER_NAME_LENGTH } from "../shared/user-name.js";
import {
  DeleteSummarySchema,
  FleetStatusSchema,
  ImportSummarySchema,
  LogAnswerSchema,
  StudioAnswerSchema,
} from "./data-answers.js";
import { DeleteQueryString, FleetMigrateQueryString, ImportQueryString, LogQueryString } from "./data-route-inputs.js";
import { DEFAULT_STUDIO_BASE_PATH } from "./outerbase-connection.js";

/** What {@link studioOpenApi} documents: the options given to `studioRoute`, as names. */
export interface StudioOpenApiOptions {
  /** The names in `studioRoute`'s `namespaces`. */
  readonly bindings: readonly string[];
  /** The ones served read-only. */
  readonly readOnly?: readonly string[];
  readonly basePath?: string;
  /** `studioRoute`'s `fleet` is set: document `<base>/_fleet/<binding>` and `.../migrate`. */
  readonly fleet?: boolean;
}

const WRITE = "Needs the read-write (admin) token; a read-only one gets 403 read_only.";

/**
 * The OpenAPI part of {@link studioRoute}, for `openApiDocument`: the SQL
 * endpoint (its body is the {@link StudioQuery} schema the object checks),
 * the data routes (export, import, delete, log: their queries are the
 * schemas the route parses) and, with `fleet`, the fleet migration routes.
 *
 * @example
 * ```ts
 * openApiDocument({ info: { title: "my app", version: "1" }, studio: studioOpenApi({ bindings: ["USERS", "MASTER"], readOnly: ["MASTER"], fleet: true }) });
 * ```
 */
export function studioOpenApi(options: StudioOpenApiOptions): OpenApiPart {
  const base = (options.basePath ?? DEFAULT_STUDIO_BASE_PATH).replace(/\/+$/, "");
  const readOnly = options.readOnly?.length ? ` (${options.readOnly.join(", ")}: read-only)` : "";
  const object = v.object({
    binding: v.pipe(v.picklist(options.bindings), v.description(`The object's namespace${readOnly}.`)),
    name: v.pipe(v.string(), v.maxLength(MAX_USER_NAME_LENGTH), v.description("The object's name.")),
  });
  const on = (method: Operation["method"], action: string, summary: string, rest: Partial<Operation>): Operation => ({
    method,
    path: `${base}/{binding}/{name}/${action}`,
    tags: ["studio"],
    summary,
    security: ["studio"],
    pathParams: object,
    responses: {},
    ...rest,
  });
  const refused = errorAnswers("400", "401", "403", "404", "429");
  const operations: Operation[] = [
    on("post", "query/raw", "Run SQL in one object (Outerbase Studio, StarbaseDB protocol)", {
      description: "Bearer token; JSON bodies of at most 1 MB.",
      body: StudioQuery,
      responses: {
        200: jsonAnswer("{ result: { columns, rows, meta } }, an array of them for a transaction.", StudioAnswerSchema),
        ...errorAnswers("400", "401", "403", "413", "415"),
      },
    }),
    on("get", "export", "Download one object's database", {
      description: `A streamed JSON Lines export: every table, secrets included (keep it like one). ${WRITE}`,
      responses: {
        200: { description: "The export (Content-Disposition: attachment).", body: { type: "application/x-ndjson" } },
        ...refused,
      },
    }),
    on("post", "import", "Fill an object from an export", {
      description: `The body is an export (JSON Lines). Into a new object; with replace=1, over this one. ${WRITE}`,
      query: ImportQueryString,
      body: { type: "application/x-ndjson" },
      responses: { 200: jsonAnswer("What was imported.", ImportSummarySchema), ...refused, ...errorAnswers("409") },
    }),
    on("post", "delete", "Delete a user everywhere", {
      description: `Wipes the object and tells its replication sink (an audit row names X-Userdo-Actor). ${WRITE}`,
      query: DeleteQueryString,
      headers: v.object({
        "X-Userdo-Actor": v.exactOptional(v.pipe(v.string(), v.description("Who asked, for the audit row."))),
      }),
      responses: { 200: jsonAnswer("What was deleted.", DeleteSummarySchema), ...refused, ...errorAnswers("409") },
    }),
    on("get", "log", "Read one object's log", {
      description: "Newest first. The read-only token is enough.",
      query: LogQueryString,
      responses: { 200: jsonAnswer("Log entries.", LogAnswerSchema), ...refused },
    }),
  ];
  if (options.fleet) {
    const fleetBinding = v.object({
      binding: v.pipe(v.string(), v.regex(/^[A-Za-z_][A-Za-z0-9_]*$/), v.description("The namespace migrated.")),
    });
    const fleet = { tags: ["studio"], security: ["studio"], pathParams: fleetBinding } as const;
    operations.push(
      {
        ...fleet,
        method: "get",
        path: `${base}/_fleet/{binding}`,
        summary: "The last fleet migration's report",
        responses: {
          200: jsonAnswer("Counts and failed objects.", FleetStatusSchema),
          ...errorAnswers("400", "401", "403", "429"),
        },
      },
      {
        ...fleet,
        method: "post",
        path: `${base}/_fleet/{binding}/migrate`,
        summary: "Start (or resume) a fleet migration",
        description: `Wakes every registered object of the binding, which applies its pending migrations. ${WRITE}`,
        query: FleetMigrateQueryString,
        responses: {
          200: jsonAnswer("Finished already.", FleetStatusSchema),
          202: jsonAnswer("Running: its report so far.", FleetStatusSchema),
          ...errorAnswers("400", "401", "403", "429"),
        },
      },
    );
  }
  return openApiPart({
    tags: [{ name: "studio", description: "Outerbase Studio's SQL endpoint (StarbaseDB protocol) and data routes." }],
    securitySchemes: { studio: bearerScheme("The studio's token (a secret).") },
    operations,
  });
}
