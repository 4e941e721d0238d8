// The proof that userdo installs as a user installs it: builds and packs every
// package, then, in a temp folder outside this repository, with plain npm and the
// Node that runs this script (the repository's Node 22), no pnpm and no links:
//   (a) scaffolds an app with create-userdo from its tarball (with auth and billing),
//       and runs the userdo CLI, installed from its tarball, against it under wrangler dev,
//   (b) builds an app that adds @userdo/billing to a plain Durable Object class,
//   (c) copies examples/hello out, as the README says an example can be,
// and for each app: npm install (against the tarballs), wrangler types, tsc --noEmit
// with the strict flags on TypeScript 7 and on TypeScript 5.9.3, its workerd tests,
// and wrangler deploy --dry-run. The first failure exits non-zero naming its step.
//
//   npx -y pnpm@12.21.0 prove            (KEEP_PROOF=1 keeps the temp folder)
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { checkPackedPackage, checkWorkspaceManifest } from "./prove-install/manifests.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BILLING_APP = join(ROOT, "tools/prove-install/billing-app");
/** What a strict user's tsconfig has; added on the command line, so the app's own tsconfig cannot weaken it. */
const STRICT_FLAGS = [
  "--strict",
  "--exactOptionalPropertyTypes",
  "--noUncheckedIndexedAccess",
  "--noPropertyAccessFromIndexSignature",
];
const TYPESCRIPT_5 = "5.9.3";

const work = mkdtempSync(join(tmpdir(), "userdo-proof-"));
const logs = join(work, "logs");
mkdirSync(logs);
const timings = [];
const started = performance.now();

/**
 * The environment of every command run outside the repository: this Node first on
 * PATH, then the system's (for npm), and none of pnpm's npm_* settings.
 */
const outsideEnv = (() => {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(npm_|pnpm_|PNPM_|INIT_CWD$|NODE_PATH$)/.test(key)) env[key] = value;
  }
  env.PATH = [dirname(process.execPath), "/usr/local/bin", "/usr/bin", "/bin"].join(delimiter);
  env.WRANGLER_SEND_METRICS = "false";
  env.CLOUDFLARE_CF_FETCH_ENABLED = "false";
  env.CI = "true";
  return env;
})();

/** Runs one step; on failure prints its output's end and exits 1 naming the step. */
function step(name, fn) {
  const t0 = performance.now();
  process.stdout.write(`- ${name} ... `);
  try {
    const detail = fn();
    const seconds = (performance.now() - t0) / 1000;
    timings.push({ name, seconds });
    console.log(`ok (${seconds.toFixed(1)} s)${detail ? `: ${detail}` : ""}`);
  } catch (error) {
    console.log("FAILED");
    console.error(`\n${error?.message ?? error}\n`);
    console.error(`prove-install: FAILED at step "${name}" (logs and apps kept in ${work})`);
    process.exit(1);
  }
}

let logCount = 0;
/** Runs a command; throws with the end of its output unless it exits 0. */
function run(command, args, { cwd, env = outsideEnv } = {}) {
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  const log = join(logs, `${String(++logCount).padStart(2, "0")}-${command.split("/").pop()}.log`);
  writeFileSync(log, `$ ${command} ${args.join(" ")}\n(in ${cwd})\n\n${output}`);
  if (result.status !== 0) {
    const why = result.error ? result.error.message : `exit ${result.status ?? result.signal}`;
    throw new Error(`${command} ${args.join(" ")} (${why}), in ${cwd}; last output:\n${output.slice(-6000)}`);
  }
  return output;
}

const npm = (args, cwd) => run("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], { cwd });
const bin = (app, name) => join(app, "node_modules/.bin", name);

/** The workspace's publishable packages: packages/* that are not private. */
function publishable() {
  return readdirSync(join(ROOT, "packages"))
    .map((dir) => join(ROOT, "packages", dir))
    .filter((dir) => existsSync(join(dir, "package.json")))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) }))
    .filter(({ manifest }) => manifest.private !== true);
}

/**
 * npm install in `app`, the userdo packages it names from their tarballs. None is
 * on the registry yet, so a userdo package that one of them depends on (auth, for
 * billing) comes from its tarball too; npm records those as the app's own.
 */
