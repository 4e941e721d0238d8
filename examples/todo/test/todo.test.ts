import { SELF, env } from "cloudflare:test";
import { masterShards, userStub } from "@userdo/core";
import { describe, expect, it, vi } from "vitest";
import { loginPage } from "../src/page.js";
import { DEMO_CREDIT, PRICE_PER_WRITE } from "../src/worker.js";

const ORIGIN = "http://localhost";

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

let nextUser = 7_000_000;
/** A signed-in user (as the OAuth callback stores them), with `funds` credited. */
async function user(funds: number, login = "octocat", prefix: "" | "x-" = ""): Promise<{ id: string; cookie: string }> {
  const id = `${prefix}${nextUser++}`;
  const secret = [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, "0")).join("");
  const account = userStub(env.USERS, id);
  await account.authSignIn({
    profile: {
      id,
      login,
      name: null,
      avatarUrl: null,
      email: null,
      bio: null,
      blog: null,
      twitterUsername: null,
      createdAt: null,
      sourceDomain: "localhost",
    },
    providerToken: null,
    stateHash: null,
    session: {
      id: `ses_${secret.slice(0, 24)}`,
      secretHash: await sha256Hex(secret),
      expiresAt: Date.now() + 3_600_000,
      userAgent: null,
      sourceDomain: null,
    },
  });
  if (funds > 0) await account.billingCredit({ source: "test", externalId: "funds", amount: funds });
  return { id, cookie: `udo_session=${id}.${secret}` };
}

