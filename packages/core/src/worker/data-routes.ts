import { UserDOError } from "../errors.js";
import type { DeleteSummary, ExportSummary, ImportSummary } from "../shared/data-summaries.js";
import { jsonResponse } from "../shared/json-response.js";
import type { ObjectNamespace } from "../shared/object-namespace.js";
import type { StudioAccess } from "../shared/studio-protocol.js";
import { parseQuery } from "../schema/parse-input.js";
import { DeleteQueryString, ImportQueryString, LogQueryString } from "./data-route-inputs.js";

/** What the studio's route family answers besides `/query/raw`. */
export type DataAction = "export" | "import" | "delete" | "log";

// The RPC the data and log plugins add to every object with userdo's plugins.
interface DataObject extends Rpc.DurableObjectBranded {
  exportDatabase(writable: WritableStream<Uint8Array>): Promise<ExportSummary>;
  importDatabase(readable: ReadableStream<Uint8Array>, options: { replace?: boolean }): Promise<ImportSummary>;
  deleteUser(options: { by?: string }): Promise<DeleteSummary>;
  readLog(query: { level?: string; since?: number; limit?: number }): unknown[];
}

/** One data request, after the studio route checked the path, the token and the origin. */
export interface DataRequest {
  readonly action: DataAction;
  readonly request: Request;
  readonly ctx: ExecutionContext;
  readonly namespace: ObjectNamespace<Rpc.DurableObjectBranded | undefined>;
  readonly name: string;
  readonly access: StudioAccess;
}

/** The method each action takes. */
export const DATA_METHODS: Readonly<Record<DataAction, string>> = {
  export: "GET",
  import: "POST",
  delete: "POST",
  log: "GET",
};

function stubOf(data: DataRequest): DurableObjectStub<DataObject> {
  const typed = data.namespace as unknown as ObjectNamespace<DataObject>;
  return typed.get(typed.idFromName(data.name));
}

function needsWrite(data: DataRequest): void {
  if (data.access !== "read-write") {
    throw new UserDOError(403, "read_only", `${data.action} needs the admin token (read-write), not a read-only one`);
  }
}

/** Who asked, for the master's audit row: the `X-Userdo-Actor` header (its first 160 characters), or the token's kind. */
function actor(request: Request): string {
  const named = request.headers.get("x-userdo-actor")?.trim();
  return named ? `${named.slice(0, 160)} (admin token)` : "admin token";
}

/** An object that can export its database (every UserDO and `withPlugins` class). */
export interface Exportable {
  exportDatabase(writable: WritableStream<Uint8Array>): Promise<ExportSummary>;
}

/**
 * A download of one object's export: JSON Lines streamed from the object as
 * the client reads, never whole in the Worker. It answers once the object
 * wrote its first chunk, so a refusal is still a thrown error (a JSON answer
 * through `errorResponse`), not a broken download.
 *
 * @example
 * ```ts
 * const name = url.searchParams.get("user"); // the object's name: here, the user's id
 * if (url.pathname === "/admin/export" && name) return exportResponse(userStub(env.USERS, name), ctx, name);
 * ```
 */
export async function exportResponse(stub: Exportable, ctx: ExecutionContext, name: string): Promise<Response> {
  const { readable, writable } = new IdentityTransformStream();
  const done = stub.exportDatabase(writable);
  ctx.waitUntil(done.catch(() => {}));
  const reader = readable.getReader();
  const firstRead = reader.read();
  firstRead.catch(() => {});
  // A refusal (no such method, a failed read) rejects `done` before any chunk.
  const first = await Promise.race([firstRead, done.then(() => firstRead)]);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (first.done) controller.close();
      else controller.enqueue(first.value);
    },
    async pull(controller) {
      const next = await reader.read();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  const file = `${name.replace(/[^A-Za-z0-9._-]/g, "_")}.userdo.jsonl`;
  return new Response(body, {
    headers: {
      "content-type": "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="${file}"`,
      "cache-control": "no-store",
    },
  });
}

/**
 * Answers one data request: `GET .../export` streams the export,
 * `POST .../import[?replace=1]` fills a new object from the body (or resets this one first), `POST .../delete?confirm=<name>`
 * deletes the user, `GET .../log` reads its log. Import and delete need the
 * read-write token; export too, since an export holds every secret of the user.
 */
export async function answerData(data: DataRequest): Promise<Response> {
  const url = new URL(data.request.url);
  switch (data.action) {
    case "export":
      needsWrite(data);
      return exportResponse(stubOf(data), data.ctx, data.name);
    case "import": {
      needsWrite(data);
      if (data.request.body === null) throw new UserDOError(400, "bad_export", "send the export as the request body");
      const replace = parseQuery(ImportQueryString, url, { root: "query" }).replace === "1";
      return jsonResponse(200, await stubOf(data).importDatabase(data.request.body, { replace }));
    }
    case "delete": {
      needsWrite(data);
      if (parseQuery(DeleteQueryString, url, { root: "query" }).confirm !== data.name) {
        throw new UserDOError(
          400,
          "confirm_required",
          `add ?confirm=${encodeURIComponent(data.name)} to delete this user`,
        );
      }
      return jsonResponse(200, await stubOf(data).deleteUser({ by: actor(data.request) }));
    }
    case "log":
      return jsonResponse(200, {
        entries: await stubOf(data).readLog(parseQuery(LogQueryString, url, { root: "query" })),
      });
  }
}
