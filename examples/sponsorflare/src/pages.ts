import { type AuthUser, getUser, isAdmin, isLocalhost, loginProviders, readAuthConfig } from "@userdo/auth";
import { masterBillingStats } from "@userdo/billing";
import { UserDOError, outerbaseConnection, parseQuery, shardName, userStub } from "@userdo/core";
import * as v from "valibot";
import { MASTER_SHARDS, master, registeredUsers } from "./admin/master-reads.js";
import { adminPage } from "./html/admin-page.js";
import { dashboardPage } from "./html/dashboard-page.js";
import { html, htmlResponse } from "./html/html.js";
import { landingPage } from "./html/landing-page.js";
import { type Viewer, layout } from "./html/layout.js";
import { DEFAULT_PAY_URL, PRICE_PER_REQUEST, formatUsd } from "./pricing.js";

/** Users the admin page lists. */
const ADMIN_PAGE_USERS = 100;
/** Recent log lines shown per user (one object call each). */
const ADMIN_LOG_LINES = 5;

/** The logged-in caller with one object call, or null (also for a malformed cookie). */
async function caller(request: Request, env: Env): Promise<AuthUser | null> {
  try {
    return await getUser(request, env, { users: (env) => env.USERS });
  } catch (error) {
    if (error instanceof UserDOError && error.status === 401) return null;
    throw error;
  }
}

async function viewerOf(user: AuthUser, env: Env): Promise<Viewer> {
  return {
    login: user.profile?.login ?? user.user,
    avatarUrl: user.profile?.avatarUrl ?? null,
    admin: await isAdmin(user.user, env),
  };
}

function toLogin(path: string): Response {
  return new Response(null, {
    status: 302,
    headers: { location: `/oauth/login?redirect_uri=${encodeURIComponent(path)}`, "cache-control": "no-store" },
  });
}

/** `GET /`: the landing page, with the dashboard link for a logged-in caller. */
export async function landingRoute(request: Request, env: Env): Promise<Response> {
  const url = new URL(request.url);
  const user = await caller(request, env);
  const devLogin = readAuthConfig(env).skipLogin && isLocalhost(url);
  const viewer = user ? await viewerOf(user, env) : null;
  return htmlResponse(
    landingPage({
      viewer,
      devLogin,
      providers: loginProviders(env),
      price: formatUsd(PRICE_PER_REQUEST),
      origin: url.origin,
    }),
  );
}

/** `GET /dashboard`: the frame of the dashboard; its script loads the data. */
export async function dashboardRoute(request: Request, env: Env): Promise<Response> {
  const user = await caller(request, env);
  if (!user) return toLogin("/dashboard");
  const viewer = await viewerOf(user, env);
  return htmlResponse(dashboardPage({ viewer, price: PRICE_PER_REQUEST, payUrl: env.PAY_URL ?? DEFAULT_PAY_URL }));
}

/** `GET /admin`'s query: after a deletion, whose. */
export const AdminPageQuery = v.object({
  deleted: v.exactOptional(v.pipe(v.string(), v.description("The user just deleted, for the notice."))),
});

/** `GET /admin`: totals, users and studio details; the admin only (by numeric id). */
export async function adminRoute(request: Request, env: Env): Promise<Response> {
  const user = await caller(request, env);
  if (!user) return toLogin("/admin");
  const viewer = await viewerOf(user, env);
  if (!viewer.admin) {
    return htmlResponse(
      layout({
        title: "Forbidden",
        viewer,
        body: html`<main><h1>Admins only</h1><p>This page is for the admin set in ADMIN_OWNER_ID.</p></main>`,
      }),
      403,
    );
  }
  const origin = new URL(request.url).origin;
  const [stats, users] = await Promise.all([
    masterBillingStats(master(env)).billingStats(),
    registeredUsers(env, ADMIN_PAGE_USERS),
  ]);
  const masters = Array.from({ length: MASTER_SHARDS }, (_, i) => {
    const name = shardName(i);
    return { name, studio: outerbaseConnection({ origin, binding: "MASTER", name }) };
  });
  return htmlResponse(
    adminPage({
      viewer,
      stats,
      users: await Promise.all(
        users.map(async (u) => ({
          ...u,
          studio: outerbaseConnection({ origin, binding: "USERS", name: u.id }),
          log: await userStub(env.USERS, u.id).readLog({ limit: ADMIN_LOG_LINES }),
        })),
      ),
      deleted: parseQuery(AdminPageQuery, new URL(request.url)).deleted ?? null,
      masters,
      studioOpen: (env.STUDIO_TOKEN ?? "") !== "",
    }),
  );
}
