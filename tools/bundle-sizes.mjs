// The minified size of each example's Worker, as `wrangler deploy` would upload
// it: `wrangler deploy --dry-run --minify --outdir` per example, bundled from the
// packages' source (the @userdo/source condition), with whether Stripe is in it.
//
//   npx -y pnpm@12.21.0 sizes
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const EXAMPLES = ["sponsorflare", "todo", "dispatch", "hello", "hono"];
const env = {
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_BUILD_CONDITIONS: "@userdo/source,workerd,worker,browser",
};
const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;

const work = mkdtempSync(join(tmpdir(), "userdo-sizes-"));
const rows = [];
try {
  for (const example of EXAMPLES) {
    const dir = join(ROOT, "examples", example);
    const out = join(work, example);
    const result = spawnSync("wrangler", ["deploy", "--dry-run", "--minify", "--outdir", out], {
      cwd: dir,
      env,
      encoding: "utf8",
    });
    if (result.status !== 0) {
      console.error(`${example}: wrangler deploy --dry-run failed\n${result.stdout}${result.stderr}`);
      process.exit(1);
    }
    const main = readdirSync(out).find((file) => file.endsWith(".js"));
    const code = readFileSync(join(out, main));
    // Stripe's client names its API version and user agent; no other code here does.
    const stripe = /stripe-node|api\.stripe\.com/.test(code.toString("utf8"));
    rows.push({ example, minified: code.length, gzip: gzipSync(code).length, stripe });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

console.log("| example | minified | gzip | Stripe bundled |");
console.log("| --- | ---: | ---: | --- |");
for (const row of rows) {
  console.log(`| ${row.example} | ${kb(row.minified)} | ${kb(row.gzip)} | ${row.stripe ? "yes" : "no"} |`);
}
