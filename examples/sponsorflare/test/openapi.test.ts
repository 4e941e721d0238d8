import { SELF, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { APP_ROUTES } from "../src/app.js";
import { ORIGIN, freshIp } from "./helpers.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function refsIn(value: Json, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refsIn(v, found);
  else if (value !== null && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) {
      if (key === "$ref" && typeof v === "string") found.push(v);
      else refsIn(v, found);
    }
  }
  return found;
}

function resolve(document: Json, ref: string): Json | undefined {
  let node: Json | undefined = document;
  for (const part of ref.replace(/^#\//, "").split("/")) {
    node = node !== null && typeof node === "object" && !Array.isArray(node) ? node[part] : undefined;
  }
  return node;
}

describe("/openapi.json", () => {
  it("describes every endpoint in OpenAPI 3.1, with every reference resolved", async () => {
    const response = await SELF.fetch(`${ORIGIN}/openapi.json`, { headers: { "cf-connecting-ip": freshIp() } });
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      openapi: string;
      servers: { url: string }[];
      paths: Record<string, Record<string, { responses?: object }>>;
    } & Json;
    expect(document.openapi).toBe("3.1.0");
    expect(document.servers).toEqual([{ url: ORIGIN }]);
    for (const path of [
      "/",
      "/dashboard",
      "/admin",
      "/api/paid",
      "/balance",
      "/usage",
      "/github-webhook",
      "/oauth/login",
      "/oauth/logout",
      "/oauth/token",
      "/oauth/tokens/{id}",
      "/oauth/sessions",
      "/me",
      "/admin/stats",
      "/sqlite/{binding}/{name}/query/raw",
      "/sqlite/{binding}/{name}/export",
      "/sqlite/{binding}/{name}/import",
      "/sqlite/{binding}/{name}/delete",
      "/sqlite/{binding}/{name}/log",
      "/sqlite/_fleet/{binding}",
      "/sqlite/_fleet/{binding}/migrate",
      "/admin/export",
      "/admin/delete",
      "/openapi.json",
    ]) {
      expect(Object.keys(document.paths)).toContain(path);
    }
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        expect(operation.responses, `${method.toUpperCase()} ${path} has responses`).toBeTypeOf("object");
      }
    }
    // Composed from the packages' schemas: what the routes check is what is documented.
    const schemaOf = (path: string) =>
      (document.paths[path] as unknown as { post: { requestBody: { content: Record<string, { schema: Json }> } } }).post
        .requestBody.content["application/json"]!.schema as { required: string[]; properties: Record<string, Json> };
    expect(schemaOf("/admin/balance").required).toEqual(["user", "amount", "reason"]);
    expect(schemaOf("/admin/balance").properties.reason).toMatchObject({
      type: "string",
      minLength: 1,
      maxLength: 500,
    });
    expect(schemaOf("/sqlite/{binding}/{name}/query/raw")).toHaveProperty("anyOf");
    expect(
      (document.paths["/usage"] as unknown as { get: { parameters: { name: string }[] } }).get.parameters.map(
        (p) => p.name,
      ),
    ).toEqual(["days", "limit", "before"]);
    const refs = refsIn(document as Json);
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) expect(resolve(document as Json, ref), ref).toBeDefined();
  });
});

async function documentPaths(): Promise<Record<string, Record<string, unknown>>> {
  const response = await SELF.fetch(`${ORIGIN}/openapi.json`, { headers: { "cf-connecting-ip": freshIp() } });
  return ((await response.json()) as { paths: Record<string, Record<string, unknown>> }).paths;
}

// Whether a request to a path, its parameters filled in, reached a route: not a 405, nor a 404 `not_found`
// (a route may answer 404 itself, e.g. for a provider not configured). Without a credential nothing is done;
// with `studioToken`, a studio route is asked past its token check (for methods it must refuse).
async function routed(path: string, method: string, studioToken = false): Promise<{ routed: boolean; status: number }> {
  const binding = path.startsWith("/sqlite/_fleet/") ? "USERS" : "MASTER";
  const url = path.replace("{binding}", binding).replace("{name}", "openapi-probe").replace("{id}", "tok_0");
  const response = await SELF.fetch(`${ORIGIN}${url}`, {
    method,
    headers: {
      "cf-connecting-ip": freshIp(),
      ...(studioToken ? { authorization: `Bearer ${env.STUDIO_TOKEN}` } : {}),
    },
    redirect: "manual",
  });
  const text = await response.text();
  const code = response.headers.get("content-type")?.includes("json")
    ? (JSON.parse(text) as { code?: string }).code
    : null;
  return {
    routed: response.status !== 405 && !(response.status === 404 && code === "not_found"),
    status: response.status,
  };
}

describe("/openapi.json and the routes the Worker serves", () => {
  const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

  it("lists every route of the app's own table", async () => {
    const paths = await documentPaths();
    for (const path of Object.keys(APP_ROUTES)) expect(Object.keys(paths), path).toContain(path);
  });

  it("documents every method a documented path serves, and each documented method is served", async () => {
    const paths = await documentPaths();
    for (const [path, item] of Object.entries(paths)) {
      for (const method of METHODS) {
        const documented = method.toLowerCase() in item;
        const { routed: served, status } = await routed(path, method, !documented && path.startsWith("/sqlite/"));
        expect(served, `${method} ${path} is ${served ? "" : "not "}served (${status})`).toBe(documented);
      }
    }
  });

  it("answers 404 for a path it does not document", async () => {
    for (const path of ["/nope", "/api", "/admin/nope", "/sqlite", "/oauth"]) {
      expect(await routed(path, "GET"), path).toEqual({ routed: false, status: 404 });
    }
  });
});
