#!/usr/bin/env node
// `pnpm docs:check`: compiles the code in the docs. Every ```ts block of the
// READMEs and every @example block of the packages' and examples' source is
// written to tools/doc-check/.blocks/ (gitignored) and type-checked in one tsc
// program (.blocks/main/), except an example's blocks, which compile in the
// example's own program (.blocks/examples_<name>/) with its
// worker-configuration.d.ts: each declares a global `Env`, and two cannot
// share a program. All use the repository's settings (tsconfig.base.json: strict,
// exactOptionalPropertyTypes, noUncheckedIndexedAccess). @userdo/* resolve to
// their TypeScript source through the "@userdo/source" condition, like every
// package's own typecheck: no build first, and the docs are checked against the
// code of this commit rather than a dist that may be stale. ```json(c) blocks
// are parsed. Each error names the README or source file and line.
//
// How a block is read (the README's "Contributing" says the same):
// - Names it uses without declaring them are imported for it (auto-imports.mjs):
//   the packages' public names when it imports nothing itself, the app's names
//   (env, Env, request, stub, app, ...) from context.ts. Anything else it
//   declares: `declare const batch: ReplicationBatch;`.
// - A block with a top-level `export` is a module. Any other is a fragment: its
//   leading `import` and `declare` lines stay at module level and the rest is the
//   body of `async function example(this: Self)`, so `await`, `return` and
//   `this` (the app's user object, or a plugin's context) work.
// - `<!-- file: src/env.ts -->` before a README block writes it as that file, in
//   a folder per README, so the blocks of one guide import each other.
// - `<!-- partial -->` before a README block, or `// partial` as a block's first
//   line, skips a block that is incomplete on purpose. Keep them few.
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { autoImporter } from "./auto-imports.mjs";
import { exampleBlocks, programOf, readmeBlocks, readmePaths, sourcePaths } from "./blocks.mjs";
import { parseJsonc } from "./jsonc.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const out = join(root, "tools/doc-check/.blocks");
const started = Date.now();

const sources = sourcePaths(root);
const blocks = [
  ...readmePaths(root).flatMap((path) => readmeBlocks(root, path)),
  ...sources.flatMap((path) => exampleBlocks(root, path)),
];
const problems = [];

// JSON(C) blocks: parsed, not compiled.
const jsonBlocks = blocks.filter((b) => ["json", "jsonc"].includes(b.lang) && !b.partial);
for (const block of jsonBlocks) {
  try {
    parseJsonc(block.code);
  } catch (error) {
    problems.push(
      `${block.source}:${block.line + (error.line ?? 1) - 1}: ${block.lang} does not parse: ${error.message}`,
    );
  }
}
for (const block of blocks.filter((b) => b.lang === "unfenced")) {
  problems.push(`${block.source}:${block.line}: @example without a \`\`\`ts fence`);
}

// TypeScript blocks: one file each; one program for all but the examples' blocks, one per example.
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const importsFor = autoImporter({ root, sources, out });
/** generated file (relative to out) -> where its lines come from */
const generated = new Map();
/** program folder under out -> the example it compiles with (null: the main program) */
const programs = new Map();
let skipped = 0;
const tsBlocks = blocks.filter((b) => ["ts", "typescript", "tsx"].includes(b.lang));
tsBlocks.forEach((block, index) => {
  if (block.partial || /^\s*\/\/\s*partial\b/.test(block.code)) {
    skipped++;
    return;
  }
  const program = programOf(root, block.source);
  const folder = program?.folder ?? "main";
  if (!programs.has(folder)) programs.set(folder, program);
  const name = join(
    folder,
    block.file
      ? join(block.source.replace(/[/.]/g, "_"), block.file)
      : `${String(index).padStart(3, "0")}_${block.source.replace(/[/.]/g, "_")}_${block.line}.${block.lang === "tsx" ? "tsx" : "ts"}`,
  );
  const lines = block.code.split("\n");
  const isModule = Boolean(block.file) || lines.some((l) => /^export\s/.test(l));
  const hasImport = lines.some((l) => /^import\s/.test(l));
  const head = importsFor(block, { isModule, hasImport }).map(({ from, names, namespace }) => {
    let specifier = from;
    if (/^(tools|packages|examples)\//.test(from)) {
      specifier = relative(dirname(join(out, name)), join(root, from)).replace(/\.tsx?$/, ".js");
      if (!specifier.startsWith(".")) specifier = `./${specifier}`;
    }
    if (namespace) return `import * as ${namespace} from ${JSON.stringify(specifier)};`;
    return `import { ${names.join(", ")} } from ${JSON.stringify(specifier)};`;
  });
  let body = [...lines, "export {};"];
  let splitAt = lines.length;
  if (!isModule) {
    // Leading import/declare lines (with blank and comment lines among them) stay at module level.
    let depth = 0;
    splitAt = 0;
    while (splitAt < lines.length) {
      const l = lines[splitAt];
      if (!(depth > 0 || /^(import|declare)\s/.test(l) || /^\s*(\/\/.*)?$/.test(l))) break;
      depth += (l.match(/[{(]/g) ?? []).length - (l.match(/[})]/g) ?? []).length;
      splitAt++;
    }
    body = [
      ...lines.slice(0, splitAt),
      "export {};",
      "async function example(this: Self) {",
      ...lines.slice(splitAt),
      "}",
    ];
  }
  generated.set(name, { block, head: head.length, splitAt, added: isModule ? 0 : 2 });
  mkdirSync(dirname(join(out, name)), { recursive: true });
  writeFileSync(join(out, name), [...head, ...body].join("\n"));
});

