import { spawnSync } from "node:child_process";
import { basename } from "node:path";

/**
 * How to run npm: the npm that started this command when there is one
 * (`npm create` sets `npm_execpath`), run by this same Node, else `npm` from
 * the PATH.
 */
export function npmCommand(env = process.env) {
  const execPath = env.npm_execpath;
  if (execPath && /^npm-cli\.[cm]?js$/.test(basename(execPath))) {
    return { command: process.execPath, prefix: [execPath], shell: false };
  }
  return { command: "npm", prefix: [], shell: process.platform === "win32" };
}

/**
 * Runs `npm <args>` in `cwd`, its output shown as it comes (or kept, with
 * `quiet`, and shown only if it fails). Answers whether it succeeded.
 */
export function runNpm(args, cwd, { quiet = false, env = process.env } = {}) {
  const npm = npmCommand(env);
  const result = spawnSync(npm.command, [...npm.prefix, ...args], {
    cwd,
    env,
    shell: npm.shell,
    stdio: quiet ? "pipe" : "inherit",
    encoding: "utf8",
  });
  if (result.error) {
    process.stderr.write(`could not run npm: ${result.error.message}\n`);
    return false;
  }
  if (result.status !== 0 && quiet) process.stderr.write(`${result.stdout ?? ""}${result.stderr ?? ""}`);
  return result.status === 0;
}

/**
 * True when this Node runs the app's tools (wrangler and vitest), whose
 * oldest supported Node is `minimum`.
 *
 * @example
 * nodeRunsApp("22.11.0", "22.12.0"); // false
 */
export function nodeRunsApp(version, minimum) {
  const [major, minor, patch] = version.replace(/^v/, "").split(".").map(Number);
  const [minMajor, minMinor, minPatch] = minimum.split(".").map(Number);
  if (major !== minMajor) return major > minMajor;
  if (minor !== minMinor) return minor > minMinor;
  return patch >= minPatch;
}
