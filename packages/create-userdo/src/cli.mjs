import { relative } from "node:path";
import { appFiles } from "./app-files.mjs";
import { USAGE, UsageError, parseCommandLine } from "./args.mjs";
import { nodeRunsApp, runNpm } from "./install.mjs";
import { appName, checkTarget } from "./target.mjs";
import { MIN_APP_NODE } from "./versions.mjs";
import { writeApp } from "./write-app.mjs";

/**
 * `create-userdo <dir> [--with auth,billing] [--no-install]`: checks the
 * command line and the folder, writes the app, installs it, and says how to
 * run and test it. Answers the exit code.
 */
export function main(argv, { cwd = process.cwd(), out = process.stdout, err = process.stderr } = {}) {
  let options;
  let target;
  try {
    options = parseCommandLine(argv);
    if (options.help) {
      out.write(`${USAGE}\n`);
      return 0;
    }
    target = checkTarget(options.dir, cwd);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err.write(`create-userdo: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }

  const name = appName(target.path);
  const files = appFiles({ name, features: options.features });
  writeApp(target.path, files, { created: !target.exists });
  const shown = relative(cwd, target.path) || ".";
  const features = options.features.length > 0 ? ` with ${options.features.join(" and ")}` : "";
  out.write(`Created ${name}${features} in ${target.path} (${files.size} files).\n`);

  let installed = false;
  if (!options.install) {
    out.write("Skipped npm install (--no-install).\n");
  } else if (!nodeRunsApp(process.versions.node, MIN_APP_NODE)) {
    err.write(
      `Skipped npm install: the app's tools (wrangler, vitest) need Node ${MIN_APP_NODE} or newer, ` +
        `and this is Node ${process.versions.node}. Install a newer Node, then run npm install in the app.\n`,
    );
  } else {
    out.write("Installing dependencies (npm install)...\n");
    installed = runNpm(["install"], target.path);
    if (!installed) {
      err.write(`npm install failed; the app is written. Fix the error above, then run npm install in ${shown}.\n`);
      return 1;
    }
    // Env's type, from wrangler.jsonc (worker-configuration.d.ts); typecheck writes it again each time.
    if (!runNpm(["run", "types"], target.path, { quiet: true })) {
      err.write("Could not write worker-configuration.d.ts yet; npm run types does it.\n");
    }
  }

  const cd = shown === "." ? "" : `  cd ${shown.includes(" ") ? JSON.stringify(shown) : shown}\n`;
  out.write(
    `\nNext:\n${cd}` +
      `  ${installed ? "npm run dev" : "npm install && npm run dev"}   # http://127.0.0.1:8787\n` +
      "  npm test\n" +
      "\nREADME.md says what to try, where things are, and how to deploy.\n",
  );
  return 0;
}
