import { type Param, type PluginContext, prepare, queryBuilder } from "@userdo/core";
import { providerOfUser } from "../credential/user-id.js";
import type { Profile, ProfileInput } from "../shared/profile.js";
import { selectProfile, withAuthTables } from "./queries.js";
import type { AuthTables } from "./tables.js";

/**
 * The stored profile, or null before the first login. Synchronous, for use
 * inside another plugin's transaction.
 *
 * @example
 * ```ts
 * const login = readProfile(this)?.login ?? "unknown";
 * ```
 */
export function readProfile(ctx: PluginContext): Profile | null {
  const row = withAuthTables(() => ctx.sync.first(selectProfile, { singleton: 1 }));
  if (!row) return null;
  return {
    id: row.id,
    provider: providerOfUser(row.id),
    login: row.login,
    name: row.name,
    avatarUrl: row.avatar_url,
    email: row.email,
    bio: row.bio,
    blog: row.blog,
    twitterUsername: row.twitter_username,
    createdAt: row.created_at,
    lastVerifiedAt: row.last_verified_at,
    sourceDomain: row.source_domain,
  };
}

const upsertProfile = prepare(
  queryBuilder<AuthTables>(),
  (db, p: Param<{ [K in keyof AuthTables["_userdo_auth_profile"]]: AuthTables["_userdo_auth_profile"][K] }>) =>
    db
      .insertInto("_userdo_auth_profile")
      .values({
        singleton: p("singleton"),
        id: p("id"),
        login: p("login"),
        name: p("name"),
        avatar_url: p("avatar_url"),
        email: p("email"),
        bio: p("bio"),
        blog: p("blog"),
        twitter_username: p("twitter_username"),
        created_at: p("created_at"),
        last_verified_at: p("last_verified_at"),
        source_domain: p("source_domain"),
        provider_token: p("provider_token"),
      })
      .onConflict((oc) =>
        oc.column("singleton").doUpdateSet((eb) => ({
          login: eb.ref("excluded.login"),
          name: eb.ref("excluded.name"),
          avatar_url: eb.ref("excluded.avatar_url"),
          email: eb.ref("excluded.email"),
          bio: eb.ref("excluded.bio"),
          blog: eb.ref("excluded.blog"),
          twitter_username: eb.ref("excluded.twitter_username"),
          created_at: eb.ref("excluded.created_at"),
          last_verified_at: eb.ref("excluded.last_verified_at"),
          source_domain: eb.ref("excluded.source_domain"),
          provider_token: eb.ref("excluded.provider_token"),
        })),
      ),
);

/**
 * Stores (or refreshes) the profile. `providerToken` is already sealed by the
 * Worker, or null to keep none (an earlier one is dropped).
 */
export function writeProfile(
  ctx: PluginContext,
  profile: ProfileInput,
  providerToken: string | null,
  now: number,
): void {
  ctx.sync.run(upsertProfile, {
    singleton: 1,
    id: profile.id,
    login: profile.login,
    name: profile.name,
    avatar_url: profile.avatarUrl,
    email: profile.email,
    bio: profile.bio,
    blog: profile.blog,
    twitter_username: profile.twitterUsername,
    created_at: profile.createdAt,
    last_verified_at: now,
    source_domain: profile.sourceDomain,
    provider_token: providerToken,
  });
}

const selectProviderToken = prepare(queryBuilder<AuthTables>(), (db, p: Param<{ singleton: number }>) =>
  db.selectFrom("_userdo_auth_profile").select("provider_token").where("singleton", "=", p("singleton")),
);

/**
 * The sealed provider token, if the app keeps one (`keepProviderToken`).
 *
 * @example
 * ```ts
 * const sealed = readSealedProviderToken(this);
 * const githubToken = sealed && this.env.AUTH_SECRET ? await openSecret(sealed, this.env.AUTH_SECRET) : null;
 * ```
 */
export function readSealedProviderToken(ctx: PluginContext): string | null {
  return withAuthTables(() => ctx.sync.first(selectProviderToken, { singleton: 1 })?.provider_token ?? null);
}
