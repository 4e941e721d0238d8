import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { MIN_APP_NODE } from "../src/versions.mjs";
import { nodeRunsApp } from "../src/install.mjs";
import { listFiles, run, tempDir } from "./helpers.mjs";

describe("create-userdo, the command", () => {
  it("prints its usage for --help, and for no folder with exit code 2", () => {
    const cwd = tempDir();
    const help = run(["--help"], { cwd });
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: create-userdo <dir> \[--with auth,billing\] \[--no-install\]/);
    const none = run([], { cwd });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /create-userdo: name the folder to create the app in/);
    assert.match(none.stderr, /Usage:/);
    assert.deepEqual(listFiles(cwd), []);
  });

  it("refuses a folder that is not empty, and touches nothing in it", () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, "taken"));
    writeFileSync(join(cwd, "taken", "notes.txt"), "mine");
    const result = run(["taken", "--no-install"], { cwd });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /taken is not empty \(notes\.txt\): choose a new folder, or empty this one/);
    assert.deepEqual(listFiles(join(cwd, "taken")), ["notes.txt"]);
    assert.equal(readFileSync(join(cwd, "taken", "notes.txt"), "utf8"), "mine");
  });

  it("refuses a file in the folder's place, and an unknown feature, before writing anything", () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "app"), "a file");
    assert.match(run(["app", "--no-install"], { cwd }).stderr, /app exists and is not a folder/);
    const unknown = run(["other", "--with", "auth,payments", "--no-install"], { cwd });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown feature "payments"/);
    assert.equal(existsSync(join(cwd, "other")), false);
  });

  it("writes into an empty folder that exists, and names the app after it", () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, "My Notes!"));
    const result = run(["My Notes!", "--no-install"], { cwd });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Created my-notes in /);
    const pkg = JSON.parse(readFileSync(join(cwd, "My Notes!", "package.json"), "utf8"));
    assert.equal(pkg.name, "my-notes");
  });

  it("says how to install, run and test the app (two commands after cd)", () => {
    const cwd = tempDir();
    const result = run(["my-app", "--no-install"], { cwd });
    assert.match(result.stdout, /Skipped npm install \(--no-install\)/);
    assert.match(
      result.stdout,
      /Next:\n {2}cd my-app\n {2}npm install && npm run dev {3}# http:\/\/127\.0\.0\.1:8787\n {2}npm test\n/,
    );
  });

  it("keeps .dev.vars to its owner (mode 0600) with fresh tokens, and the example without them", () => {
    const cwd = tempDir();
    run(["a", "--with", "auth", "--no-install"], { cwd });
    run(["b", "--with", "billing", "--no-install"], { cwd });
    const a = readFileSync(join(cwd, "a", ".dev.vars"), "utf8");
    const b = readFileSync(join(cwd, "b", ".dev.vars"), "utf8");
    if (process.platform !== "win32") assert.equal(statSync(join(cwd, "a", ".dev.vars")).mode & 0o777, 0o600);
    const token = (text, name) => new RegExp(`^${name}=(.*)$`, "m").exec(text)?.[1];
    assert.match(token(a, "STUDIO_TOKEN"), /^[\w-]{32}$/);
    assert.match(token(a, "AUTH_SIGNING_KEY"), /^[\w-]{32}$/);
    assert.match(token(b, "ADMIN_TOKEN"), /^[\w-]{32}$/);
    assert.notEqual(token(a, "STUDIO_TOKEN"), token(b, "STUDIO_TOKEN"));
    const example = readFileSync(join(cwd, "a", ".dev.vars.example"), "utf8");
    assert.equal(token(example, "STUDIO_TOKEN"), "");
    assert.equal(token(example, "AUTH_SIGNING_KEY"), "");
    assert.match(readFileSync(join(cwd, "a", ".gitignore"), "utf8"), /^\.dev\.vars$/m);
  });
});

describe("create-userdo, installing", { skip: !nodeRunsApp(process.versions.node, MIN_APP_NODE) }, () => {
  /** An npm that records how it was called, and fails when asked to. */
  function fakeNpm(dir) {
    const script = join(dir, "npm-cli.js");
    writeFileSync(
      script,
      `const { appendFileSync } = require("node:fs");
appendFileSync(process.env.FAKE_NPM_LOG, process.argv.slice(2).join(" ") + " @ " + process.cwd() + "\\n");
process.exit(Number(process.env.FAKE_NPM_EXIT ?? 0));
`,
    );
    return script;
  }

  it("runs npm install in the app with the npm that started it, then writes Env's types", () => {
    const cwd = tempDir();
    const log = join(cwd, "npm.log");
    const env = { npm_execpath: fakeNpm(cwd), FAKE_NPM_LOG: log };
    const result = run(["my-app"], { cwd, env });
    assert.equal(result.code, 0, result.stderr);
    const app = join(cwd, "my-app");
    assert.equal(readFileSync(log, "utf8"), `install @ ${app}\nrun types @ ${app}\n`);
    assert.match(
      result.stdout,
      /Next:\n {2}cd my-app\n {2}npm run dev {3}# http:\/\/127\.0\.0\.1:8787\n {2}npm test\n/,
    );
  });

  it("says so when npm install fails, keeps the app, and exits with 1", () => {
    const cwd = tempDir();
    const env = { npm_execpath: fakeNpm(cwd), FAKE_NPM_LOG: join(cwd, "npm.log"), FAKE_NPM_EXIT: "1" };
    const result = run(["my-app"], { cwd, env });
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /npm install failed; the app is written\. Fix the error above, then run npm install in my-app\./,
    );
    assert.ok(existsSync(join(cwd, "my-app", "package.json")));
  });
});
