// Browser test of the sponsorflare example: headless Chromium (see
// find-chromium.mjs) driven by playwright-core against `wrangler dev` on a fresh state.
// Dev login, paid requests that move the balance and today's bar, a token
// created, used and revoked, logout. Screenshots go to ./screenshots/.
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Validator } from "@seriousme/openapi-schema-validator";
import { chromium } from "playwright-core";
import { startWranglerDev } from "../../scripts/wrangler-dev.mjs";
import { findChromium } from "./find-chromium.mjs";

const PORT = Number(process.env.SPONSORFLARE_BROWSER_PORT ?? 8861);
const SHOTS = fileURLToPath(new URL("./screenshots/", import.meta.url));

const results = [];
async function step(name, fn) {
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`  ✓ ${name}`);
  } catch (error) {
    results.push({ name, ok: false });
    console.log(`  ✗ ${name}\n${error?.stack ?? error}`);
    throw error;
  }
}

/** The dashboard's state as a user sees it. */
async function dashboardState(page) {
  return page.evaluate(() => {
    const bars = [...document.querySelectorAll("#chart .bar")];
    const today = bars.at(-1);
    return {
      loaded: Number(document.getElementById("dashboard").dataset.loaded ?? 0),
      balance: document.getElementById("balance").textContent,
      bars: bars.length,
      filledBars: bars.filter((b) => Number(b.dataset.spent) > 0).length,
      todaySpent: Number(today?.dataset.spent ?? 0),
      todayHeight: today?.getBoundingClientRect().height ?? 0,
      barWidth: bars[0]?.getBoundingClientRect().width ?? 0,
      charges: document.querySelectorAll("#charges tr").length,
    };
  });
}

/** Waits until the dashboard has rendered more often than `after` times. */
async function loadedAfter(page, after) {
  await page.waitForFunction((n) => Number(document.getElementById("dashboard")?.dataset.loaded ?? 0) > n, after, {
    timeout: 15_000,
  });
  return dashboardState(page);
}

const usd = (text) => Math.round(Number(text.replace(/[$,]/g, "")) * 100);

