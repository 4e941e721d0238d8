import { verify } from "@octokit/webhooks-methods";
import { UserDOError, errorResponse, jsonResponse, userStub } from "@userdo/core";
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

function record(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new UserDOError(400, "bad_payload", `${field} must be an object`);
  return value as Record<string, unknown>;
}

function time(value: unknown, field: string): number {
  const at = typeof value === "string" ? Date.parse(value) : Number.NaN;
  if (!Number.isSafeInteger(at)) throw new UserDOError(400, "bad_payload", `${field} must be an ISO date`);
  return at;
}

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
  const sponsorship = record(payload.sponsorship, "sponsorship");
  const sponsor = record(sponsorship.sponsor, "sponsorship.sponsor");
  const tier = record(sponsorship.tier, "sponsorship.tier");
  const id = sponsor.id;
  if (typeof id !== "number" || !Number.isSafeInteger(id) || id <= 0)
    throw new UserDOError(400, "bad_payload", "sponsorship.sponsor.id must be a positive integer");
  const nodeId = sponsorship.node_id;
  if (typeof nodeId !== "string" || !/^[\x21-\x7e]{1,100}$/.test(nodeId))
    throw new UserDOError(400, "bad_payload", "sponsorship.node_id is missing");
  const cents = tier.monthly_price_in_cents;
  if (typeof cents !== "number" || !Number.isSafeInteger(cents) || cents < 0)
    throw new UserDOError(400, "bad_payload", "tier.monthly_price_in_cents must be a non-negative integer");
  return {
    user: String(id),
    change: {
      deliveryId,
      action: action as SponsorshipAction,
      sponsorshipId: nodeId,
      createdAt: time(sponsorship.created_at, "sponsorship.created_at"),
      tierCents: cents,
      oneTime: tier.is_one_time === true,
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
