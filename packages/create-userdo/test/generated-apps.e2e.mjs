// `pnpm --filter create-userdo test:apps` (about 1 minute per app on a slow machine, so not part of `test`).
// Each --with combination, scaffolded outside the repository and run as its user
// would: its own tests in workerd, and its TypeScript under the app's strict
// settings. The app's dependencies are linked to this workspace (the userdo
// packages as they are here, the tools this repository pins); installing the
// packed tarballs with npm is the release proof's job.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, realpathSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { nodeRunsApp } from "../src/install.mjs";
import { MIN_APP_NODE } from "../src/versions.mjs";
import { REPO, run, tempDir } from "./helpers.mjs";

const TOOLS = ["wrangler", "vitest", "typescript", "@cloudflare/vitest-plugin", "@cloudflare/workers-types"];
const ready =
  nodeRunsApp(process.versions.node, MIN_APP_NODE) && TOOLS.every((t) => existsSync(join(REPO, "node_modules", t)));

/** node_modules for the app: links to this workspace's packages and tools. */
function linkDependencies(app) {
  const modules = join(app, "node_modules");
  const link = (name, target) => {
    mkdirSync(join(modules, name, ".."), { recursive: true });
    symlinkSync(realpathSync(target), join(modules, name), "dir");
  };
  for (const name of ["core", "auth", "billing"]) link(`@userdo/${name}`, join(REPO, "packages", name));
  link("kysely", join(REPO, "packages/core/node_modules/kysely"));
  for (const tool of TOOLS) link(tool, join(REPO, "node_modules", tool));
}

function inApp(app, script, args) {
  const result = spawnSync(process.execPath, [join(app, "node_modules", script), ...args], {
    cwd: app,
    encoding: "utf8",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", CI: "true" },
    timeout: 300_000,
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("the generated apps", { skip: !ready && "needs Node >= 22.12 and the workspace's installed tools" }, () => {
  for (const features of [[], ["auth"], ["billing"], ["auth", "billing"]]) {
    const label = features.length === 0 ? "no --with" : `--with ${features.join(",")}`;
    it(`pass their own tests and type-check (${label})`, () => {
      const cwd = tempDir();
      const created = run(["app", "--no-install", ...(features.length > 0 ? ["--with", features.join(",")] : [])], {
        cwd,
      });
      assert.equal(created.code, 0, created.stderr);
      const app = join(cwd, "app");
      linkDependencies(app);
      const types = inApp(app, "wrangler/bin/wrangler.js", ["types", "--include-runtime=false", "--strict-vars=false"]);
      assert.equal(types.code, 0, types.output);
      // Errors in the userdo packages' own sources (they ship TypeScript today) are not the app's.
      const tsc = inApp(app, "typescript/bin/tsc", ["--noEmit"]);
      const appErrors = tsc.output
        .split("\n")
        .filter((line) => /^(src|test|vitest\.config)[^(]*\(\d+,\d+\): error/.test(line));
      assert.deepEqual(appErrors, [], tsc.output);
      const tests = inApp(app, "vitest/vitest.mjs", ["run"]);
      assert.equal(tests.code, 0, tests.output);
    });
  }
});
