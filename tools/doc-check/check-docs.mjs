#!/usr/bin/env node
// Compiles the code in the docs: every ```ts/```typescript/```tsx block of the
// READMEs and every @example of the packages' and examples' TypeScript source is
// written to tools/doc-check/.blocks/ (gitignored) and type-checked in ONE tsc
// program with the repository's strict settings (tsconfig.base.json). @userdo/*
// resolve to their source through the "@userdo/source" condition, as in every
// package's own typecheck: no build first, and the docs are checked against the
// code of this commit. ```jsonc/```json blocks are parsed. Errors name the
// README or source file and line. Rules a block follows (README "Contributing"):
//
// - A block that imports nothing sees every public export of the packages (the
//   packages' entries are searched in order: its own package, then core, auth,
//   billing, ratelimit); a block that imports anything imports all it uses.
// - A block without a top-level `export` is a fragment: its leading `import` and
//   `declare` lines stay at module level, the rest becomes the body of an async
//   function (so `await` and `return` work). A block with `export` is a module.
// - `<!-- file: src/env.ts -->` before a README block writes it to that path, in
//   a folder per README, so the blocks of one guide import each other.
// - `<!-- partial -->` before a README block, or `// partial` as a block's first
//   line, skips it: the block is deliberately incomplete. Keep them few.
// - Blocks declare the names they assume (`declare const env: Env;`).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { exportedNames } from "./exports.mjs";
import { parseJsonc } from "./jsonc.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const out = join(root, "tools/doc-check/.blocks");
const started = Date.now();

/** @typedef {{ source: string, line: number, lang: string, code: string, pkg: string | null, file?: string, group?: string }} Block */

const readmes = [
  "README.md",
  "bench/README.md",
  ...["packages", "examples"].flatMap((dir) =>
    readdirSync(join(root, dir))
      .map((name) => `${dir}/${name}/README.md`)
      .filter((path) => existsSync(join(root, path))),
  ),
];

function walk(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return walk(path);
    return /\.tsx?$/.test(name) && !name.endsWith(".d.ts") ? [path] : [];
  });
}
const sources = ["packages", "examples"].flatMap((dir) =>
  readdirSync(join(root, dir)).flatMap((name) => walk(join(root, dir, name, "src")).map((p) => relative(root, p))),
);

/** The package a path belongs to (its folder name under packages/), or null. */
const packageOf = (path) => /^packages\/([^/]+)\//.exec(path)?.[1] ?? null;

/** Fenced blocks of a README, with the markers on the line before each. */
function readmeBlocks(path) {
  const lines = readFileSync(join(root, path), "utf8").split("\n");
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\w*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const indent = open[1].length;
    let end = i + 1;
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end])) end++;
    const before = lines[i - 1] ?? "";
    const code = lines
      .slice(i + 1, end)
      .map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length)))
      .join("\n");
    const file = /<!--\s*file:\s*(\S+)\s*-->/.exec(before)?.[1];
    blocks.push({
      source: path,
      line: i + 2,
      lang: open[2],
      code,
      pkg: packageOf(path),
      partial: /<!--\s*partial\s*-->/.test(before),
      ...(file ? { file, group: path } : {}),
    });
    i = end;
  }
  return blocks;
}

/** The fenced block after each `@example` in a source file's doc comments. */
function exampleBlocks(path) {
  const lines = readFileSync(join(root, path), "utf8").split("\n");
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*\*\s*@example\b/.test(lines[i])) continue;
    const j = i + 1;
    const open = /^\s*\*\s*```(\w*)\s*$/.exec(lines[j] ?? "");
    if (!open) {
      blocks.push({ source: path, line: i + 1, lang: "unfenced", code: "", pkg: packageOf(path) });
      continue;
    }
    let end = j + 1;
    while (end < lines.length && !/^\s*\*\s*```\s*$/.test(lines[end])) end++;
    const code = lines
      .slice(j + 1, end)
      .map((l) => l.replace(/^\s*\* ?/, "").replace(/^\s*\*$/, ""))
      .join("\n");
    blocks.push({ source: path, line: j + 2, lang: open[1], code, pkg: packageOf(path), self: path });
    i = end;
  }
  return blocks;
}

const blocks = [...readmes.flatMap(readmeBlocks), ...sources.flatMap(exampleBlocks)];
const problems = [];
const isTs = (lang) => ["ts", "typescript", "tsx"].includes(lang);

// ---- JSON(C) blocks: parsed, not compiled.
for (const block of blocks.filter((b) => ["json", "jsonc"].includes(b.lang) && !b.partial)) {
  try {
    parseJsonc(block.code);
  } catch (error) {
    const line = block.line + (error.line ?? 1) - 1;
    problems.push(`${block.source}:${line}: ${block.lang} does not parse: ${error.message}`);
  }
}
for (const block of blocks.filter((b) => b.lang === "unfenced" && b.source.endsWith(".ts"))) {
  problems.push(`${block.source}:${block.line}: @example without a \`\`\`ts fence`);
}

