import { SELF, createExecutionContext, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { type GitHubTokenExchange, authRoutes } from "../src/index.js";
import { APP, expectError, freshId } from "./helpers.js";
import { authOptions } from "./worker.js";

type Exchange = (githubToken: string) => Promise<Response>;

function exchangeVia(policy: GitHubTokenExchange | undefined, vars: Record<string, string> = {}): Exchange {
  const handler = authRoutes({ ...authOptions, githubTokenExchange: policy });
  return async (githubToken) => {
    const request = new Request(`${APP}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ githubToken, name: "cli", scopes: ["todo:read"] }),
    });
    return (await handler(request, { ...env, ...vars }, createExecutionContext()))!;
  };
}

async function userOf(response: Response): Promise<string> {
  expect(response.status).toBe(201);
  const { token } = (await response.json()) as { token: string };
  const me = await SELF.fetch(`${APP}/me`, { headers: { authorization: `Bearer ${token}` } });
  return ((await me.json()) as { user: string }).user;
}

describe("the GitHub token exchange (POST /oauth/token with githubToken)", () => {
  it("by default takes this app's own tokens, as GitHub's token check confirms", async () => {
    const id = freshId();
    expect(await userOf(await exchangeVia(undefined)(`gho_fake_${id}`))).toBe(String(id));
  });

  it("by default takes personal access tokens, classic and fine-grained", async () => {
    const classic = freshId();
    const fineGrained = freshId();
    expect(await userOf(await exchangeVia(undefined)(`ghp_fake_${classic}`))).toBe(String(classic));
    expect(await userOf(await exchangeVia(undefined)(`github_pat_fake_${fineGrained}`))).toBe(String(fineGrained));
  });

  it("by default refuses another OAuth app's token: that app must not act here as the user", async () => {
    const id = freshId();
    await expectError(await exchangeVia(undefined)(`gho_other_${id}`), 401, "provider_token_rejected");
    await expectError(await exchangeVia("app-or-pat")("gho_stolen_or_expired"), 401, "provider_token_rejected");
    // Nothing was written for that user: no token, no profile.
    expect(await env.USERS.get(env.USERS.idFromName(String(id))).authRows("_userdo_auth_profile")).toEqual([]);
  });

  it('with "any", takes any token GitHub accepts (gh auth token), still not a dead one', async () => {
    const id = freshId();
    expect(await userOf(await exchangeVia("any")(`gho_other_${id}`))).toBe(String(id));
    await expectError(await exchangeVia("any")("gho_stolen_or_expired"), 401, "provider_token_rejected");
  });

  it("grants only the scopes the request names: none named is a 400, never a token that may do everything", async () => {
    const handler = authRoutes(authOptions);
    const exchange = async (body: Record<string, unknown>) =>
      (await handler(
        new Request(`${APP}/oauth/token`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        }),
        env,
        createExecutionContext(),
      ))!;
    const id = freshId();
    const refused = await exchange({ githubToken: `ghp_fake_${id}` });
    await expectError(refused.clone(), 400, "scopes_required");
    expect(((await refused.json()) as { error: string }).error).toMatch(/"scopes"/);
    // Nothing was stored for a refused exchange.
    expect(await env.USERS.get(env.USERS.idFromName(String(id))).authRows("_userdo_auth_tokens")).toEqual([]);
    const granted = await exchange({ githubToken: `ghp_fake_${id}`, scopes: ["todo:read"] });
    expect(granted.status).toBe(201);
    expect(((await granted.json()) as { scopes: string[] }).scopes).toEqual(["todo:read"]);
  });

  it('with "off", refuses every exchange', async () => {
    await expectError(await exchangeVia("off")(`gho_fake_${freshId()}`), 403, "token_exchange_disabled");
    await expectError(await exchangeVia("off")(`ghp_fake_${freshId()}`), 403, "token_exchange_disabled");
  });

  it("is a loud 500 when GitHub refuses the app's own credentials for the check", async () => {
    await expectError(
      await exchangeVia(undefined, { GITHUB_CLIENT_SECRET: "wrong" })(`gho_fake_${freshId()}`),
      500,
      "auth_misconfigured",
    );
  });

  it("refuses a policy it does not know when the routes are built", () => {
    expect(() => authRoutes({ ...authOptions, githubTokenExchange: "some" as GitHubTokenExchange })).toThrow(
      /githubTokenExchange/,
    );
  });
});
