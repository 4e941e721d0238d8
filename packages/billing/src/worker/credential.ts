import { type Credential, readCredential } from "@userdo/auth";

/**
 * The request's credential, or null when none is presented or it is
 * malformed: a forged cookie gets the same 401 as no cookie.
 */
export async function credentialOf(request: Request): Promise<Credential | null> {
  try {
    return await readCredential(request);
  } catch (error) {
    if ((error as { status?: unknown }).status === 401) return null;
    throw error;
  }
}
