// Which Chromium the browser test drives: CHROMIUM_PATH if set, else a system
// Chrome or Chromium if one is installed, else the headless Chromium that the
// @sparticuz/chromium devDependency brings from the npm registry (unpacked into
// the temp dir on first use), so a fresh machine needs no system package.
import { existsSync } from "node:fs";

const SYSTEM_BROWSERS = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
];

const SYSTEM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
];

/**
 * @returns {Promise<{ executablePath: string, args: string[], source: string }>}
 * @example
 * const { executablePath, args } = await findChromium();
 * const browser = await chromium.launch({ executablePath, args });
 */
export async function findChromium() {
  const chosen = process.env.CHROMIUM_PATH;
  if (chosen) {
    if (!existsSync(chosen)) throw new Error(`CHROMIUM_PATH is ${chosen}, which does not exist`);
    return { executablePath: chosen, args: SYSTEM_ARGS, source: "CHROMIUM_PATH" };
  }
  const system = SYSTEM_BROWSERS.find((path) => existsSync(path));
  if (system) return { executablePath: system, args: SYSTEM_ARGS, source: "system" };
  const { default: sparticuz } = await import("@sparticuz/chromium");
  return { executablePath: await sparticuz.executablePath(), args: sparticuz.args, source: "@sparticuz/chromium" };
}