const persistTo = await mkdtemp(join(tmpdir(), "sponsorflare-browser-"));
await mkdir(SHOTS, { recursive: true });
let wrangler = null;
let browser = null;
let failed = false;
try {
  console.log(`sponsorflare browser test: wrangler dev on 127.0.0.1:${PORT}, state in ${persistTo}`);
  // x402 on (a pay-to address, no payment made): the OpenAPI validator checks its parts too.
  const started = await startWranglerDev({
    port: PORT,
    persistTo,
    echo: false,
    vars: { X402_PAY_TO: "0x000000000000000000000000000000000000dEaD" },
  });
  wrangler = started.child;
  const base = started.url;
  const found = await findChromium();
  console.log(`Chromium: ${found.executablePath} (${found.source})`);
  browser = await chromium.launch({ executablePath: found.executablePath, args: found.args });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const pageErrors = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));

  await step("/openapi.json is a valid OpenAPI 3.1 document", async () => {
    const document = await (await fetch(`${base}/openapi.json`)).json();
    const result = await new Validator().validate(document);
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
    assert.equal(document.openapi, "3.1.0");
    assert.ok(document.paths["/x402/top-up"], "x402's part is composed while X402_PAY_TO is set");
  });

  await step("the landing page offers the dev login", async () => {
    await page.goto(base);
    await page.screenshot({ path: join(SHOTS, "1-landing.png"), fullPage: true });
    assert.equal(await page.locator("#login").textContent(), "Dev login");
  });

  let state;
  await step("dev login lands on the dashboard with demo balance and bars", async () => {
    await page.click("#login");
    await page.waitForURL(`${base}/dashboard`);
    state = await loadedAfter(page, 0);
    assert.equal(state.balance, "$4.88");
    assert.equal(state.bars, 30);
    assert.ok(state.filledBars >= 15, `expected a history of bars, saw ${state.filledBars}`);
    assert.ok(state.barWidth > 10, `bars should be wide on a desktop screen, were ${state.barWidth}px`);
    await page.screenshot({ path: join(SHOTS, "2-dashboard.png"), fullPage: true });
  });

  await step("three paid requests lower the balance and raise today's bar", async () => {
    const before = state;
    for (let i = 0; i < 3; i++) {
      const loaded = (await dashboardState(page)).loaded;
      await page.click("#paid-request");
      state = await loadedAfter(page, loaded);
    }
    assert.equal(usd(before.balance) - usd(state.balance), 3);
    assert.equal(state.todaySpent - before.todaySpent, 30_000);
    assert.ok(state.todayHeight >= before.todayHeight, "today's bar does not shrink");
    assert.match(await page.locator("#paid-result").textContent(), /This answer cost \$0\.01; \$4\.85 left\./);
    await page.screenshot({ path: join(SHOTS, "3-after-paid-requests.png"), fullPage: true });
  });

  let token = "";
  await step("a token is created, shown once and pays for a request", async () => {
    const loaded = state.loaded;
    await page.fill("#token-name", "browser test");
    await page.fill("#token-budget", "0.02");
    await page.click("#create-token");
    state = await loadedAfter(page, loaded);
    token = (await page.locator("#new-token-value").textContent()) ?? "";
    // Signed (AUTH_SIGNING_KEY): the secret, then the Worker's tag.
    assert.match(token, /^udo_1_[0-9a-f]{64}_[0-9a-f]{32}$/);
    assert.equal(await page.locator("#tokens tr[data-token-id]").count(), 1);
    const paid = await fetch(`${base}/api/paid`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(paid.status, 200, await paid.text());
    // The same secret without its tag, or with another, is refused in the Worker
    // (auth's /me names why; the paid route answers its usual 401 and charges nothing).
    for (const forged of [token.slice(0, -33), `${token.slice(0, -32)}${"0".repeat(32)}`]) {
      const me = await fetch(`${base}/me`, { headers: { authorization: `Bearer ${forged}` } });
      assert.equal(me.status, 401);
      assert.equal((await me.json()).code, "malformed_credential");
      assert.equal((await fetch(`${base}/api/paid`, { headers: { authorization: `Bearer ${forged}` } })).status, 401);
    }
    await page.screenshot({ path: join(SHOTS, "4-token-created.png"), fullPage: true });
  });

  await step("the token is revoked and stops working", async () => {
    await page.reload();
    state = await loadedAfter(page, 0);
    await page.click("#tokens button[data-revoke-token]");
    await page.locator("#tokens .badge", { hasText: "revoked" }).waitFor({ timeout: 15_000 });
    const refused = await fetch(`${base}/api/paid`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(refused.status, 401);
    await page.screenshot({ path: join(SHOTS, "5-token-revoked.png"), fullPage: true });
  });

  await step("the chart adapts to a phone screen", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForFunction(() => document.querySelector("#chart .bar")?.getBoundingClientRect().width < 12);
    const narrow = await dashboardState(page);
    assert.equal(narrow.bars, 30);
    assert.ok(narrow.barWidth > 2 && narrow.barWidth < state.barWidth, `bar width ${narrow.barWidth}px on a phone`);
    await page.screenshot({ path: join(SHOTS, "6-dashboard-phone.png"), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  await step("the admin page lists the dev user from the master", async () => {
    // Replication flushes about a second after a write; the page reads the master.
    await assert.doesNotReject(async () => {
      for (let attempt = 0; attempt < 30; attempt++) {
        await page.goto(`${base}/admin`);
        if ((await page.locator("#users tr[data-user='1']").count()) === 1) return;
        await page.waitForTimeout(500);
      }
      throw new Error("the dev user never reached the master");
    });
    const html = await page.content();
    assert.ok(!html.includes("dev-only-studio-token-not-a-secret"), "the studio token never appears in a page");
    assert.match(html, /\/sqlite\/USERS\/1/);
    await page.screenshot({ path: join(SHOTS, "7-admin.png"), fullPage: true });
  });

  await step("logout ends the session on the server", async () => {
    await page.goto(`${base}/dashboard`);
    const session = (await context.cookies(base)).find((c) => c.name === "udo_session");
    assert.ok(session, "a session cookie while logged in");
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, "Lax");
    await page.click("#logout");
    await page.waitForURL(`${base}/`);
    assert.equal(await page.locator("#login").count(), 1);
    assert.equal(
      (await context.cookies(base)).find((c) => c.name === "udo_session"),
      undefined,
    );
    // The old cookie is dead too: logout deleted the session in the user's object.
    const replay = await fetch(`${base}/usage`, { headers: { cookie: `udo_session=${session.value}` } });
    assert.equal(replay.status, 401);
    await page.screenshot({ path: join(SHOTS, "8-logged-out.png"), fullPage: true });
  });

  await step("no script errors on any page", async () => {
    assert.deepEqual(pageErrors, []);
  });
} catch (error) {
  failed = true;
  // A failing step printed its own error; anything else (wrangler or Chromium not starting) is printed here.
  if (results.every((r) => r.ok)) console.log(error?.stack ?? error);
} finally {
  await browser?.close();
  if (wrangler && wrangler.exitCode === null) {
    const exited = new Promise((resolve) => wrangler.once("exit", resolve));
    wrangler.kill("SIGTERM");
    await exited;
  }
  await rm(persistTo, { recursive: true, force: true });
}
const passed = results.filter((r) => r.ok).length;
console.log(
  `browser: ${passed} passed, ${results.length - passed + (failed && results.every((r) => r.ok) ? 1 : 0)} failed`,
);
process.exit(failed ? 1 : 0);
