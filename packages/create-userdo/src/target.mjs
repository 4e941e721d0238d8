import { readdirSync, statSync } from "node:fs";
import { basename, resolve } from "node:path";
import { UsageError } from "./args.mjs";

/**
 * Where the app goes: the absolute folder, and whether it must be created.
 * A folder that exists must be empty; a file there is refused too.
 *
 * @example
 * checkTarget("my-app", "/home/ada"); // { path: "/home/ada/my-app", exists: false }
 */
export function checkTarget(dir, cwd) {
  const path = resolve(cwd, dir);
  let stats;
  try {
    stats = statSync(path);
  } catch (error) {
    if (error.code === "ENOENT") return { path, exists: false };
    throw error;
  }
  if (!stats.isDirectory()) throw new UsageError(`${path} exists and is not a folder: choose another name`);
  const entries = readdirSync(path);
  if (entries.length > 0) {
    const shown = entries.slice(0, 5).join(", ") + (entries.length > 5 ? ", ..." : "");
    throw new UsageError(
      `${path} is not empty (${shown}): choose a new folder, or empty this one, so that nothing of yours is overwritten`,
    );
  }
  return { path, exists: true };
}

/**
 * The app's name (its npm package name and its Worker's name) from the
 * folder's name: lowercase letters, digits and dashes, at most 54 characters
 * (a Worker's name plus a preview suffix must fit in 63).
 *
 * @example
 * appName("/home/ada/My Notes!"); // "my-notes"
 */
export function appName(path) {
  const name = basename(path)
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 54)
    .replace(/-$/, "");
  return name === "" ? "userdo-app" : name;
}
