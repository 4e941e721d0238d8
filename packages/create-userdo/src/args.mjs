import { parseArgs } from "node:util";

/** The optional parts of an app, as `--with` names them. */
export const FEATURES = Object.freeze(["auth", "billing"]);

/** What the command line is used wrongly: the message says how to use it right. */
export class UsageError extends Error {}

export const USAGE = `Usage: create-userdo <dir> [--with auth,billing] [--no-install]

Creates a Cloudflare Workers app in <dir> (a new or empty folder) with userdo:
one Durable Object per user, each with its own typed, migrated SQLite database.

Options:
  --with <features>  comma-separated, any of:
                       auth     login with GitHub (or a dev login on localhost),
                                sessions and API tokens in each user's object
                       billing  a balance per user and a paid route; without
                                auth, it charges the user your app names
  --no-install       write the files only (run npm install yourself)
  -h, --help         show this help

With npm: npm create userdo@latest my-app -- --with auth,billing`;

/**
 * The command line, checked: the target folder, the features asked for (in
 * the order of {@link FEATURES}) and whether to install.
 *
 * @example
 * parseCommandLine(["my-app", "--with", "auth,billing"]);
 * // { help: false, dir: "my-app", features: ["auth", "billing"], install: true }
 */
export function parseCommandLine(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        with: { type: "string", multiple: true },
        "no-install": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError(error.message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true, dir: null, features: [], install: false };
  if (positionals.length === 0) throw new UsageError("name the folder to create the app in, e.g. create-userdo my-app");
  if (positionals.length > 1) {
    throw new UsageError(`one folder only, got ${positionals.length}: ${positionals.join(" ")}`);
  }
  const dir = positionals[0];
  if (dir.trim() === "") throw new UsageError("the folder name is empty");
  return { help: false, dir, features: parseFeatures(values.with ?? []), install: !values["no-install"] };
}

/** `--with` values (each comma-separated, repeatable) as a list of known features in a fixed order. */
function parseFeatures(values) {
  const asked = new Set();
  for (const value of values) {
    const names = value.split(",").map((name) => name.trim().toLowerCase());
    for (const name of names) {
      if (name === "") throw new UsageError(`--with needs feature names, e.g. --with auth,billing (got "${value}")`);
      if (!FEATURES.includes(name)) {
        throw new UsageError(`unknown feature "${name}" in --with: choose from ${FEATURES.join(", ")}`);
      }
      asked.add(name);
    }
  }
  return FEATURES.filter((name) => asked.has(name));
}
