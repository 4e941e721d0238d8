import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { packageJson } from "../src/app-files.mjs";
import { VERSIONS } from "../src/versions.mjs";
import { REPO } from "./helpers.mjs";

const manifest = (path) => JSON.parse(readFileSync(join(REPO, path, "package.json"), "utf8"));

describe("the versions a new app depends on", () => {
  it("are the versions this repository's packages publish", () => {
    for (const name of ["core", "auth", "billing"]) {
      const published = manifest(`packages/${name}`);
      assert.equal(VERSIONS[published.name], published.version, `${published.name} in src/versions.mjs`);
    }
  });

  it("are the tools and the kysely this repository builds and tests with", () => {
    const root = manifest(".");
    for (const tool of ["wrangler", "@cloudflare/vitest-plugin", "@cloudflare/workers-types", "typescript", "vitest"]) {
      assert.equal(VERSIONS[tool], root.devDependencies[tool], `${tool} in src/versions.mjs`);
    }
    assert.equal(VERSIONS.kysely, manifest("packages/core").devDependencies.kysely);
    assert.ok(
      manifest("packages/core").peerDependencies.kysely.startsWith(
        `^${VERSIONS.kysely.split(".").slice(0, 2).join(".")}`,
      ),
    );
  });

  it("are caret ranges of those in the app's package.json", () => {
    const pkg = packageJson("app", { auth: true, billing: true });
    for (const [name, range] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
      assert.equal(range, `^${VERSIONS[name]}`, name);
    }
  });
});
