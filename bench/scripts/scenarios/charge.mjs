// Scenario 3: what a charge costs. An idempotent charge (the billing() ledger)
// against a bare single-row UPDATE, inside the object and per object call; then
// a paid request end to end over HTTP against an unauthenticated pass-through.
import { row } from "../rows.mjs";
import { fetchJson, median, perOperation, timeRequest } from "../timing.mjs";

const IN_OBJECT_N = 1000;
const PER_CALL_N = 100;
const ROUNDS = 9;
const HTTP_REQUESTS = 300;

const CHARGE_MISS =
  "On its common path a charge is five statements in one transactionSync (key lookup, account read, account update, ledger insert with RETURNING, daily upsert; due holds are looked for only while something is held) against one, and each costs about what the bare UPDATE costs, so 2x is below the statement count. What would close most of it: keep the totals and the daily row with triggers on the ledger insert, leaving two statements from JavaScript (the key lookup and the insert); the triggers' row writes still cost, so even then about 2-3x. Per object call, what a request pays, the charge is within the target (next rows).";
const CALL_MISS =
  "An awaited write RPC is dominated by the commit the output gate waits for, the same for both; a miss means the charge's SQL (above) came to more than one such commit. The fixes for the in-object row apply.";
const PAID_MISS =
  "The paid request adds one object call that writes (verify the credential, charge, commit) and the SHA-256 of the secret to an answer with no object call; on this machine an awaited write RPC costs 0.5-1.5 ms (the local commit), so the ratio depends on the pass-through's own time. What would close it: nothing in the request path is left to merge (it is one call); a cheaper local commit, or the edge, where the seed measured 25-120 ms against 50-120 ms.";

/** Dev login (SKIP_LOGIN on localhost), then an API token made with that session, as a user would. */
async function logIn(base) {
  const login = await fetch(`${base}/oauth/login`, { redirect: "manual" });
  await login.arrayBuffer();
  const cookie = login.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c.includes("udo_session="));
  if (!cookie) throw new Error(`dev login set no session cookie (status ${login.status})`);
  const issued = await fetchJson(`${base}/oauth/token`, {
    method: "POST",
    headers: { cookie, origin: base, "content-type": "application/json" },
    body: JSON.stringify({ name: "bench", scopes: ["*"] }),
  });
  const me = await fetchJson(`${base}/me`, { headers: { cookie } });
  return { cookie, token: issued.token, user: me.user };
}

export async function charge({ base }) {
  const rows = [];
  let prefixes = 0;
  const fresh = () => `p${prefixes++}`;
  for (const user of ["charge-in-object", "charge-per-call"]) await fetchJson(`${base}/charge/fund/${user}`, { method: "POST" });
  const replayPrefix = fresh();
  await timeRequest(`${base}/charge/in-object/ledger?n=${IN_OBJECT_N}&prefix=${replayPrefix}`);
  const inObject = await perOperation(
    {
      bare: (n) => `${base}/charge/in-object/bare?n=${n}`,
      ledger: (n) => `${base}/charge/in-object/ledger?n=${n}&prefix=${fresh()}`,
      replay: (n) => `${base}/charge/in-object/ledger?n=${n}&prefix=${replayPrefix}`,
    },
    { n: IN_OBJECT_N, rounds: ROUNDS },
  );
  const inRow = (name, measure, target, note, ifMiss) => row("3 charge", `in the object: ${measure}`, inObject[name], "µs/op", inObject.bare, target, note, ifMiss);
  rows.push(inRow("bare", "bare single-row UPDATE", null, "the floor"));
  rows.push(inRow("ledger", "idempotent charge (billing ledger)", 2, "key check, balance check, debit, ledger row, daily usage: one transactionSync", CHARGE_MISS));
  rows.push(inRow("replay", "replayed key", null, "answers the first result, charges nothing"));

  const perCall = await perOperation(
    {
      bare: (n) => `${base}/charge/per-call/bare?n=${n}`,
      ledger: (n) => `${base}/charge/per-call/ledger?n=${n}&prefix=${fresh()}`,
    },
    { n: PER_CALL_N, rounds: ROUNDS },
  );
  const callRow = (name, measure, target, note, ifMiss) => row("3 charge", `per object call: ${measure}`, perCall[name], "µs/call", perCall.bare, target, note, ifMiss);
  rows.push(callRow("bare", "bare UPDATE RPC", null, "Worker -> DO, awaited (the output gate waits for the commit)"));
  rows.push(callRow("ledger", "charge RPC (billingChargeAccount)", 2, "what a Worker pays per charge", CALL_MISS));

  const { cookie, token, user } = await logIn(base);
  await fetchJson(`${base}/charge/fund/${user}`, { method: "POST" });
  const kinds = {
    anon: [`${base}/anon`, {}],
    token: [`${base}/paid`, { headers: { authorization: `Bearer ${token}` } }],
    cookie: [`${base}/paid`, { headers: { cookie } }],
  };
  const samples = { anon: [], token: [], cookie: [] };
  for (let i = 0; i < 30; i++) for (const [url, init] of Object.values(kinds)) await timeRequest(url, init); // warm up
  for (let i = 0; i < HTTP_REQUESTS; i++) for (const [kind, [url, init]] of Object.entries(kinds)) samples[kind].push(await timeRequest(url, init));
  const anon = median(samples.anon);
  rows.push(row("3 charge", "HTTP: unauthenticated pass-through (p50)", anon, "ms", anon, null, `${HTTP_REQUESTS} sequential requests each, interleaved`));
  rows.push(row("3 charge", "HTTP: paid request, API token (p50)", median(samples.token), "ms", anon, 1.5, "auth + charge in ONE object call, then the answer", PAID_MISS));
  rows.push(row("3 charge", "HTTP: paid request, dev-login session cookie (p50)", median(samples.cookie), "ms", anon, 1.5, "", PAID_MISS));
  return rows;
}
