import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { render } from "../src/render.mjs";

const context = { flags: { auth: true, billing: false }, values: { name: "ada" } };

describe("render", () => {
  it("keeps the lines whose conditions hold and drops the directives", () => {
    const template = [
      "a {{name}}",
      "@@if auth",
      "auth",
      "@@if billing",
      "auth and billing",
      "@@else",
      "auth without billing",
      "@@end",
      "@@end",
      "@@if !auth && !billing",
      "neither",
      "@@end",
      "z",
    ].join("\n");
    assert.equal(render(template, context), "a ada\nauth\nauth without billing\nz");
  });

  it("fails on an unknown flag or value and on unbalanced blocks, never writing a broken file", () => {
    assert.throws(() => render("@@if payments\n@@end", context), /unknown flag "payments"/);
    assert.throws(() => render("{{nope}}", context), /no value for \{\{nope\}\}/);
    assert.throws(() => render("@@if auth\nx", context), /not closed/);
    assert.throws(() => render("@@end", context), /@@end without its @@if/);
    assert.throws(() => render("@@if auth\n@@else\n@@else\n@@end", context), /@@else without its @@if/);
    assert.throws(() => render("@@if auth ||billing\n@@end", context), /cannot read the condition/);
  });
});