function installAgainstTarballs(app, tarballs, manifests) {
  const manifest = JSON.parse(readFileSync(join(app, "package.json"), "utf8"));
  const wanted = new Set();
  const visit = (name) => {
    if (!name.startsWith("@userdo/") || wanted.has(name)) return;
    if (!tarballs.has(name)) throw new Error(`${name} is named, but no tarball provides it`);
    wanted.add(name);
    for (const dep of Object.keys(manifests.get(name).dependencies ?? {})) visit(dep);
  };
  for (const name of Object.keys({ ...manifest.dependencies, ...manifest.devDependencies })) visit(name);
  npm(["install", ...[...wanted].map((name) => tarballs.get(name))], app);
  return [...wanted].join(", ");
}

/** Every check an app must pass, outside the repository. */
function proveApp(label, app, tarballs, { strict = true } = {}) {
  // The strict flags on top of the app's tsconfig; an example copied out keeps its own.
  const flags = strict ? STRICT_FLAGS : [];
  const named = strict ? "strict flags" : "its own tsconfig";
  step(`${label}: npm install`, () => installAgainstTarballs(app, tarballs, manifestsByName));
  step(`${label}: wrangler types`, () => {
    // The app's own "types" script if it has one (it knows its flags), else plain wrangler types.
    const scripts = JSON.parse(readFileSync(join(app, "package.json"), "utf8")).scripts ?? {};
    if (scripts.types) return void npm(["run", "types"], app);
    run(bin(app, "wrangler"), ["types"], { cwd: app });
  });
  step(`${label}: tsc --noEmit, ${named}, TypeScript 7`, () => {
    const version = run(bin(app, "tsc"), ["--version"], { cwd: app }).trim();
    if (!/Version 7\./.test(version)) throw new Error(`the app's TypeScript is ${version}, not 7.x`);
    run(bin(app, "tsc"), ["--noEmit", "-p", ".", ...flags], { cwd: app });
    return version;
  });
  step(`${label}: tsc --noEmit, ${named}, TypeScript ${TYPESCRIPT_5}`, () => {
    run(process.execPath, [typescript5(), "--noEmit", "-p", ".", ...flags], { cwd: app });
  });
  step(`${label}: workerd tests (vitest)`, () => {
    const output = run(bin(app, "vitest"), ["run"], { cwd: app });
    return (
      output
        .match(/Tests\s+(.*passed.*)/)?.[1]
        // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the terminal's color codes (ESC [ ... m)
        ?.replace(/\x1b\[[0-9;]*m/g, "")
        .trim()
    );
  });
  step(`${label}: wrangler deploy --dry-run --minify`, () => {
    const out = join(work, `${label}-bundle`);
    run(bin(app, "wrangler"), ["deploy", "--dry-run", "--minify", "--outdir", out], { cwd: app });
    const main = readdirSync(out).find((file) => file.endsWith(".js"));
    return `${(readFileSync(join(out, main)).length / 1024).toFixed(0)} KB minified`;
  });
}

let ts5 = null;
/** TypeScript 5.9.3's tsc, installed once in the temp folder. */
function typescript5() {
  if (ts5) return ts5;
  const dir = join(work, "typescript-5");
  mkdirSync(dir);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "typescript-5", private: true }));
  npm(["install", `typescript@${TYPESCRIPT_5}`], dir);
  ts5 = join(dir, "node_modules/typescript/bin/tsc");
  return ts5;
}

console.log(`prove-install: Node ${process.version}, npm ${run("npm", ["--version"]).trim()}, in ${work}`);
if (!process.version.startsWith("v22.") && !process.version.startsWith("v24.")) {
  console.error(
    "prove-install: run it through pnpm (npx -y pnpm@12.21.0 prove), which puts the repository's Node 22 first",
  );
  process.exit(1);
}

const packages = publishable();
const manifestsByName = new Map(packages.map(({ manifest }) => [manifest.name, manifest]));
const tarballs = new Map();
/** The packed package.json of each package, by name. */
const packedManifests = new Map();
step("build every package (pnpm -r build)", () => {
  run("pnpm", ["-r", "build"], { cwd: ROOT, env: process.env });
});
step("workspace manifests: exports, publishConfig, files, LICENSE", () => {
  for (const { dir, manifest } of packages) checkWorkspaceManifest(dir, manifest, ROOT);
  return packages.map((p) => p.manifest.name).join(", ");
});
step("pack every package (pnpm pack)", () => {
  const dest = join(work, "tarballs");
  for (const { dir, manifest } of packages) {
    const output = run("pnpm", ["pack", "--pack-destination", dest], { cwd: dir, env: process.env });
    const file = output.trim().split("\n").pop().trim();
    if (!existsSync(file)) throw new Error(`pnpm pack said ${file}, which does not exist`);
    tarballs.set(manifest.name, file);
  }
  return `${tarballs.size} tarballs`;
});
step("packed manifests: no source condition, no workspace:, dist, README, LICENSE", () => {
  for (const [name, file] of tarballs)
    packedManifests.set(name, checkPackedPackage(name, file, join(work, "unpacked"), ROOT, run));
});

