import { PROFILE_TABLE } from "@userdo/auth";
import { type MasterShards, masterShards } from "@userdo/core";

/** Shards of the master; the user class replicates with the default (one). Choose once. */
export const MASTER_SHARDS = 1;

// The plugins' replicated tables, as the master names them.
const ACCOUNTS = "_userdo_billing_account";
const PROFILES = PROFILE_TABLE;

/** The master of this Worker, read across its shards. */
export function master(env: Env): MasterShards {
  return masterShards(env.MASTER, MASTER_SHARDS);
}

/** Tables some user has replicated into: reading any other one would be a 404. */
async function replicatedTables(m: MasterShards): Promise<Set<string>> {
  const perShard = await Promise.all(m.stubs.map((stub) => stub.replicatedTables()));
  return new Set(perShard.flatMap((tables) => Object.keys(tables)));
}

/** One user as the admin page lists them, from the registry and the replicated rows. */
export interface RegisteredUser {
  readonly id: string;
  readonly login: string | null;
  readonly avatarUrl: string | null;
  readonly balance: number | null;
  readonly spent: number | null;
  readonly firstSeen: number;
  readonly lastSeen: number;
}

const text = (value: unknown): string | null => (typeof value === "string" ? value : null);
const int = (value: unknown): number | null => (typeof value === "number" ? value : null);

/**
 * The most recently active users (at most `limit`), from the master's
 * registry, with their replicated profile and totals.
 *
 * @example
 * ```ts
 * const users = await registeredUsers(env, 100);
 * ```
 */
export async function registeredUsers(env: Env, limit: number): Promise<RegisteredUser[]> {
  const m = master(env);
  const tables = await replicatedTables(m);
  // One read per table, not per user: fine for this page's 100 users; page by _source past 1,000 users.
  const [sources, profiles, accounts] = await Promise.all([
    m.sources({ orderBy: "last_seen", direction: "desc", limit }),
    tables.has(PROFILES) ? m.list(PROFILES, { limit: 1_000 }) : [],
    tables.has(ACCOUNTS) ? m.list(ACCOUNTS, { limit: 1_000 }) : [],
  ]);
  const profileOf = new Map(profiles.map((row) => [row._source, row]));
  const accountOf = new Map(accounts.map((row) => [row._source, row]));
  return sources.map((source) => {
    const profile = profileOf.get(source.name);
    const account = accountOf.get(source.name);
    return {
      id: source.name,
      login: text(profile?.login),
      avatarUrl: text(profile?.avatar_url),
      balance: int(account?.balance),
      spent: int(account?.spent),
      firstSeen: source.firstSeen,
      lastSeen: source.lastSeen,
    };
  });
}
