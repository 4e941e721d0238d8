import { type AuthEnv, type Credential, readCredential } from "@userdo/auth";

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