for (const [folder, program] of programs) {
  const include = ["**/*.ts", "**/*.tsx", "../../context.ts"];
  // The example's generated Env; its own tsconfig's other settings are the base's.
  if (program) include.push(relative(join(out, folder), join(root, program.dir, "worker-configuration.d.ts")));
  const tsconfig = {
    extends: "../../../../tsconfig.base.json",
    compilerOptions: { types: ["@cloudflare/workers-types", "@cloudflare/vitest-plugin/types"] },
    include,
  };
  writeFileSync(join(out, folder, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
}

/** Where a generated file's line (1-based) comes from: a README or source line, or a file of the repository. */
function where(file, line) {
  const g = generated.get(file);
  if (!g) return `${relative(root, join(out, file))}:${line}`;
  let n = line - g.head; // the block's line, counting the wrapper's two lines after splitAt
  if (n > g.splitAt) n = Math.max(g.splitAt + 1, n - g.added);
  return `${g.block.source}:${g.block.line + Math.max(n, 1) - 1}`;
}

/** Runs one program's tsc; its problems, each naming the README or source line. */
function check(folder) {
  const cwd = join(out, folder);
  const tsc = spawnSync(
    process.execPath,
    [join(root, "node_modules/typescript/bin/tsc"), "-p", join(cwd, "tsconfig.json"), "--pretty", "false"],
    { cwd, encoding: "utf8" },
  );
  const found = [];
  for (const raw of `${tsc.stdout}${tsc.stderr}`.split("\n")) {
    const m = /^(.+?)\((\d+),(\d+)\): (error .*)$/.exec(raw);
    if (m) found.push(`${where(relative(out, join(cwd, m[1])), Number(m[2]))}: ${m[4]}`);
    else if (raw.trim() && found.length > 0 && /^\s/.test(raw)) found[found.length - 1] += `\n${raw}`;
    else if (raw.trim()) found.push(raw);
  }
  // A tsc that did not run, or failed without an error line, must not pass as "no problems".
  if (tsc.error) found.push(`tsc did not run in .blocks/${folder}: ${tsc.error.message}`);
  else if (tsc.status !== 0 && found.length === 0) {
    found.push(`tsc exited with ${tsc.status} and no error line in .blocks/${folder}`);
  }
  return found;
}
for (const folder of programs.keys()) problems.push(...check(folder));
if (generated.size === 0) problems.push("no TypeScript block found: is the checker reading the right files?");

const seconds = ((Date.now() - started) / 1000).toFixed(1);
const summary = `${generated.size} TypeScript blocks compiled in ${programs.size} programs (${skipped} marked partial), ${jsonBlocks.length} JSON blocks parsed, in ${seconds} s`;
if (problems.length > 0) {
  console.error(problems.join("\n"));
  console.error(`\ndocs:check: ${problems.length} problem(s); ${summary}`);
  process.exit(1);
}
console.log(`docs:check: ${summary}`);
