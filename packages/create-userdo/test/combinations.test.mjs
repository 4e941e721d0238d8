import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { COMPATIBILITY_DATE } from "../src/versions.mjs";
import { listFiles, parseJsonc, run, tempDir } from "./helpers.mjs";

const COMMON = [
  ".dev.vars",
  ".dev.vars.example",
  ".gitignore",
  "README.md",
  "package.json",
  "src/env.ts",
  "src/identity.ts",
  "src/index.ts",
  "src/notes-api.ts",
  "src/user-object.ts",
  "test/api.test.ts",
  "test/helpers.ts",
  "test/notes.test.ts",
  "tsconfig.json",
  "vitest.config.ts",
  "wrangler.jsonc",
];
const BILLING = ["src/billing.ts", "test/billing.test.ts"];

const COMBINATIONS = [
  { with: [], files: COMMON, dependencies: ["@userdo/core", "kysely"] },
  { with: ["auth"], files: COMMON, dependencies: ["@userdo/auth", "@userdo/core", "kysely"] },
  { with: ["billing"], files: [...COMMON, ...BILLING], dependencies: ["@userdo/billing", "@userdo/core", "kysely"] },
  {
    with: ["auth", "billing"],
    files: [...COMMON, ...BILLING],
    dependencies: ["@userdo/auth", "@userdo/billing", "@userdo/core", "kysely"],
  },
];

function scaffold(features) {
  const cwd = tempDir();
  const args = ["app", "--no-install", ...(features.length > 0 ? ["--with", features.join(",")] : [])];
  const result = run(args, { cwd });
  assert.equal(result.code, 0, result.stderr);
  const root = join(cwd, "app");
  return { root, read: (path) => readFileSync(join(root, path), "utf8") };
}

/** Every `import ... from "<package>"` of the app's TypeScript. */
function importedPackages(root, files) {
  const imported = new Set();
  for (const file of files.filter((f) => f.endsWith(".ts"))) {
    for (const [, specifier] of readFileSync(join(root, file), "utf8").matchAll(/from "([^"]+)"/g)) {
      if (specifier.startsWith(".") || specifier.startsWith("cloudflare:")) continue;
      const parts = specifier.split("/");
      imported.add(specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]);
    }
  }
  return [...imported].sort();
}

