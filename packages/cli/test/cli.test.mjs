// The CLI without an app: its arguments, where the token comes from, and the
// errors it answers before or instead of a request. The sponsorflare example's
// test:cli runs every command against a real app under wrangler dev.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { after, before, test } from "node:test";
import { run } from "../src/cli.mjs";
import { connection } from "../src/client.mjs";

function io(env) {
  let out = "";
  let err = "";
  return {
    io: { out: { write: (s) => (out += s) }, err: { write: (s) => (err += s) }, env },
    text: () => ({ out, err }),
  };
}

// A stand-in app: answers like the studio route, so the errors and the table can be checked.
let server;
let url;
before(async () => {
  server = createServer((req, res) => {
    const json = (status, body) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== "Bearer right-token") return json(401, { error: "no", code: "unauthorized" });
    if (req.url.startsWith("/sqlite/NOPE/"))
      return json(404, { error: 'no studio for binding "NOPE"', code: "not_found" });
    if (req.url === "/sqlite/USERS/alice/query/raw")
      return json(200, {
        result: {
          columns: ["n", "title"],
          rows: [
            [1, "milk"],
            [2, null],
          ],
          meta: { rows_read: 2, rows_written: 0 },
        },
      });
    json(409, { error: 'migration "app/002" of the export is not applied here', code: "import_mismatch" });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${server.address().port}`;
});
after(() => new Promise((resolve) => server.close(resolve)));

test("reads the token from the environment only, and the URL from --url or USERDO_URL", () => {
  assert.throws(() => connection({ url: "http://127.0.0.1:1" }, {}), /set the admin token in the environment/);
  assert.throws(() => connection({}, { USERDO_TOKEN: "t" }), /set the app's URL/);
  assert.throws(() => connection({ url: "ftp://x" }, { USERDO_TOKEN: "t" }), /not an http\(s\) URL/);
  assert.deepEqual(connection({ basePath: "admin/db/" }, { USERDO_URL: "https://a.example/x", STUDIO_TOKEN: "s" }), {
    origin: "https://a.example",
    token: "s",
    basePath: "/admin/db",
  });
});

test("has no token flag", async () => {
  const t = io({ USERDO_TOKEN: "right-token" });
  assert.equal(
    await run(["node", "userdo", "--url", url, "--token", "x", "sql", "USERS", "alice", "SELECT 1"], t.io),
    1,
  );
  assert.match(t.text().err, /unknown option '--token'/);
});

test("prints a table, and says what is wrong with the token, the binding or the request", async () => {
  const ok = io({ USERDO_TOKEN: "right-token" });
  assert.equal(
    await run(["node", "userdo", "--url", url, "sql", "USERS", "alice", "SELECT n, title FROM t"], ok.io),
    0,
  );
  assert.match(ok.text().out, /milk/);
  assert.match(ok.text().out, /NULL/);
  assert.match(ok.text().out, /2 row\(s\); read 2, written 0/);

  const wrong = io({ USERDO_TOKEN: "wrong" });
  assert.equal(await run(["node", "userdo", "--url", url, "sql", "USERS", "alice", "SELECT 1"], wrong.io), 1);
  assert.match(wrong.text().err, /refused the token: set USERDO_TOKEN/);

  const binding = io({ USERDO_TOKEN: "right-token" });
  assert.equal(await run(["node", "userdo", "--url", url, "sql", "NOPE", "alice", "SELECT 1"], binding.io), 1);
  assert.match(binding.text().err, /no studio for binding "NOPE": the binding is one of the app's studio namespaces/);

  const refused = io({ USERDO_TOKEN: "right-token" });
  assert.equal(await run(["node", "userdo", "--url", url, "sql", "USERS", "bob", "SELECT 1"], refused.io), 1);
  assert.match(refused.text().err, /not applied here \(import_mismatch\)/);

  const down = io({ USERDO_TOKEN: "right-token" });
  assert.equal(
    await run(["node", "userdo", "--url", "http://127.0.0.1:9", "sql", "USERS", "a", "SELECT 1"], down.io),
    1,
  );
  assert.match(down.text().err, /cannot reach http:\/\/127\.0\.0\.1:9 .*is the app running/);
});

test("asks for the name again before deleting, and for a readable file before importing", async () => {
  const del = io({ USERDO_TOKEN: "right-token" });
  assert.equal(await run(["node", "userdo", "--url", url, "delete", "USERS", "alice"], del.io), 1);
  assert.match(del.text().err, /add --confirm alice/);
  const imp = io({ USERDO_TOKEN: "right-token" });
  assert.equal(
    await run(["node", "userdo", "--url", url, "import", "USERS", "alice", "/no/such/file.jsonl"], imp.io),
    1,
  );
  assert.match(imp.text().err, /cannot read \/no\/such\/file\.jsonl/);
});
