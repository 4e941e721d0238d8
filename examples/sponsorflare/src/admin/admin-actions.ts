import { type AuthUser, getUser, isAdmin } from "@userdo/auth";
import {
  MAX_USER_NAME_LENGTH,
  UserDOError,
  exportResponse,
  fieldError,
  parseInput,
  parseQuery,
  userStub,
} from "@userdo/core";
import * as v from "valibot";

const UserName = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(MAX_USER_NAME_LENGTH),
  v.description("The user's id."),
  fieldError("bad_user_name", `must be a user's id (1 to ${MAX_USER_NAME_LENGTH} characters)`),
);

/** `GET /admin/export`'s query: whose database. */
export const AdminExportQuery = v.object({ user: UserName });

/** `POST /admin/delete`'s form: whose, and the same id again to confirm. */
export const AdminDeleteForm = v.object({
  user: UserName,
  confirm: v.pipe(v.string(), v.description("The user's id again.")),
});

/** The admin behind the request's session; a 401 or 403 otherwise. */
async function admin(request: Request, env: Env): Promise<AuthUser> {
  const user = await getUser(request, env, { users: (e) => e.USERS });
  if (!user) throw new UserDOError(401, "unauthorized", "log in as the admin first");
  if (!(await isAdmin(user.user, env))) throw new UserDOError(403, "forbidden", "only the admin may do this");
  return user;
}

/**
 * `GET /admin/export?user=<id>`: the user's whole database as a JSON Lines
 * download (sessions and tokens included: keep it like a secret), for the
 * admin's session only.
 */
export async function adminExportRoute(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  await admin(request, env);
  const { user: id } = parseQuery(AdminExportQuery, new URL(request.url));
  return exportResponse(userStub(env.USERS, id), ctx, `sponsorflare-${id}`);
}

/**
 * `POST /admin/delete` (a form: `user`, and `confirm` repeating it): deletes
 * the user everywhere (their object now; their rows at the master through
 * replication, with an audit row naming the admin), then back to /admin.
 * Only from this origin (a form on another site cannot post it).
 */
export async function adminDeleteRoute(request: Request, env: Env): Promise<Response> {
  const url = new URL(request.url);
  if (request.method !== "POST") throw new UserDOError(405, "method_not_allowed", "delete with POST");
  if (request.headers.get("origin") !== url.origin) {
    throw new UserDOError(403, "origin_not_allowed", "deletions come from the admin page of this site");
  }
  const by = await admin(request, env);
  const form = Object.fromEntries(await request.formData());
  const { user: id, confirm } = parseInput(AdminDeleteForm, form);
  if (confirm !== id) {
    throw new UserDOError(400, "confirm_required", "type the user's id in the confirmation field to delete them");
  }
  await userStub(env.USERS, id).deleteUser({ by: `admin ${by.profile?.login ?? by.user} (${by.user})` });
  return new Response(null, { status: 303, headers: { location: `/admin?deleted=${encodeURIComponent(id)}` } });
}
