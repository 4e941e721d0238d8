// The `userdo` program: commander parses, each command talks to the app over HTTP(S).
import { Command, InvalidArgumentError } from "commander";
import { CliError, connection } from "./client.mjs";
import { deleteUser, exportUser, importUser, logs, sql, studio } from "./commands.mjs";
import { migrateAll } from "./migrate-all.mjs";

function positive(value) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("a whole number from 1");
  return n;
}

/**
 * Runs the CLI with `argv` (process.argv), writing to `io.out`/`io.err`;
 * resolves with the exit code.
 */
export async function run(argv, io = { out: process.stdout, err: process.stderr, env: process.env }) {
  const program = new Command("userdo")
    .description("Operate a userdo app: one Durable Object per user. The admin token comes from USERDO_TOKEN.")
    .option("--url <url>", "the app, e.g. https://app.example.com or http://127.0.0.1:8787 (default: USERDO_URL)")
    .option("--base-path <path>", "the studio route's base path", "/sqlite")
    .configureOutput({ writeOut: (s) => io.out.write(s), writeErr: (s) => io.err.write(s) })
    .exitOverride()
    .showHelpAfterError();
  let code = 0;
  const conn = () => connection(program.opts(), io.env);
  const action =
    (fn) =>
    async (...args) => {
      const result = await fn(...args);
      if (typeof result === "number") code = result;
    };

  program
    .command("sql <binding> <name> <sql>")
    .description("run one SQL statement on a user's database; prints a table")
    .option("--json", "print the answer as JSON")
    .action(action((binding, name, statement, options) => sql(conn(), binding, name, statement, options, io.out)));
  program
    .command("studio <binding> <name>")
    .description("print the Outerbase Studio connection of an object, and check it answers")
    .action(action((binding, name, options) => studio(conn(), binding, name, options, io.out)));
  program
    .command("export <binding> <name>")
    .description("stream a user's database as JSON Lines (sessions and tokens included: keep it secret)")
    .option("-o, --output <file>", "write to a file instead of stdout")
    .action(action((binding, name, options) => exportUser(conn(), binding, name, options, io.out, io.err)));
  program
    .command("import <binding> <name> <file>")
    .description("fill a new object from an export (all or nothing; rerunning the same export writes nothing)")
    .option("--replace", "reset the object first (its rows are lost), then fill it")
    .action(action((binding, name, file, options) => importUser(conn(), binding, name, file, options, io.out, io.err)));
  program
    .command("delete <binding> <name>")
    .description("delete a user everywhere: the object now, its rows at the master through replication")
    .option("--confirm <name>", "the user's name again")
    .action(action((binding, name, options) => deleteUser(conn(), binding, name, options, io.out)));
  program
    .command("migrate-all <binding>")
    .description("wake every registered user so their migrations run; progress, then the failed objects")
    .option("--concurrency <n>", "objects at once (1-6)", positive)
    .option("--batch <n>", "objects per scheduled run", positive)
    .option("--restart", "start over instead of resuming a running migration")
    .option("--interval <ms>", "how often to poll the status", positive)
    .action(action((binding, options) => migrateAll(conn(), binding, options, io.out, io.err)));
  program
    .command("logs <binding> <name>")
    .description("print an object's log lines, oldest first")
    .option("-f, --follow", "keep printing new lines (Ctrl-C stops)")
    .option("--limit <n>", "lines per read (1-1000)", positive)
    .option("--level <level>", "debug, info, warn or error and above")
    .option("--interval <ms>", "how often --follow polls", positive)
    .action(action((binding, name, options) => logs(conn(), binding, name, options, io.out)));

  try {
    await program.parseAsync(argv);
    return code;
  } catch (error) {
    if (error?.code === "commander.helpDisplayed" || error?.code === "commander.version") return 0;
    if (typeof error?.exitCode === "number" && error.code?.startsWith("commander.")) return error.exitCode;
    if (error instanceof CliError) {
      io.err.write(`userdo: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
