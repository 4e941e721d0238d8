import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { COMPATIBILITY_DATE, MIN_APP_NODE, caret } from "./versions.mjs";
import { render } from "./render.mjs";

const TEMPLATES = new URL("../template/", import.meta.url);

/**
 * Which template makes which file of the app, and when. Templates are stored
 * with a `.tmpl` suffix and `_` for a leading dot, so that neither the
 * repository's tools nor npm's packing treat them as files of their own.
 */
const MANIFEST = [
  { path: "wrangler.jsonc", template: "wrangler.jsonc.tmpl" },
  { path: "tsconfig.json", template: "tsconfig.json.tmpl" },
  { path: "vitest.config.ts", template: "vitest.config.ts.tmpl" },
  { path: ".gitignore", template: "_gitignore.tmpl" },
  { path: ".dev.vars.example", template: "_dev.vars.tmpl", example: true },
  { path: ".dev.vars", template: "_dev.vars.tmpl", example: false },
  { path: "README.md", template: "README.md.tmpl" },
  { path: "src/index.ts", template: "src/index.ts.tmpl" },
  { path: "src/env.ts", template: "src/env.ts.tmpl" },
  { path: "src/identity.ts", template: "src/identity.ts.tmpl" },
  { path: "src/notes-api.ts", template: "src/notes-api.ts.tmpl" },
  { path: "src/user-object.ts", template: "src/user-object.ts.tmpl" },
  { path: "src/billing.ts", template: "src/billing-with-auth.ts.tmpl", when: ({ auth, billing }) => billing && auth },
  { path: "src/billing.ts", template: "src/billing-known-user.ts.tmpl", when: ({ auth, billing }) => billing && !auth },
  { path: "test/helpers.ts", template: "test/helpers.ts.tmpl" },
  { path: "test/notes.test.ts", template: "test/notes.test.ts.tmpl" },
  { path: "test/api.test.ts", template: "test/api-signed-in.test.ts.tmpl", when: ({ auth }) => auth },
  { path: "test/api.test.ts", template: "test/api-by-name.test.ts.tmpl", when: ({ auth }) => !auth },
  {
    path: "test/billing.test.ts",
    template: "test/billing-signed-in.test.ts.tmpl",
    when: ({ auth, billing }) => billing && auth,
  },
  {
    path: "test/billing.test.ts",
    template: "test/billing-known-user.test.ts.tmpl",
    when: ({ auth, billing }) => billing && !auth,
  },
];

/**
 * Every file of a new app, by its path in the app: `name` is the npm and
 * Worker name, `features` what `--with` asked for. `.dev.vars` gets fresh
 * random tokens for local use (the only file that differs between two runs).
 *
 * @example
 * appFiles({ name: "my-app", features: ["auth"] }).get("wrangler.jsonc"); // '// The Worker and ...'
 */
export function appFiles({ name, features }) {
  const flags = { auth: features.includes("auth"), billing: features.includes("billing") };
  const values = {
    name,
    compatibilityDate: COMPATIBILITY_DATE,
    featuresNote: features.length === 0 ? "" : ` (\`--with ${features.join(",")}\`)`,
    userObjectExtras: [
      flags.auth ? ", their login, sessions and API tokens (auth)" : "",
      flags.billing ? ", their balance and charges (billing)" : "",
    ].join(""),
    studioUser: flags.auth ? "1" : "ada",
  };
  const files = new Map();
  files.set("package.json", `${JSON.stringify(packageJson(name, flags), null, 2)}\n`);
  for (const entry of MANIFEST) {
    if (entry.when && !entry.when(flags)) continue;
    const template = readFileSync(new URL(entry.template, TEMPLATES), "utf8");
    const example = entry.example === true;
    const secrets = localSecrets(example);
    const text = render(template, { flags: { ...flags, example }, values: { ...values, ...secrets } });
    files.set(entry.path, text);
  }
  return files;
}

/** The app's package.json: caret ranges of the versions this package pins. */
export function packageJson(name, { auth, billing }) {
  const dependencies = { "@userdo/core": caret("@userdo/core") };
  if (auth) dependencies["@userdo/auth"] = caret("@userdo/auth");
  if (billing) dependencies["@userdo/billing"] = caret("@userdo/billing");
  dependencies.kysely = caret("kysely");
  const types = "wrangler types --include-runtime=false --strict-vars=false";
  return {
    name,
    version: "0.0.0",
    private: true,
    type: "module",
    engines: { node: `>=${MIN_APP_NODE}` },
    scripts: {
      dev: "wrangler dev --ip 127.0.0.1 --port 8787",
      test: "vitest run",
      types,
      typecheck: `${types} && tsc --noEmit`,
      deploy: "wrangler deploy",
    },
    dependencies,
    devDependencies: {
      "@cloudflare/vitest-plugin": caret("@cloudflare/vitest-plugin"),
      "@cloudflare/workers-types": caret("@cloudflare/workers-types"),
      typescript: caret("typescript"),
      vitest: caret("vitest"),
      wrangler: caret("wrangler"),
    },
  };
}

/** The secrets of `.dev.vars`: fresh random values for local use, empty in the example. */
function localSecrets(example) {
  const token = () => (example ? "" : randomBytes(24).toString("base64url"));
  return { studioToken: token(), signingKey: token(), adminToken: token() };
}
