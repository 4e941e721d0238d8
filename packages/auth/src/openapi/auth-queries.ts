import * as v from "valibot";

// The query strings of login, callback and logout, for authOpenApi. The handlers
// (worker/oauth-login.ts, oauth-callback.ts, oauth-logout.ts) read them by hand
// today; when they parse with schemas of their own, these give way to those.

const RedirectUri = v.exactOptional(
  v.pipe(
    v.string(),
    v.maxLength(2048),
    v.description("Where to land afterwards: a path, this origin, or an allow-listed origin. Anything else is a 400."),
  ),
);

/** `GET /oauth/login`. */
export const LoginQuery = v.object({
  provider: v.exactOptional(
    v.pipe(
      v.picklist(["github", "x"]),
      v.description(
        "Which provider; default github (x when only X is configured). 404 for a provider this app has not configured.",
      ),
    ),
  ),
  redirect_uri: RedirectUri,
  scope: v.exactOptional(
    v.pipe(v.string(), v.description("Extra scopes of that provider (up to 10), space or comma separated.")),
  ),
});

/** `GET /oauth/callback`, `GET /oauth/x/callback`: what the provider sends back. */
export const CallbackQuery = v.object({
  code: v.pipe(v.string(), v.maxLength(1024)),
  state: v.string(),
  error: v.exactOptional(v.pipe(v.string(), v.description("Sent instead of a code when the user declined (400)."))),
});

/** `POST /oauth/logout`. */
export const LogoutQuery = v.object({ redirect_uri: RedirectUri });