for (const combination of COMBINATIONS) {
  const label = combination.with.length === 0 ? "no --with" : `--with ${combination.with.join(",")}`;
  describe(`an app made with ${label}`, () => {
    const auth = combination.with.includes("auth");
    const billing = combination.with.includes("billing");
    const { root, read } = scaffold(combination.with);
    const files = listFiles(root);

    it("has exactly the expected files, every template rendered", () => {
      assert.deepEqual(files, [...combination.files].sort());
      for (const file of files) assert.doesNotMatch(read(file), /@@(if|else|end)|\{\{\w+\}\}/, file);
    });

    it("depends on what it imports, and runs on its own with npm", () => {
      const pkg = JSON.parse(read("package.json"));
      assert.deepEqual(Object.keys(pkg.dependencies).sort(), combination.dependencies);
      assert.equal(pkg.type, "module");
      assert.equal(pkg.private, true);
      assert.match(pkg.engines.node, /^>=22\./);
      assert.deepEqual(Object.keys(pkg.scripts), ["dev", "test", "types", "typecheck", "deploy"]);
      assert.match(pkg.scripts.dev, /^wrangler dev --ip 127\.0\.0\.1/);
      assert.equal(pkg.scripts.test, "vitest run");
      assert.match(pkg.scripts.typecheck, /^wrangler types .*&& tsc --noEmit$/);
      const runtime = importedPackages(root, files);
      const tools = ["@cloudflare/vitest-plugin", "vitest"];
      assert.deepEqual(
        runtime.filter((name) => !tools.includes(name)),
        combination.dependencies,
      );
      for (const tool of tools) assert.ok(tool in pkg.devDependencies, tool);
      // Nothing reaches out of the app's folder.
      for (const file of ["tsconfig.json", "vitest.config.ts", "wrangler.jsonc"])
        assert.doesNotMatch(read(file), /\.\.\//, file);
    });

    it("configures wrangler: main, compatibility, the binding and its SQLite migration", () => {
      const config = parseJsonc(read("wrangler.jsonc"));
      assert.equal(config.name, "app");
      assert.equal(config.main, "src/index.ts");
      assert.equal(config.compatibility_date, COMPATIBILITY_DATE);
      assert.deepEqual(config.compatibility_flags, ["nodejs_compat"]);
      assert.deepEqual(config.durable_objects.bindings, [{ name: "USERS", class_name: "UserObject" }]);
      assert.deepEqual(config.migrations, [{ tag: "v1", new_sqlite_classes: ["UserObject"] }]);
      assert.deepEqual(
        Object.keys(config.vars ?? {}).sort(),
        auth
          ? billing
            ? ["ADMIN_OWNER_ID", "GITHUB_CLIENT_ID", "PAY_URL"]
            : ["ADMIN_OWNER_ID", "GITHUB_CLIENT_ID"]
          : [],
      );
    });

    it("checks TypeScript strictly, tests in workerd, and keeps secrets out of git", () => {
      const { compilerOptions, include } = parseJsonc(read("tsconfig.json"));
      for (const flag of [
        "strict",
        "exactOptionalPropertyTypes",
        "noUncheckedIndexedAccess",
        "noPropertyAccessFromIndexSignature",
      ]) {
        assert.equal(compilerOptions[flag], true, flag);
      }
      assert.ok(include.includes("worker-configuration.d.ts"));
      assert.match(read("vitest.config.ts"), /cloudflareTest\(\{\s*wrangler: \{ configPath: "\.\/wrangler\.jsonc" \}/);
      const tests = read("test/notes.test.ts");
      for (const helper of ["runInDurableObject", "runDurableObjectAlarm"]) assert.match(tests, new RegExp(helper));
      assert.match(tests, /app\/001_note/);
      assert.match(tests, /app\/002_note_request_key/);
      const secrets = [...read(".dev.vars.example").matchAll(/^(\w+)=/gm)].map(([, name]) => name);
      const expected = ["STUDIO_TOKEN"];
      if (auth) expected.push("GITHUB_CLIENT_SECRET", "AUTH_SIGNING_KEY", "SKIP_LOGIN", "ADMIN_OWNER_ID");
      if (billing && !auth) expected.push("ADMIN_TOKEN");
      assert.deepEqual(secrets, expected);
    });

    it("has a UserDO with two migrations and a typed DB, the studio route, and the chosen features", () => {
      const object = read("src/user-object.ts");
      assert.match(object, /export interface DB \{/);
      assert.equal([...object.matchAll(/^ {4}name: "\d{3}_\w+",$/gm)].length, 2);
      assert.match(object, /extends (withPlugins\()?UserDO<AppEnv, DB, Tasks>/);
      const worker = read("src/index.ts");
      assert.match(worker, /studioRoute<AppEnv>\(/);
      assert.equal(/authRoutes/.test(worker), auth);
      assert.equal(/requireUser/.test(read("src/identity.ts")), auth);
      assert.equal(/auth\(\)/.test(object), auth);
      assert.equal(/billingPlugin/.test(object), billing);
      if (billing) {
        const money = read("src/billing.ts");
        // Billing's API is used in this one file only.
        for (const file of files.filter((f) => f.startsWith("src/") && f !== "src/billing.ts")) {
          assert.doesNotMatch(read(file), /@userdo\/billing/, file);
        }
        // With auth, the Worker charges the caller; without, the object charges the user it belongs to.
        assert.equal(/\bpaid\(request, env/.test(money), auth);
        assert.equal(/billingChargeAccount/.test(money), !auth);
      }
      const readme = read("README.md");
      assert.match(readme, /## Quick start[\s\S]*```sh\nnpm install && npm run dev[^\n]*\nnpm test[^\n]*\n```/);
    });
  });
}
