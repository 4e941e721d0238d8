import { type AuthEnv, type Credential, readCredential } from "@userdo/auth";
import { assertSameOrigin } from "@userdo/core";

/**
 * The request's credential, or null when none is presented or it is
 * malformed: a forged cookie gets the same 401 as no cookie. The env is
 * passed on so the session cookie is read under the name `COOKIE_DOMAIN`
 * gives it, exactly as `@userdo/auth` set it.
 */
export async function credentialOf<Env>(request: Request, env: Env): Promise<Credential | null> {
  try {
    // AuthEnv's fields are all optional strings; auth reads only those it knows.
    return await readCredential(request, { env: env as AuthEnv });
  } catch (error) {
    if ((error as { status?: unknown }).status === 401) return null;
    throw error;
  }
}

/**
 * Refuses (403 `cross_origin`) a write that the session cookie would
 * authenticate when a browser says it comes from another site. A request
 * with an Authorization header carries its own credential, which a foreign
 * page cannot attach, so it is not checked.
 */
export function assertCookieWriteFromThisSite(request: Request): void {
  if (!request.headers.has("authorization")) assertSameOrigin(request);
}
