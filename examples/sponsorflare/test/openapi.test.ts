import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
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
