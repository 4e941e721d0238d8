import { verify } from "@octokit/webhooks-methods";
import { UserDOError, errorResponse, fieldError, jsonResponse, parseInput, userStub } from "@userdo/core";
import * as v from "valibot";
import { assertKey } from "../shared/validate.js";
import { parseJsonObject, readText } from "./body.js";
import { fundingNotConfigured } from "./not-configured.js";
import type { UsersOption } from "../shared/billing-object.js";
import { SPONSORSHIP_ACTIONS, type SponsorshipAction, type SponsorshipChange } from "../shared/sponsorship-change.js";

/** Options of the GitHub Sponsors webhook route. */
export interface GithubWebhookOptions<Env> extends UsersOption<Env> {
  /** The webhook's secret, from the environment (e.g. `(env) => env.GITHUB_WEBHOOK_SECRET`). */
  readonly secret: (env: Env) => string | undefined;
}

const SIGNATURE_PATTERN = /^sha256=[0-9a-f]{64}$/;

const positiveInt = v.pipe(v.number(), v.safeInteger(), v.minValue(1));

/** The part of GitHub's `sponsorship` event payload that credits: checked once the signature is. */
export const SponsorshipPayload = v.object({
  action: v.string(),
  sponsorship: v.object({
    node_id: v.pipe(v.string(), v.regex(/^[\x21-\x7e]{1,100}$/)),
    created_at: v.pipe(
      v.string(),
      v.check((at) => Number.isSafeInteger(Date.parse(at))),
      fieldError("bad_payload", "must be an ISO date"),
    ),
    sponsor: v.object({ id: positiveInt }),
    tier: v.object({
      monthly_price_in_cents: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
      is_one_time: v.optional(v.boolean()),
    }),
  }),
});

/**
 * The sponsor's user id and the change, read from a verified `sponsorship`
 * payload; null for an action this plugin does not know (acknowledged, ignored).
 *
 * @example
 * ```ts
 * declare const payload: Record<string, unknown>, deliveryId: string; // the verified body, X-GitHub-Delivery
 * parseSponsorship(payload, deliveryId); // { user: "583231", change: { action: "created", tierCents: 500, ... } }
 * ```
 */
export function parseSponsorship(
  payload: Record<string, unknown>,
  deliveryId: string,
): { user: string; change: SponsorshipChange } | null {
  const action = payload.action;
  if (typeof action !== "string" || !SPONSORSHIP_ACTIONS.includes(action as SponsorshipAction)) return null;
  const { sponsorship } = parseInput(SponsorshipPayload, payload, { code: "bad_payload" });
  return {
    user: String(sponsorship.sponsor.id),
    change: {
      deliveryId,
      action: action as SponsorshipAction,
      sponsorshipId: sponsorship.node_id,
      createdAt: Date.parse(sponsorship.created_at),
      tierCents: sponsorship.tier.monthly_price_in_cents,
      oneTime: sponsorship.tier.is_one_time === true,
    },
  };
}

async function githubWebhook<Env>(request: Request, env: Env, options: GithubWebhookOptions<Env>): Promise<Response> {
  if (request.method !== "POST") throw new UserDOError(405, "method_not_allowed", "POST only");
  const secret = options.secret(env);
  if (!secret) throw fundingNotConfigured("GitHub Sponsors webhooks", "the webhook secret (the github.secret option)");
  const signature = request.headers.get("x-hub-signature-256");
  if (!signature) throw new UserDOError(401, "missing_signature", "X-Hub-Signature-256 is missing");
  const body = await readText(request);
  if (!SIGNATURE_PATTERN.test(signature) || body.length === 0 || !(await verify(secret, body, signature))) {
    throw new UserDOError(401, "bad_signature", "the signature does not match the body");
  }
  // Verified: from here on the body is GitHub's.
  const event = request.headers.get("x-github-event") ?? "";
  const deliveryId = request.headers.get("x-github-delivery");
  assertKey(deliveryId, "X-GitHub-Delivery");
  if (event === "ping") return jsonResponse(200, { ok: true, event });
  if (event !== "sponsorship") return jsonResponse(202, { ignored: true, event });
  const parsed = parseSponsorship(parseJsonObject(body), deliveryId);
  if (!parsed) return jsonResponse(202, { ignored: true, event });
  const result = await userStub(options.users(env), parsed.user).billingSponsorship(parsed.change);
  return jsonResponse(200, { ok: true, event, action: parsed.change.action, user: parsed.user, ...result });
}

/**
 * `POST /github-webhook`: GitHub Sponsors events. The signature
 * (`X-Hub-Signature-256`, HMAC-SHA256 with the webhook secret) is verified in
 * constant time before the body is parsed. `sponsorship` deliveries go to the
 * sponsor's own object (named by their numeric id, created on demand, so a
 * sponsor who never logged in finds the credit at first login), which
 * deduplicates the delivery id and credits idempotently on (sponsorship, cycle).
 * `ping` and every other event are acknowledged and ignored.
 *
 * @example
 * ```ts
 * if (url.pathname === "/github-webhook") return handleGithubWebhook(request, env, { users: (env) => env.USERS, secret: (env) => env.GITHUB_WEBHOOK_SECRET });
 * ```
 */
export async function handleGithubWebhook<Env>(
  request: Request,
  env: Env,
  options: GithubWebhookOptions<Env>,
): Promise<Response> {
  try {
    return await githubWebhook(request, env, options);
  } catch (error) {
    // Mounted on its own, the route still answers JSON {error, code} with the error's status.
    return errorResponse(error);
  }
}