// ---- TypeScript blocks: one program.
const entryOrder = (pkg) => {
  const order = ["core", "auth", "billing", "ratelimit"];
  return pkg && order.includes(pkg) ? [pkg, ...order.filter((p) => p !== pkg)] : order;
};
/** name -> module specifier, per package order (own package's entries first). */
const importMaps = new Map();
function importMap(pkg) {
  const key = pkg ?? "";
  if (!importMaps.has(key)) {
    const map = new Map();
    for (const name of entryOrder(pkg)) {
      const manifest = JSON.parse(readFileSync(join(root, "packages", name, "package.json"), "utf8"));
      for (const [sub, conditions] of Object.entries(manifest.exports)) {
        const entry = conditions["@userdo/source"];
        if (!entry) continue;
        const specifier = sub === "." ? manifest.name : `${manifest.name}/${sub.slice(2)}`;
        for (const exported of exportedNames(join(root, "packages", name, entry))) {
          if (!map.has(exported.name)) map.set(exported.name, { specifier, type: exported.type });
        }
      }
    }
    for (const name of ["Generated", "Kysely", "sql", "Selectable", "Insertable", "Updateable", "ColumnType"]) {
      if (!map.has(name)) map.set(name, { specifier: "kysely", type: /^[A-Z]/.test(name) && name !== "Kysely" });
    }
    map.set("DurableObject", { specifier: "cloudflare:workers", type: false });
    importMaps.set(key, map);
  }
  return importMaps.get(key);
}

const contextFile = join(root, "tools/doc-check/context.ts");
const contextNames = exportedNames(contextFile);

/**
 * The context module of a block: context.ts, or for an example's source one
 * that re-exports it with the example's own `Env` (examples/<name>/src/env.ts).
 */
function contextOf(block) {
  const example = /^examples\/([^/]+)\/src\//.exec(block.source)?.[1];
  if (!example || !existsSync(join(root, `examples/${example}/src/env.ts`))) return "tools/doc-check/context.ts";
  const path = `tools/doc-check/.blocks/context-${example}.ts`;
  if (!existsSync(join(root, path))) {
    writeFileSync(
      join(root, path),
      [
        `export * from "../context.js";`,
        `import type { Env } from "../../../examples/${example}/src/env.js";`,
        "export type { Env };",
        "export declare const env: Env;",
        "export declare function app(request: Request, env: Env, ctx?: ExecutionContext): Promise<Response>;",
        "",
      ].join("\n"),
    );
  }
  return path;
}

const stripStringsAndComments = (code) =>
  code
    .replace(/\/\*[\s\S]*?\*\//g, " ")
    .replace(/\/\/.*$/gm, " ")
    .replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, '""');

/**
 * Imports to put before a block: the app's names from context.ts it uses, and,
 * when it imports nothing itself, the packages' public names it uses.
 */
