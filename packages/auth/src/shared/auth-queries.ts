import { fieldError } from "@userdo/core";
import * as v from "valibot";
import type { ProviderName } from "../credential/user-id.js";

// The query strings of auth's browser routes, described once: the routes check them with
// parseQuery, and authOpenApi documents them with the same schemas.

const PROVIDER_NAMES: readonly ProviderName[] = ["github", "x"];
const MAX_REDIRECT_LENGTH = 2048;

const RedirectUri = v.optional(
  v.pipe(
    v.string(),
    v.maxLength(MAX_REDIRECT_LENGTH),
    v.description("Where to land afterwards: a path, this origin, or an allow-listed origin. Anything else is a 400."),
    fieldError("bad_redirect", "must be a path on this site or an allowed origin"),
  ),
);

/** `GET /oauth/login`'s query: which provider, where to land, and extra scopes. */
export const LoginQuery = v.object({
  redirect_uri: RedirectUri,
  provider: v.optional(
    v.pipe(
      v.picklist(PROVIDER_NAMES),
      v.description(
        "Which provider; default github (x when only X is configured). 404 for a provider this app has not configured.",
      ),
      fieldError("unknown_provider", `must be one of ${PROVIDER_NAMES.join(", ")}`),
    ),
  ),
  // Checked against the chosen provider's grammar with scopeList(provider) (worker/scope-list.ts).
  scope: v.optional(v.pipe(v.string(), v.description("Extra scopes of that provider, space or comma separated."))),
});

/** `GET /oauth/callback`'s and `GET /oauth/x/callback`'s query: the provider's answer. */
export const CallbackQuery = v.object({
  code: v.optional(
    v.pipe(
      v.string(),
      v.minLength(1),
      v.maxLength(1024),
      v.description("The provider's authorization code."),
      fieldError("bad_code", "must be the provider's authorization code (1 to 1024 characters)"),
    ),
  ),
  state: v.optional(
    v.pipe(v.string(), v.description("The state the login sent; checked against this browser's cookie.")),
  ),
  error: v.optional(v.pipe(v.string(), v.description("Set by the provider when the user declined."))),
});

/** `POST /oauth/logout`'s (and `GET /logout`'s) query: where to land. */
export const LogoutQuery = v.object({ redirect_uri: RedirectUri });
