// Shared by the tests: temporary folders, and the command run as a user runs it.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after } from "node:test";
import { fileURLToPath } from "node:url";

export const BIN = fileURLToPath(new URL("../bin/create-userdo.mjs", import.meta.url));
export const REPO = fileURLToPath(new URL("../../../", import.meta.url));

const made = [];
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A new empty folder, removed when the test file ends. */
export function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), "create-userdo-test-"));
  made.push(dir);
  return dir;
}

/** Runs `create-userdo <args>` in `cwd` with Node and answers its exit code and output. */
export function run(args, { cwd, env = {} }) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...process.env, npm_execpath: "", ...env },
    encoding: "utf8",
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every file under `root`, as sorted relative paths. */
export function listFiles(root) {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else files.push(relative(root, path));
    }
  };
  walk(root);
  return files.sort();
}

/** JSONC (comments and all) as JSON: what wrangler reads from wrangler.jsonc. */
export function parseJsonc(text) {
  const withoutComments = text.replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (_, string) => string ?? "");
  return JSON.parse(withoutComments);
}
