import { SELF } from "cloudflare:test";
import { authOpenApi } from "@userdo/auth";
import { openApiDocument, parseInput } from "@userdo/core";
import type * as v from "valibot";
import { describe, expect, expectTypeOf, it } from "vitest";
import { AdjustBody, billingOpenApi } from "../src/auth.js";
import type * as answers from "../src/auth/worker/billing-answers.js";
import type { AccountView, AdjustResult, BillingStats, ChargeLine, DailyUsage, Usage } from "../src/index.js";

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

describe("the answers' schemas", () => {
  it("are the types the code answers: the same fields, each documented type the code's", () => {
    type Out<S extends v.GenericSchema> = v.InferOutput<S>;
    expectTypeOf<Out<typeof answers.Account>>().toExtend<AccountView>();
    expectTypeOf<keyof Out<typeof answers.Account>>().toEqualTypeOf<keyof AccountView>();
    expectTypeOf<Out<typeof answers.UsageAnswer>>().toExtend<Usage & { user: string }>();
    expectTypeOf<keyof Out<typeof answers.UsageAnswer>>().toEqualTypeOf<keyof Usage | "user">();
    type Line = Out<typeof answers.UsageAnswer>["charges"][number];
    expectTypeOf<keyof Line>().toEqualTypeOf<keyof ChargeLine>();
    expectTypeOf<keyof Out<typeof answers.UsageAnswer>["daily"][number]>().toEqualTypeOf<keyof DailyUsage>();
    expectTypeOf<Out<typeof answers.BillingStatsAnswer>>().toExtend<BillingStats>();
    expectTypeOf<keyof Out<typeof answers.BillingStatsAnswer>>().toEqualTypeOf<keyof BillingStats>();
    expectTypeOf<Out<typeof answers.AdjustAnswer>>().toExtend<AdjustResult & { user: string }>();
    expectTypeOf<keyof Out<typeof answers.AdjustAnswer>>().toEqualTypeOf<keyof AdjustResult | "user">();
  });
});
