// The imports the checker adds before a block, so the docs stay short:
// - the packages' public names a block uses, when it imports nothing itself
//   (entries searched in order: its own package, then core, auth, billing,
//   ratelimit; then a few names of kysely and cloudflare:workers, and `v`,
//   valibot's namespace as the docs write it: `import * as v from "valibot"`);
// - for an @example, the names its own module and the other modules of its
//   package (or example) export: an internal helper's example uses it as is;
// - the app's names from context.ts (env, Env, request, stub, app, ...), and
//   `Self`, the type of `this` in a fragment. An example's blocks get its own
//   `Env` (the global of its worker-configuration.d.ts), `env` and `app`.
// A name the block declares or imports itself is never added.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { programOf } from "./blocks.mjs";
import { exportedNames } from "./exports.mjs";

const PACKAGES = ["core", "auth", "billing", "ratelimit"];
const KYSELY = ["Generated", "Kysely", "sql", "Selectable", "Insertable", "Updateable", "ColumnType"];

/** Names imported as a namespace (`import * as v from "valibot"`), not by name. */
const NAMESPACES = { v: "valibot" };

/**
 * @param {{ root: string, sources: string[], out: string }} options
 * @returns {(block: import("./blocks.mjs").Block, shape: { isModule: boolean, hasImport: boolean }) =>
 *   { from: string, names: string[], namespace?: string }[]} `from` is a module specifier, or a file relative
 *   to the repository; `namespace` is a local name for the whole module (then `names` is empty)
 */
export function autoImporter({ root, sources, out }) {
  const maps = new Map();
  /** name -> { from, type }: the public names, own package's entries first. */
  function publicNames(pkg) {
    const key = pkg ?? "";
    if (maps.has(key)) return maps.get(key);
    const map = new Map();
    const order = pkg && PACKAGES.includes(pkg) ? [pkg, ...PACKAGES.filter((p) => p !== pkg)] : PACKAGES;
    for (const name of order) {
      const manifest = JSON.parse(readFileSync(join(root, "packages", name, "package.json"), "utf8"));
      for (const [sub, conditions] of Object.entries(manifest.exports)) {
        const entry = conditions["@userdo/source"];
        if (!entry) continue;
        const from = sub === "." ? manifest.name : `${manifest.name}/${sub.slice(2)}`;
        for (const exported of exportedNames(join(root, "packages", name, entry))) {
          if (!map.has(exported.name)) map.set(exported.name, { from, type: exported.type });
        }
      }
    }
    for (const name of KYSELY) {
      if (!map.has(name)) map.set(name, { from: "kysely", type: /^[A-Z]/.test(name) && name !== "Kysely" });
    }
    map.set("DurableObject", { from: "cloudflare:workers", type: false });
    maps.set(key, map);
    return map;
  }

  const contextNames = exportedNames(join(root, "tools/doc-check/context.ts"));

  /**
   * context.ts, or for an example's blocks (compiled in the example's own program, with its
   * worker-configuration.d.ts) one that re-exports it with the example's global `Env`.
   */
  function contextOf(block) {
    const program = programOf(root, block.source);
    if (!program) return "tools/doc-check/context.ts";
    const file = join(out, program.folder, "context.ts");
    if (!existsSync(file)) {
      const lines = [
        `export * from "../../context.js";`,
        "// This module declares no Env of its own, so `Env` here is the example's global one.",
        "type ExampleEnv = Env;",
        "export type { ExampleEnv as Env };",
        "export declare const env: ExampleEnv;",
        "export declare function app(request: Request, env: ExampleEnv, ctx?: ExecutionContext): Promise<Response>;",
      ];
      mkdirSync(join(out, program.folder), { recursive: true });
      writeFileSync(file, `${lines.join("\n")}\n`);
    }
    return `tools/doc-check/.blocks/${program.folder}/context.ts`;
  }

  /** What an @example's module and its package's (or example's) other modules export. */
  function moduleNames(block) {
    if (!block.self) return [];
    const own = exportedNames(join(root, block.self)).map((e) => ({ ...e, file: block.self }));
    const folder = /^(?:packages|examples)\/[^/]+\/src\//.exec(block.self)?.[0];
    for (const file of sources.filter((f) => folder && f.startsWith(folder) && f !== block.self)) {
      own.push(...exportedNames(join(root, file)).map((e) => ({ ...e, file })));
    }
    return own;
  }

  return (block, { isModule, hasImport }) => {
    const code = stripStringsAndComments(block.code);
    // Identifiers, but not property names (`a.name`); a spread (`...name`) counts.
    const used = new Set(code.match(/(?<![\w$])(?<![^.]\.)[A-Za-z_$][\w$]*/g) ?? []);
    const declared = new Set(
      [...code.matchAll(/\b(?:const|let|var|function|class|interface|type|enum)\s+([A-Za-z_$][\w$]*)/g)].map(
        (m) => m[1],
      ),
    );
    // `declare` lines stay at module level (check-docs.mjs), so they clash with an import as a module's would.
    const declaredAtTop = new Set(
      [
        ...code.matchAll(
          /^declare\s+(?:const|let|var|function|class|interface|type|enum|namespace|module)\s+([A-Za-z_$][\w$]*)/gm,
        ),
      ].map((m) => m[1]),
    );
    const imported = new Set();
    for (const m of code.matchAll(/^import\s+(?:type\s+)?([\w$]+)?\s*,?\s*(?:\{([^}]*)\})?[^;]*from/gm)) {
      if (m[1]) imported.add(m[1]);
      for (const part of (m[2] ?? "").split(",")) {
        const local = /([\w$]+)\s*$/.exec(part.trim())?.[1];
        if (local) imported.add(local);
      }
    }
    const byModule = new Map();
    const add = (from, name, type) => {
      if (!byModule.has(from)) byModule.set(from, []);
      const names = byModule.get(from);
      if (!names.includes(name) && !names.includes(`type ${name}`)) names.push(type ? `type ${name}` : name);
    };
    const pub = publicNames(block.pkg);
    const mine = moduleNames(block);
    const namespaces = [];
    for (const name of used) {
      if (imported.has(name)) continue;
      if (!hasImport && !declared.has(name) && Object.hasOwn(NAMESPACES, name)) {
        namespaces.push({ from: NAMESPACES[name], names: [], namespace: name });
        continue;
      }
      const app = contextNames.find((e) => e.name === name);
      // A fragment's own declarations are local to its function, so they shadow imports; a module's would clash.
      if (declaredAtTop.has(name) || (declared.has(name) && (isModule || app))) continue;
      // An @example's own module first: it shows that module's export, whatever a package exports by that name.
      const moduleName =
        mine.find((e) => e.name === name && e.file === block.self) ?? mine.find((e) => e.name === name);
      const publicName = hasImport || (block.self && moduleName?.file === block.self) ? undefined : pub.get(name);
      if (publicName) add(publicName.from, name, publicName.type);
      else if (moduleName) add(moduleName.file, name, moduleName.type);
      else if (app) add(contextOf(block), name, app.type);
    }
    if (!isModule && !declared.has("Self")) add(contextOf(block), "Self", true);
    return [...namespaces, ...[...byModule].map(([from, names]) => ({ from, names }))];
  };
}

function stripStringsAndComments(code) {
  return code
    .replace(/\/\*[\s\S]*?\*\//g, " ")
    .replace(/\/\/.*$/gm, " ")
    .replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, '""');
}
