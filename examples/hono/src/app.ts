import { type AuthUser, authRoutes, getUser } from "@userdo/auth";
import { errorResponse, parseInput, readJsonBody, studioRoute, userStub } from "@userdo/core";
import { type Context, Hono } from "hono";
import * as v from "valibot";

const users = (env: Env) => env.USERS;

// userdo's route handlers take (request, env, ctx) and answer null for paths they do not own.
const auth = authRoutes<Env>({ users });
const studio = studioRoute<Env>({ namespaces: { USERS: users }, token: (env) => env.STUDIO_TOKEN });

/** A note's body, described once: checked here, and its type is the schema's. */
const NoteBody = v.strictObject({ text: v.pipe(v.string(), v.minLength(1), v.maxLength(1000)) });

type App = { Bindings: Env; Variables: { user: AuthUser } };

// Hono's ExecutionContext is the same object as the runtime's, typed with fewer members.
const run = (c: Context<App>) => c.executionCtx as ExecutionContext;

/** The Hono app: userdo's auth and studio mounted as routes, `getUser` as a middleware. */
export const app = new Hono<App>();

// Login, callback, logout, tokens, sessions: auth answers them; anything else under /oauth is a 404.
app.all("/oauth/*", async (c) => (await auth(c.req.raw, c.env, run(c))) ?? c.notFound());
app.get("/me", async (c) => (await auth(c.req.raw, c.env, run(c))) ?? c.notFound());

// Outerbase Studio: one object's SQLite at /sqlite/USERS/<user id>/query/raw, behind STUDIO_TOKEN.
app.all("/sqlite/*", async (c) => (await studio(c.req.raw, c.env, run(c))) ?? c.notFound());

// The caller, verified in their own object (one call), for every /api route.
app.use("/api/*", async (c, next) => {
  const user = await getUser(c.req.raw, c.env, { users });
  if (!user) return c.json({ error: "log in first: /oauth/login", code: "unauthenticated" }, 401);
  c.set("user", user);
  await next();
});

app.get("/api/notes", async (c) => c.json({ notes: await userStub(c.env.USERS, c.get("user").user).notes() }));

app.post("/api/notes", async (c) => {
  const { text } = parseInput(NoteBody, await readJsonBody(c.req.raw, { maxBytes: 4096 }));
  return c.json(await userStub(c.env.USERS, c.get("user").user).addNote(text), 201);
});

// userdo's errors carry their status and code: a 400 naming the field, a 413, a 415...
app.onError((error) => errorResponse(error));
