// The rules every publishable package's manifest keeps, in the workspace and packed.
// An entry "./X" whose source is src/P.ts is, in package.json:
//   "exports":       { "./X": { "@userdo/source": "./src/P.ts", "types": "./dist/P.d.ts", "import": "./dist/P.js" } }
//   "publishConfig": { "exports": { "./X": { "types": "./dist/P.d.ts", "import": "./dist/P.js" } } }
// The source condition is first, only inside the workspace; the packed manifest has none.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { isDeepStrictEqual } from "node:util";

const SOURCE = "@userdo/source";

function fail(where, message) {
  throw new Error(`${where}: ${message}`);
}

/** Checks one workspace package.json against the rules above. */
export function checkWorkspaceManifest(dir, manifest, root) {
  const where = `${manifest.name} (${join(dir, "package.json")})`;
  if (manifest.license !== "MIT") fail(where, `license is ${manifest.license}, not MIT`);
  if (manifest.engines?.node !== ">=22") fail(where, 'engines.node must be ">=22" (wrangler and vitest need Node 22)');
  if (!manifest.repository?.directory) fail(where, "repository.directory is missing");
  for (const file of ["README.md", "LICENSE"]) {
    if (!existsSync(join(dir, file))) fail(where, `${file} is missing`);
    if (!manifest.files?.includes(file)) fail(where, `"files" does not list ${file}`);
  }
  if (readFileSync(join(dir, "LICENSE"), "utf8") !== readFileSync(join(root, "LICENSE"), "utf8")) {
    fail(where, "LICENSE differs from the repository's LICENSE (copy it)");
  }
  const published = manifest.publishConfig?.exports;
  for (const [entry, conditions] of Object.entries(manifest.exports ?? {})) {
    const keys = Object.keys(conditions);
    if (!isDeepStrictEqual(keys, [SOURCE, "types", "import"])) {
      fail(
        where,
        `exports["${entry}"] has ${keys.join(", ")}; it must have exactly ${SOURCE}, types, import (in that order)`,
      );
    }
    const source = conditions[SOURCE];
    const match = /^\.\/src\/(.+)\.ts$/.exec(source);
    if (!match) fail(where, `exports["${entry}"]["${SOURCE}"] must be ./src/<path>.ts, is ${source}`);
    if (!existsSync(join(dir, source))) fail(where, `exports["${entry}"] names ${source}, which does not exist`);
    const built = { types: `./dist/${match[1]}.d.ts`, import: `./dist/${match[1]}.js` };
    if (conditions.types !== built.types || conditions.import !== built.import) {
      fail(where, `exports["${entry}"] must point types at ${built.types} and import at ${built.import}`);
    }
    if (!isDeepStrictEqual(published?.[entry], built)) {
      fail(where, `publishConfig.exports["${entry}"] must be ${JSON.stringify(built)} (the entry without ${SOURCE})`);
    }
  }
  for (const entry of Object.keys(published ?? {})) {
    if (!manifest.exports?.[entry]) fail(where, `publishConfig.exports has "${entry}", which exports lacks`);
  }
}

/** Unpacks a tarball and checks what a user would install. */
export function checkPackedPackage(name, tarball, unpackRoot, root, run) {
  const into = join(unpackRoot, name.replace("/", "__"));
  mkdirSync(into, { recursive: true });
  run("tar", ["-xzf", tarball, "-C", into]);
  const pkg = join(into, "package");
  const where = `${name} (${tarball})`;
  const text = readFileSync(join(pkg, "package.json"), "utf8");
  if (text.includes(SOURCE)) fail(where, `the packed package.json still names ${SOURCE}`);
  if (text.includes("workspace:")) fail(where, "the packed package.json still has a workspace: range");
  const manifest = JSON.parse(text);
  if (readFileSync(join(pkg, "LICENSE"), "utf8") !== readFileSync(join(root, "LICENSE"), "utf8")) {
    fail(where, "LICENSE is missing or differs from the repository's");
  }
  if (!existsSync(join(pkg, "README.md"))) fail(where, "README.md is missing");
  for (const [entry, conditions] of Object.entries(manifest.exports ?? {})) {
    for (const [condition, target] of Object.entries(conditions)) {
      if (target.includes("/src/")) fail(where, `exports["${entry}"].${condition} points at source: ${target}`);
      if (!existsSync(join(pkg, target)))
        fail(where, `exports["${entry}"].${condition} names ${target}, not in the tarball`);
    }
    const map = join(pkg, `${conditions.types}.map`);
    if (!existsSync(map)) fail(where, `${conditions.types} has no declaration map`);
    for (const source of JSON.parse(readFileSync(map, "utf8")).sources) {
      if (!existsSync(join(dirname(map), source)))
        fail(where, `the declaration map of ${conditions.types} names ${source}, not in the tarball`);
    }
  }
  for (const file of Object.values(
    typeof manifest.bin === "string" ? { [name]: manifest.bin } : (manifest.bin ?? {}),
  )) {
    if (!existsSync(join(pkg, file))) fail(where, `bin ${file} is not in the tarball`);
  }
  return manifest;
}
