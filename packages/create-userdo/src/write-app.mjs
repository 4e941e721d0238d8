import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * Writes every file of the app under `root`. Nothing that exists is ever
 * overwritten (each file is created exclusively), and if any write fails,
 * what this call wrote is removed again: the folder is left as it was found.
 *
 * @example
 * writeApp("/home/ada/my-app", new Map([["README.md", "# my-app\n"]]), { created: true });
 */
export function writeApp(root, files, { created }) {
  const written = [];
  try {
    if (created) mkdirSync(root, { recursive: true });
    for (const [path, text] of files) {
      const target = join(root, path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text, { flag: "wx", mode: path === ".dev.vars" ? 0o600 : 0o644 });
      written.push(target);
    }
  } catch (error) {
    if (created) rmSync(root, { recursive: true, force: true });
    else for (const target of written) rmSync(target, { force: true });
    throw error;
  }
}
