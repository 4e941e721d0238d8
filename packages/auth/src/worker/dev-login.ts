import { UserDOError } from "@userdo/core";
import type { AuthRequest } from "./auth-options.js";
import { redirect } from "./http.js";
import { isLocalhost } from "./local.js";
import { startSession } from "./start-session.js";

/**
 * Dev login: with `SKIP_LOGIN=true`, a request to localhost signs in the dev
 * profile without GitHub. Anywhere else it is a 403, so a forgotten flag in
 * production opens nothing.
 */
export async function devLogin(req: AuthRequest, to: string): Promise<Response> {
  if (!isLocalhost(req.url)) {
    throw new UserDOError(403, "dev_login_refused", "SKIP_LOGIN works only on localhost; unset it in production");
  }
  const profile = { ...req.options.devProfile, sourceDomain: req.url.hostname };
  return redirect(to, [await startSession(req, profile, null, null)]);
}