function post(
  path: string,
  cookie: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return SELF.fetch(`${ORIGIN}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie, origin: ORIGIN, "sec-fetch-site": "same-origin", ...headers },
    body: new URLSearchParams(fields),
  });
}

const key = () => crypto.randomUUID();
const page = async (cookie: string) => (await SELF.fetch(`${ORIGIN}/`, { headers: { cookie } })).text();
const spent = async (id: string) => (await userStub(env.USERS, id).billingAudit()).account.spent;
const todosOf = (id: string) => userStub(env.TODOS, id).list({ user: id, via: "session", tokenId: null });

describe("todo example", () => {
  it("adds, completes and deletes todos over POST forms, charging each change once", async () => {
    const { id, cookie } = await user(10 * PRICE_PER_WRITE);
    const add = await post("/todos", cookie, { title: "buy milk", key: key() });
    expect(add.status).toBe(303);
    expect(add.headers.get("location")).toBe("/");
    const [todo] = await todosOf(id);
    expect(todo).toMatchObject({ title: "buy milk", done: 0 });
    expect((await post(`/todos/${todo!.id}`, cookie, { action: "done", key: key() })).status).toBe(303);
    expect((await todosOf(id))[0]).toMatchObject({ done: 1 });
    expect((await post(`/todos/${todo!.id}`, cookie, { action: "delete", key: key() })).status).toBe(303);
    expect(await todosOf(id)).toEqual([]);
    expect(await spent(id)).toBe(3 * PRICE_PER_WRITE);
  });

  it("keeps an X user's todos (x-<id>) in their own object, charged like anyone's", async () => {
    const { id, cookie } = await user(2 * PRICE_PER_WRITE, "xuser", "x-");
    expect((await post("/todos", cookie, { title: "post a thread", key: key() })).status).toBe(303);
    expect(await todosOf(id)).toMatchObject([{ title: "post a thread" }]);
    expect(await spent(id)).toBe(PRICE_PER_WRITE);
  });

  it("offers one login link per configured provider, or the dev login", async () => {
    const visitor = await loginPage(false, ["github", "x"]).text();
    expect(visitor).toContain('<a href="/oauth/login?provider=github">Log in with GitHub</a>');
    expect(visitor).toContain('<a href="/oauth/login?provider=x">Log in with X</a>');
    expect(await loginPage(true, ["github"]).text()).toContain("Dev login");
  });

  it("escapes every title on the page", async () => {
    const { cookie } = await user(10 * PRICE_PER_WRITE, "<i>login</i>");
    await post("/todos", cookie, { title: `<script>alert("x")</script>`, key: key() });
    const html = await page(cookie);
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html).toContain("&lt;i&gt;login&lt;/i&gt;");
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain(cookie.split(".")[1]!);
  });

  it("writes and charges a double submit of the same form once; a later resubmit gets the first answer", async () => {
    const { id, cookie } = await user(10 * PRICE_PER_WRITE);
    const formKey = key();
    const answers = await Promise.all([1, 2, 3].map(() => post("/todos", cookie, { title: "once", key: formKey })));
    expect(answers.filter((r) => r.status === 303).length).toBeGreaterThanOrEqual(1);
    for (const answer of answers) expect([303, 409]).toContain(answer.status);
    const again = await post("/todos", cookie, { title: "once", key: formKey });
    expect(again.status).toBe(303);
    expect(again.headers.get("location")).toBe("/");
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await todosOf(id)).toHaveLength(1);
    expect(await spent(id)).toBe(PRICE_PER_WRITE);
  });

  it("never lets one paid key pay for another write (another action, todo or title)", async () => {
    const { id, cookie } = await user(10 * PRICE_PER_WRITE);
    await post("/todos", cookie, { title: "first", key: key() });
    await post("/todos", cookie, { title: "second", key: key() });
    const [second, first] = await todosOf(id);
    const paidKey = key();
    expect((await post(`/todos/${first!.id}`, cookie, { action: "done", key: paidKey })).status).toBe(303);
    const reuses = [
      post(`/todos/${first!.id}`, cookie, { action: "delete", key: paidKey }),
      post(`/todos/${second!.id}`, cookie, { action: "delete", key: paidKey }),
      post("/todos", cookie, { title: "third", key: paidKey }),
    ];
    for (const answer of await Promise.all(reuses)) {
      expect(answer.status).toBe(409);
      expect(await answer.json()).toMatchObject({ code: "idempotency_conflict" });
    }
    expect((await todosOf(id)).map((t) => t.title).sort()).toEqual(["first", "second"]);
    expect(await spent(id)).toBe(3 * PRICE_PER_WRITE);
  });

  it("charges nothing for a write that fails (a todo deleted in another tab)", async () => {
    const { id, cookie } = await user(10 * PRICE_PER_WRITE);
    const missing = await post("/todos/999999", cookie, { action: "done", key: key() });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: "no_todo" });
    expect(await spent(id)).toBe(0);
    expect((await userStub(env.USERS, id).billingAudit()).account.held).toBe(0);
  });

  it("answers 402 without funds and writes nothing", async () => {
    const { id, cookie } = await user(0);
    const response = await post("/todos", cookie, { title: "unpaid", key: key() });
    expect(response.status).toBe(402);
    expect(await response.json()).toMatchObject({ code: "insufficient_funds", payUrl: env.PAY_URL });
    expect(await todosOf(id)).toEqual([]);
  });

  it("refuses cross-site posts, bad input and strangers, writing and charging nothing", async () => {
    const { id, cookie } = await user(10 * PRICE_PER_WRITE);
    const crossSite = await post(
      "/todos",
      cookie,
      { title: "csrf", key: key() },
      { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    );
    expect(crossSite.status).toBe(403);
    const bad: Record<string, string>[] = [
      { title: "", key: key() },
      { title: "x".repeat(201), key: key() },
      { title: "no key" },
    ];
    for (const fields of bad) {
      const response = await post("/todos", cookie, fields);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: expect.any(String), code: expect.any(String) });
    }
    expect((await post("/todos/abc", cookie, { action: "done", key: key() })).status).toBe(400);
    expect((await post("/todos/1", cookie, { action: "explode", key: key() })).status).toBe(400);
    const json = await SELF.fetch(`${ORIGIN}/todos`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: "{}",
    });
    expect(json.status).toBe(415);
    const anonymous = await post("/todos", "", { title: "who?", key: key() });
    expect(anonymous.status).toBe(401);
    expect(await todosOf(id)).toEqual([]);
    expect(await spent(id)).toBe(0);
  });

  it("lets the todo object serve only the caller it belongs to", async () => {
    const alice = await user(0);
    const bob = await user(0);
    const forged = userStub(env.TODOS, alice.id).list({ user: bob.id, via: "session", tokenId: null });
    await expect(forged).rejects.toMatchObject({ status: 403, code: "not_owner" });
  });

  it("serves the JSON API to tokens with the todo:read scope", async () => {
    const { id, cookie } = await user(10 * PRICE_PER_WRITE);
    await post("/todos", cookie, { title: "from the api", key: key() });
    const issue = await SELF.fetch(`${ORIGIN}/oauth/token`, {
      method: "POST",
      headers: { cookie, origin: ORIGIN, "content-type": "application/json" },
      body: JSON.stringify({ name: "reader", scopes: ["todo:read"] }),
    });
    const { token } = (await issue.json()) as { token: string };
    const list = await SELF.fetch(`${ORIGIN}/api/todos`, { headers: { authorization: `Bearer ${token}` } });
    expect(await list.json()).toMatchObject({ todos: [{ title: "from the api" }] });
    // A read-only token cannot write.
    const write = await post("/todos", "", { title: "nope", key: key() }, { authorization: `Bearer ${token}` });
    expect(write.status).toBe(403);
    expect(await todosOf(id)).toHaveLength(1);
  });

  it("gives the dev login demo credit once, on localhost", async () => {
    for (let i = 0; i < 2; i++)
      expect((await SELF.fetch(`${ORIGIN}/oauth/login`, { redirect: "manual" })).status).toBe(302);
    expect((await userStub(env.USERS, "1").billingAudit()).account.credited).toBe(DEMO_CREDIT);
  });

  it("replicates todos to the master (without request keys) and opens them in the studio", async () => {
    const { id, cookie } = await user(10 * PRICE_PER_WRITE);
    await post("/todos", cookie, { title: "replicate me", key: key() });
    const master = masterShards(env.MASTER);
    await vi.waitFor(
      async () =>
        expect(await master.list("todo", { where: { _source: id } })).toMatchObject([
          { title: "replicate me", done: 0 },
        ]),
      {
        timeout: 15_000,
        interval: 250,
      },
    );
    expect((await master.stubs[0]!.replicatedTables()).todo).not.toContain("request_key");
    const studio = await SELF.fetch(`${ORIGIN}/sqlite/TODOS/${id}/query/raw`, {
      method: "POST",
      headers: { authorization: `Bearer ${env.STUDIO_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ sql: "SELECT title FROM todo" }),
    });
    expect(await studio.json()).toMatchObject({ result: { rows: [["replicate me"]] } });
  });
});
