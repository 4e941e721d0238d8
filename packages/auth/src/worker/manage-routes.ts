// Each method of the user's object verifies the credential itself: one call per request.
import type { AuthRequest } from "./auth-options.js";
import { presentedCredential } from "./me.js";
import { assertSameOrigin, jsonResponse } from "@userdo/core";

/** `GET /oauth/sessions`: the caller's live sessions (never secrets). */
export async function listSessionsRoute(req: AuthRequest): Promise<Response> {
  const credential = await presentedCredential(req);
  return jsonResponse(200, { sessions: await req.user(credential.user).authListSessions(credential) });
}

/** `DELETE /oauth/sessions/:id`: ends one of the caller's sessions. */
export async function revokeSessionRoute(req: AuthRequest, id: string): Promise<Response> {
  assertSameOrigin(req.request, req.url);
  const credential = await presentedCredential(req);
  return jsonResponse(200, { revoked: await req.user(credential.user).authRevokeSession(credential, id) });
}

/** `GET /oauth/tokens`: the caller's tokens, revoked and expired included (never secrets). */
export async function listTokensRoute(req: AuthRequest): Promise<Response> {
  const credential = await presentedCredential(req);
  return jsonResponse(200, { tokens: await req.user(credential.user).authListTokens(credential) });
}

/** `DELETE /oauth/tokens/:id`: revokes one of the caller's tokens. */
export async function revokeTokenRoute(req: AuthRequest, id: string): Promise<Response> {
  assertSameOrigin(req.request, req.url);
  const credential = await presentedCredential(req);
  return jsonResponse(200, { revoked: await req.user(credential.user).authRevokeToken(credential, id) });
}
