import { fieldError } from "@userdo/core";
import * as v from "valibot";

/** Token lifetime when none is asked for, and the longest allowed. */
export const DEFAULT_TOKEN_TTL_SECONDS = 90 * 24 * 60 * 60;
export const MAX_TOKEN_TTL_SECONDS = 365 * 24 * 60 * 60;
const MIN_TOKEN_TTL_SECONDS = 60;
const MAX_SCOPES = 32;

/** A scope: `*`, or lowercase words joined by `:`, `.`, `_` or `-` (`todo:write`). */
export const SCOPE_PATTERN = /^(\*|[a-z][a-z0-9._:-]{0,63})$/;

const bad = <T>(message: string) => fieldError<T>("bad_input", message);

/**
 * The body of `POST /oauth/token`, described once: {@link parseTokenRequest}
 * checks it, `authOpenApi` documents it. Unknown fields are refused so a typo
 * is not silently ignored.
 *
 * @example
 * ```json
 * { "name": "ci", "scopes": ["todo:read"], "expiresIn": 86400, "budget": 500 }
 * ```
 */
export const TokenRequestBody = v.pipe(
  v.strictObject({
    name: v.optional(
      v.pipe(
        v.string(),
        v.check((name) => name.trim() !== ""),
        v.maxLength(100),
        bad("must be a string of 1 to 100 characters"),
      ),
      "api token",
    ),
    scopes: v.optional(
      v.pipe(
        v.array(v.pipe(v.string(), v.regex(SCOPE_PATTERN), bad(`must match ${SCOPE_PATTERN.source}`))),
        v.minLength(1),
        v.maxLength(MAX_SCOPES),
        v.description(
          'What the token may do. Required with githubToken (400 scopes_required): an exchanged token gets no scope by default. From a session, default ["*"].',
        ),
        bad(`must be a list of 1 to ${MAX_SCOPES} scopes`),
      ),
    ),
    expiresIn: v.optional(
      v.pipe(
        v.number(),
        v.safeInteger(),
        v.minValue(MIN_TOKEN_TTL_SECONDS),
        v.maxValue(MAX_TOKEN_TTL_SECONDS),
        v.description("Seconds."),
        bad(`must be whole seconds from ${MIN_TOKEN_TTL_SECONDS} to ${MAX_TOKEN_TTL_SECONDS}`),
      ),
      DEFAULT_TOKEN_TTL_SECONDS,
    ),
    budget: v.optional(
      v.nullable(
        v.pipe(
          v.number(),
          v.safeInteger(),
          v.minValue(0),
          v.description("Spending limit in billing units; null = none."),
          bad("must be a whole number of billing units, or null"),
        ),
      ),
      null,
    ),
    githubToken: v.optional(
      v.nullable(
        v.pipe(
          v.string(),
          v.minLength(1),
          v.maxLength(255),
          v.description(
            "A GitHub personal access token, or a token of this app, to exchange (programmatic login); the githubTokenExchange option decides. Needs scopes.",
          ),
          bad("must be a GitHub access token"),
        ),
      ),
      null,
    ),
  }),
  fieldError("bad_json", "must be a JSON object (the token request)"),
);

/** The body of `POST /oauth/token` as a client sends it. */
export type TokenRequestInput = v.InferInput<typeof TokenRequestBody>;
