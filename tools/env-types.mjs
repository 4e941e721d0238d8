// Generates each Worker's `Env` with `wrangler types` from its configuration:
// the examples and the bench from wrangler.jsonc (their test configurations
// bind the same names, with test values), the packages' tests from
// wrangler.test.jsonc. `--check` fails (exit 1) when a generated file is stale:
// .ci/run runs it, so a binding added to a configuration without regenerating
// fails CI.
//
//   npx -y pnpm@12.21.0 env-types          # regenerate
//   npx -y pnpm@12.21.0 env-types --check  # CI
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TARGETS = [
  ["packages/core", "wrangler.test.jsonc", "test/worker-configuration.d.ts"],
  ["packages/auth", "wrangler.test.jsonc", "test/worker-configuration.d.ts"],
  ["packages/billing", "wrangler.test.jsonc", "test/worker-configuration.d.ts"],
  ["packages/ratelimit", "wrangler.test.jsonc", "test/worker-configuration.d.ts"],
  ["bench", "wrangler.jsonc", "worker-configuration.d.ts"],
  ["examples/hello", "wrangler.jsonc", "worker-configuration.d.ts"],
  ["examples/todo", "wrangler.jsonc", "worker-configuration.d.ts"],
  ["examples/sponsorflare", "wrangler.jsonc", "worker-configuration.d.ts"],
  ["examples/hono", "wrangler.jsonc", "worker-configuration.d.ts"],
  ["examples/dispatch", "wrangler.jsonc", "worker-configuration.d.ts"],
];
const check = process.argv.includes("--check");
const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };

let stale = 0;
for (const [dir, config, out] of TARGETS) {
  // Runtime types come from @cloudflare/workers-types; vars are typed string, not their literal values.
  const args = ["wrangler", "types", "-c", config, "--include-runtime=false", "--strict-vars=false", out];
  if (check) args.push("--check");
  const result = spawnSync("npx", args, { cwd: `${ROOT}${dir}`, env, encoding: "utf8" });
  if (result.status !== 0) {
    stale++;
    console.error(`${dir}/${out}: ${check ? "stale; run `pnpm env-types` and commit it" : "wrangler types failed"}`);
    console.error(`${result.stdout}${result.stderr}`.trim());
  } else {
    console.log(`${dir}/${out}: ${check ? "up to date" : "written"}`);
  }
}
process.exit(stale === 0 ? 0 : 1);