/**
 * Every entry of every packed package, imported into one file and compiled with
 * the strict flags and skipLibCheck false: what a strict user's app sees of our
 * declarations, on both TypeScript lines, apart from any app's own libraries.
 */
function proveDeclarations() {
  const dir = join(work, "declarations");
  mkdirSync(dir);
  const entries = [];
  for (const [name, manifest] of packedManifests) {
    for (const entry of Object.keys(manifest.exports ?? {}))
      entries.push(entry === "." ? name : `${name}/${entry.slice(2)}`);
  }
  step("declarations: npm install every package with its peers", () => {
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "declarations", private: true, type: "module" }));
    const root = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    const peers = [
      "kysely@^0.29.9",
      "kysely-d1@^0.4.0",
      `@cloudflare/workers-types@${root.devDependencies["@cloudflare/workers-types"]}`,
    ];
    npm(["install", ...userdoTarballs.values(), ...peers, "typescript@^7.0.2"], dir);
    const lines = entries.map((entry, i) => `export * as entry${i} from "${entry}";`);
    writeFileSync(join(dir, "entries.ts"), `${lines.join("\n")}\n`);
    const compilerOptions = {
      target: "es2023",
      lib: ["es2023"],
      module: "es2022",
      moduleResolution: "bundler",
      types: ["@cloudflare/workers-types"],
      noEmit: true,
      skipLibCheck: false,
    };
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["entries.ts"] }, null, 2));
    return entries.join(", ");
  });
  step("declarations: strict flags, skipLibCheck false, TypeScript 7", () => {
    run(bin(dir, "tsc"), ["-p", ".", ...STRICT_FLAGS], { cwd: dir });
  });
  step(`declarations: strict flags, skipLibCheck false, TypeScript ${TYPESCRIPT_5}`, () => {
    run(process.execPath, [typescript5(), "-p", ".", ...STRICT_FLAGS], { cwd: dir });
  });
}

const userdoTarballs = new Map([...tarballs].filter(([name]) => name.startsWith("@userdo/")));
proveDeclarations();

const billingApp = join(work, "billing-on-a-durable-object");
step("(b) copy the billing-on-a-Durable-Object app", () => {
  cpSync(BILLING_APP, billingApp, { recursive: true, filter: (src) => !/node_modules|worker-configuration/.test(src) });
});
proveApp("(b)", billingApp, userdoTarballs);

const create = tarballs.get("create-userdo");
if (create) {
  const app = join(work, "app-from-create-userdo");
  // What `npm create userdo@latest my-app` runs (npm init maps it to `npm exec create-userdo`),
  // with the tarball in place of the registry's latest.
  step("(a) npm create userdo my-app --with auth,billing --no-install (from the tarball)", () => {
    run(
      "npm",
      ["exec", "--yes", `--package=${create}`, "--", "create-userdo", app, "--with", "auth,billing", "--no-install"],
      {
        cwd: work,
      },
    );
    if (!existsSync(join(app, "package.json"))) throw new Error(`create-userdo wrote no package.json in ${app}`);
  });
  proveApp("(a)", app, userdoTarballs);
  const cli = tarballs.get("@userdo/cli");
  step("(a) npm i -D @userdo/cli (tarball); userdo sql, export, import against it under wrangler dev", () => {
    npm(["install", "-D", cli], app);
    return run(process.execPath, [join(ROOT, "tools/prove-install/cli-against-app.mjs"), app], { cwd: app }).trim();
  });
} else {
  console.log("- (a) create-userdo: SKIPPED, packages/create-userdo is not in this tree yet");
}

// (c) An example copied out of the repository, as its README says: cp -r, npm i.
const example = join(work, "copied-example-hello");
step("(c) cp -r examples/hello", () => {
  cpSync(join(ROOT, "examples/hello"), example, {
    recursive: true,
    filter: (src) => !/node_modules|\.wrangler/.test(src),
  });
});
proveApp("(c)", example, userdoTarballs, { strict: false });

const total = (performance.now() - started) / 1000;
console.log(`\nprove-install: every step passed in ${total.toFixed(0)} s`);
for (const { name, seconds } of timings) console.log(`  ${seconds.toFixed(1).padStart(6)} s  ${name}`);
if (process.env.KEEP_PROOF) console.log(`kept: ${work}`);
else rmSync(work, { recursive: true, force: true });
