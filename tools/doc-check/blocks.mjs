// Finds the code blocks of the docs: the fenced blocks of the READMEs, with the
// marker comment on the line before each, and the fenced block after each
// `@example` in the TypeScript source of the packages and examples.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/**
 * @typedef {object} Block
 * @property {string} source the README or source file, relative to the repository
 * @property {number} line the line of the block's first code line in `source`
 * @property {string} lang the fence's language ("ts", "jsonc", ...), or "unfenced"
 * @property {string} code
 * @property {string | null} pkg the folder name under packages/, or null
 * @property {boolean} [partial] marked `<!-- partial -->`
 * @property {string} [file] a README block's file name (`<!-- file: src/env.ts -->`)
 * @property {string} [self] an @example's own source file
 */

/** The READMEs whose blocks are checked, relative to `root`. */
export function readmePaths(root) {
  return [
    "README.md",
    "bench/README.md",
    ...["packages", "examples"].flatMap((dir) =>
      readdirSync(join(root, dir))
        .map((name) => `${dir}/${name}/README.md`)
        .filter((path) => existsSync(join(root, path))),
    ),
  ];
}

function walk(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return walk(path);
    return /\.tsx?$/.test(name) && !name.endsWith(".d.ts") ? [path] : [];
  });
}

/** The TypeScript source files of the packages and examples (`*\/src/**`), relative to `root`. */
export function sourcePaths(root) {
  return ["packages", "examples"].flatMap((dir) =>
    readdirSync(join(root, dir)).flatMap((name) => walk(join(root, dir, name, "src")).map((p) => relative(root, p))),
  );
}

/** The package a path belongs to (its folder name under packages/), or null. */
const packageOf = (path) => /^packages\/([^/]+)\//.exec(path)?.[1] ?? null;

/** @returns {Block[]} the fenced blocks of a README */
export function readmeBlocks(root, path) {
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
      ...(file ? { file } : {}),
    });
    i = end;
  }
  return blocks;
}

/** @returns {Block[]} the block after each `@example` of a source file ("unfenced" when it has no fence) */
export function exampleBlocks(root, path) {
  const lines = readFileSync(join(root, path), "utf8").split("\n");
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*\*\s*@example\b/.test(lines[i])) continue;
    const open = /^\s*\*\s*```(\w*)\s*$/.exec(lines[i + 1] ?? "");
    if (!open) {
      blocks.push({ source: path, line: i + 1, lang: "unfenced", code: "", pkg: packageOf(path) });
      continue;
    }
    let end = i + 2;
    while (end < lines.length && !/^\s*\*\s*```\s*$/.test(lines[end])) end++;
    const code = lines
      .slice(i + 2, end)
      .map((l) => l.replace(/^\s*\* ?/, "").replace(/^\s*\*$/, ""))
      .join("\n");
    blocks.push({ source: path, line: i + 3, lang: open[1], code, pkg: packageOf(path), self: path });
    i = end;
  }
  return blocks;
}

/**
 * The program an example's blocks (its README's and its source's @example) compile in: the
 * example's own, with its worker-configuration.d.ts, whose global `Env` (made by `wrangler
 * types`) is the example's bindings. One program could not hold two examples' global `Env`s.
 * Null for any other block: those compile together against context.ts.
 * @returns {{ dir: string, folder: string } | null} `dir` the example, `folder` its folder under .blocks/
 */
export function programOf(root, source) {
  const dir = /^examples\/[^/]+/.exec(source)?.[0];
  if (!dir || !existsSync(join(root, dir, "worker-configuration.d.ts"))) return null;
  return { dir, folder: dir.replace(/\//g, "_") };
}
