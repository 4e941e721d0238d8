// The names a TypeScript module exports, read from its text: `export` declarations,
// `export { ... }` lists and `export * from` (followed). Enough for the packages'
// entries, which re-export by name; a name whose kind it cannot tell counts as a value.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

const cache = new Map();

/** @returns {{ name: string, type: boolean }[]} */
export function exportedNames(file) {
  if (cache.has(file)) return cache.get(file);
  cache.set(file, []);
  const text = readFileSync(file, "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/\/\/.*$/gm, "");
  const names = [];
  for (const m of text.matchAll(
    /^export\s+(?:declare\s+)?(?:default\s+)?(?:abstract\s+)?(async\s+function\*?|function\*?|class|const|let|var|interface|type|enum)\s+([A-Za-z_$][\w$]*)/gm,
  )) {
    names.push({ name: m[2], type: m[1] === "interface" || m[1] === "type" });
  }
  for (const m of text.matchAll(/^export\s+(type\s+)?\{([^}]*)\}/gm)) {
    for (const part of m[2].split(",")) {
      const item = /^\s*(type\s+)?([\w$]+)(?:\s+as\s+([\w$]+))?\s*$/.exec(part);
      if (item) names.push({ name: item[3] ?? item[2], type: Boolean(m[1] || item[1]) });
    }
  }
  for (const m of text.matchAll(/^export\s+\*\s+from\s+"([^"]+)"/gm)) {
    const target = resolve(file, m[1]);
    if (target) names.push(...exportedNames(target));
  }
  cache.set(file, names);
  return names;
}

function resolve(from, specifier) {
  if (!specifier.startsWith(".")) return null;
  const base = join(dirname(from), specifier).replace(/\.js$/, "");
  for (const candidate of [`${base}.ts`, `${base}.tsx`, join(base, "index.ts")]) {
    if (existsSync(candidate)) return candidate;
  }
  return null;
}
