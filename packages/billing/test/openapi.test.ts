import { SELF } from "cloudflare:test";
import { authOpenApi } from "@userdo/auth";
import { openApiDocument, parseInput } from "@userdo/core";
import { describe, expect, it } from "vitest";
import { AdjustBody, billingOpenApi } from "../src/auth.js";

describe("billingOpenApi", () => {
  const part = billingOpenApi({ github: true });
  const documented = Object.entries(part.paths).flatMap(([path, item]) =>
    Object.keys(item).map((method) => ({ path, method })),
  );

  it("documents every route billingRoutes answers, and every documented route is answered", async () => {
    expect(documented.map((d) => d.path).sort()).toEqual(
      ["/admin/balance", "/admin/credit-limit", "/admin/stats", "/balance", "/github-webhook", "/usage"].sort(),
    );
    for (const { path, method } of documented) {
      const answer = await SELF.fetch(`http://localhost${path}`, { method: method.toUpperCase() });
      expect(answer.status, `${method} ${path}`).not.toBe(404);
      expect(answer.status, `${method} ${path}`).not.toBe(405);
    }
    expect(Object.keys(billingOpenApi().paths)).not.toContain("/github-webhook");
  });

  it("documents the body the route checks: reason is required in both", () => {
    const body = (
      part.paths["/admin/balance"] as { post: { requestBody: { content: Record<string, { schema: object }> } } }
    ).post.requestBody.content["application/json"]!.schema as { required: string[] };
    expect(body.required).toEqual(["user", "amount", "reason"]);
    expect(() => parseInput(AdjustBody, { user: "1", amount: 1 })).toThrow(/^reason must be/);
  });

  it("composes with auth's part into one document whose references resolve", () => {
    const doc = openApiDocument({ info: { title: "t", version: "1" }, auth: authOpenApi, billing: part });
    const text = JSON.stringify(doc);
    for (const [, section, name] of text.matchAll(/"#\/components\/(\w+)\/(\w+)"/g)) {
      expect(
        (doc.components as Record<string, Record<string, unknown>>)[section!]?.[name!],
        `${section}/${name}`,
      ).toBeDefined();
    }
  });
});
