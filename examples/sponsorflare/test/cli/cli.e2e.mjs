// The `userdo` CLI against this example under `wrangler dev` (127.0.0.1, a fresh
// state, stopped by its PID): sql, studio, export, import, logs, migrate-all,
// delete, and the errors for a wrong URL, token and binding.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { DEV_VARS, startWranglerDev } from "../../scripts/wrangler-dev.mjs";

const PORT = Number(process.env.SPONSORFLARE_CLI_PORT ?? 8871);
const BIN = createRequire(import.meta.url).resolve("@userdo/cli/bin/userdo.mjs");
let wrangler;
let base;
let dir;

/** Runs `userdo` with the token in its environment; resolves with its exit code and output. */
function userdo(args, { token = DEV_VARS.STUDIO_TOKEN, url = base, timeoutMs } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, "--url", url, ...args], {
      env: { ...process.env, USERDO_TOKEN: token, STUDIO_TOKEN: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (err += c));
    const timer = timeoutMs ? setTimeout(() => process.kill(child.pid, "SIGTERM"), timeoutMs) : null;
    child.on("error", reject);
    child.on("exit", (code) => {
      if (timer) clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}

async function until(check, what, ms = 20_000) {
  const end = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "userdo-cli-"));
  ({ child: wrangler, url: base } = await startWranglerDev({ port: PORT, persistTo: join(dir, "state"), echo: false }));
  // The dev login creates user 1 with demo charges (and makes it the admin).
  const login = await fetch(`${base}/oauth/login?redirect_uri=%2Fdashboard`, { redirect: "manual" });
  assert.equal(login.status, 302);
});

after(async () => {
  if (wrangler?.pid) {
    const exited = new Promise((resolve) => wrangler.once("exit", resolve));
    process.kill(wrangler.pid, "SIGTERM");
    await exited;
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

test("sql prints a table of a user's rows", async () => {
  const { code, out } = await userdo(["sql", "USERS", "1", "SELECT count(*) AS charges FROM _userdo_billing_charges"]);
  assert.equal(code, 0);
  assert.match(out, /charges/);
  assert.match(out, /1 row\(s\)/);
  const json = await userdo(["sql", "USERS", "1", "SELECT login FROM _userdo_auth_profile", "--json"]);
  assert.deepEqual(JSON.parse(json.out).rows, [["dev"]]);
});

test("studio prints the Outerbase connection and checks it", async () => {
  const { code, out } = await userdo(["studio", "USERS", "1"]);
  assert.equal(code, 0);
  assert.match(out, new RegExp(`${base}/sqlite/USERS/1`));
  assert.match(out, /\d+ tables visible/);
});

test("export, import (twice), logs, migrate-all and delete", async () => {
  const file = join(dir, "user-1.jsonl");
  const exported = await userdo(["export", "USERS", "1", "-o", file]);
  assert.equal(exported.code, 0, exported.err);
  const header = JSON.parse((await readFile(file, "utf8")).split("\n")[0]);
  assert.equal(header.format, "userdo-export");
  assert.equal(header.source, "1");

  const imported = await userdo(["import", "USERS", "restored", file]);
  assert.equal(imported.code, 0, imported.err);
  assert.match(imported.out, /imported \d+ rows of \d+ tables from 1 into USERS\/restored/);
  assert.match((await userdo(["import", "USERS", "restored", file])).out, /already imported/);
  const count = "SELECT count(*) FROM _userdo_billing_charges";
  assert.equal(
    (await userdo(["sql", "USERS", "restored", count, "--json"])).out,
    (await userdo(["sql", "USERS", "1", count, "--json"])).out,
  );

  const logs = await userdo(["logs", "USERS", "restored"]);
  assert.equal(logs.code, 0);
  assert.match(logs.out, /info\s+database imported/);
  const followed = await userdo(["logs", "USERS", "restored", "--follow", "--interval", "200"], { timeoutMs: 2_500 });
  assert.match(followed.out, /database imported/);

  // Both users reach the master's registry with their first replication flush.
  await until(async () => {
    const { out } = await userdo([
      "sql",
      "MASTER",
      "master-0",
      "SELECT count(*) FROM _userdo_master_sources",
      "--json",
    ]);
    return JSON.parse(out || "{}").rows?.[0]?.[0] >= 2;
  }, "the registry");
  const migrated = await userdo(["migrate-all", "USERS", "--batch", "1", "--interval", "200"]);
  assert.equal(migrated.code, 0, migrated.err);
  assert.match(migrated.out, /USERS: 2 registered, 2 up to date, 0 failed/);
  assert.match(migrated.err, /migrate-all \[/);

  const unconfirmed = await userdo(["delete", "USERS", "restored"]);
  assert.equal(unconfirmed.code, 1);
  assert.match(unconfirmed.err, /add --confirm restored/);
  const deleted = await userdo(["delete", "USERS", "restored", "--confirm", "restored"]);
  assert.equal(deleted.code, 0, deleted.err);
  assert.match(deleted.out, /deleted USERS\/restored: \d+ rows; the master forgets it/);
  assert.equal(JSON.parse((await userdo(["sql", "USERS", "restored", count, "--json"])).out).rows[0][0], 0);
});

test("says what is wrong with the URL, the token or the name", async () => {
  const token = await userdo(["sql", "USERS", "1", "SELECT 1"], { token: "wrong-token" });
  assert.equal(token.code, 1);
  assert.match(token.err, /refused the token: set USERDO_TOKEN/);
  const none = await userdo(["sql", "USERS", "1", "SELECT 1"], { token: "" });
  assert.match(none.err, /set the admin token in the environment/);
  const url = await userdo(["sql", "USERS", "1", "SELECT 1"], { url: "http://127.0.0.1:9" });
  assert.match(url.err, /cannot reach http:\/\/127\.0\.0\.1:9 .*is the app running/);
  const binding = await userdo(["sql", "NOPE", "1", "SELECT 1"]);
  assert.match(binding.err, /no studio for binding "NOPE"/);
  const name = await userdo(["sql", "USERS", "x".repeat(300), "SELECT 1"]);
  assert.equal(name.code, 1);
  assert.match(name.err, /bad_user_name/);
});