function autoImports(block, isModule, hasImport) {
  const map = importMap(block.pkg);
  const code = stripStringsAndComments(block.code);
  const used = new Set(code.match(/(?<![\w$])(?<![^.]\.)[A-Za-z_$][\w$]*/g) ?? []);
  const declared = new Set(
    [...code.matchAll(/\b(?:const|let|var|function|class|interface|type|enum)\s+([A-Za-z_$][\w$]*)/g)].map((m) => m[1]),
  );
  const imported = new Set();
  for (const m of code.matchAll(/^import\s+(?:type\s+)?([\w$]+)?\s*,?\s*(?:\{([^}]*)\})?[^;]*from/gm)) {
    if (m[1]) imported.add(m[1]);
    for (const part of (m[2] ?? "").split(",")) {
      const local = /([\w$]+)\s*$/.exec(part.trim())?.[1];
      if (local) imported.add(local);
    }
  }
  const bySpecifier = new Map();
  const add = (specifier, name, type) => {
    if (!bySpecifier.has(specifier)) bySpecifier.set(specifier, []);
    const names = bySpecifier.get(specifier);
    if (!names.includes(name) && !names.includes(`type ${name}`)) names.push(type ? `type ${name}` : name);
  };
  const own = block.self ? exportedNames(join(root, block.self)).map((e) => ({ ...e, file: block.self })) : [];
  // Then what the other modules of the same package (or example) export: internal helpers.
  const folder = block.self ? /^(?:packages|examples)\/[^/]+\/src\//.exec(block.self)?.[0] : undefined;
  if (folder) {
    for (const file of sources.filter((f) => f.startsWith(folder) && f !== block.self)) {
      own.push(...exportedNames(join(root, file)).map((e) => ({ ...e, file })));
    }
  }
  for (const name of used) {
    if (imported.has(name)) continue;
    if (declared.has(name) && (isModule || contextNames.some((e) => e.name === name))) continue;
    const pub = hasImport ? undefined : map.get(name);
    const mine = own.find((e) => e.name === name);
    const app = contextNames.find((e) => e.name === name);
    if (pub) add(pub.specifier, name, pub.type);
    else if (mine) add(`SELF:${mine.file}`, name, mine.type);
    else if (app) add(`SELF:${contextOf(block)}`, name, app.type);
  }
  if (!isModule && !declared.has("Self")) add(`SELF:${contextOf(block)}`, "Self", true);
  return [...bySpecifier].map(([specifier, names]) => ({ specifier, names }));
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
/** generated path (relative to out) -> { block, offset } (generated line = source line + offset) */
const generated = new Map();
let skipped = 0;
let compiled = 0;
const tsBlocks = blocks.filter((b) => isTs(b.lang));
tsBlocks.forEach((block, index) => {
  if (block.partial || /^\s*\/\/\s*partial\b/.test(block.code)) {
    skipped++;
    return;
  }
  compiled++;
  const ext = block.lang === "tsx" ? "tsx" : "ts";
  const name = block.group
    ? join(block.group.replace(/[/.]/g, "_"), block.file)
    : `${String(index).padStart(3, "0")}_${block.source.replace(/[/.]/g, "_")}_${block.line}.${ext}`;
  const lines = block.code.split("\n");
  const hasImport = lines.some((l) => /^import\s/.test(l));
  const isModule = lines.some((l) => /^export\s/.test(l)) || Boolean(block.file);
  const head = [];
  for (const { specifier, names } of autoImports(block, isModule, hasImport)) {
    let from = specifier;
    if (specifier.startsWith("SELF:")) {
      from = relative(dirname(join(out, name)), join(root, specifier.slice(5))).replace(/\.tsx?$/, ".js");
      if (!from.startsWith(".")) from = `./${from}`;
    }
    head.push(`import { ${names.join(", ")} } from ${JSON.stringify(from)};`);
  }
  let body;
  if (isModule) {
    body = lines;
  } else {
    // Leading import/declare lines (and the comments among them) stay at module level.
    let k = 0;
    let depth = 0;
    while (k < lines.length) {
      const l = lines[k];
      if (depth > 0 || /^(import|declare)\s/.test(l) || /^\s*(\/\/.*)?$/.test(l)) {
        depth += (l.match(/[{(]/g) ?? []).length - (l.match(/[})]/g) ?? []).length;
        k++;
      } else break;
    }
    body = [...lines.slice(0, k), "export {};", "async function example(this: Self) {", ...lines.slice(k), "}"];
    // Keep line numbers: the two added lines come after lines.slice(0, k).
    generated.set(name, { block, head: head.length, splitAt: k, added: 2 });
  }
  if (!generated.has(name)) generated.set(name, { block, head: head.length, splitAt: lines.length, added: 0 });
  const text = [...head, ...body, isModule ? "export {};" : ""].join("\n");
  mkdirSync(dirname(join(out, name)), { recursive: true });
  writeFileSync(join(out, name), text);
});

const tsconfig = {
  extends: "../../../tsconfig.base.json",
  compilerOptions: {
    types: ["@cloudflare/workers-types", "@cloudflare/vitest-plugin/types"],
  },
  include: ["**/*.ts", "**/*.tsx", "../context.ts"],
};
writeFileSync(join(out, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));

/** Maps a generated file's line (1-based) back to its source and line. */
function where(file, line) {
  const g = generated.get(file);
  if (!g) return `tools/doc-check/.blocks/${file}:${line}`;
  let n = line - g.head; // line within the block's code, plus added lines
  if (n > g.splitAt) n = Math.max(g.splitAt + 1, n - g.added);
  return `${g.block.source}:${g.block.line + Math.max(n, 1) - 1}`;
}

const tsc = spawnSync(
  process.execPath,
  [join(root, "node_modules/typescript/bin/tsc"), "-p", join(out, "tsconfig.json"), "--pretty", "false"],
  {
    cwd: out,
    encoding: "utf8",
  },
);
for (const raw of `${tsc.stdout}${tsc.stderr}`.split("\n")) {
  const m = /^(.+?)\((\d+),(\d+)\): (error .*)$/.exec(raw);
  if (m) problems.push(`${where(relative(out, join(out, m[1])), Number(m[2]))}: ${m[4]}`);
  else if (raw.trim() && problems.length > 0 && /^\s/.test(raw)) problems[problems.length - 1] += `\n${raw}`;
  else if (raw.trim()) problems.push(raw);
}

// A tsc that did not run, or failed without an error line, must not pass as "no problems".
if (tsc.error) problems.push(`tsc did not run: ${tsc.error.message}`);
else if (tsc.status !== 0 && problems.length === 0) problems.push(`tsc exited with ${tsc.status} and no error line`);
if (compiled === 0) problems.push("no TypeScript block found: is the checker reading the right files?");

const seconds = ((Date.now() - started) / 1000).toFixed(1);
const jsonCount = blocks.filter((b) => ["json", "jsonc"].includes(b.lang)).length;
const summary = `${compiled} TypeScript blocks compiled (${skipped} marked partial), ${jsonCount} JSON blocks parsed, in ${seconds} s`;
if (problems.length > 0) {
  console.error(problems.join("\n"));
  console.error(`\ndocs:check: ${problems.length} problem(s); ${summary}`);
  process.exit(1);
}
console.log(`docs:check: ${summary}`);
