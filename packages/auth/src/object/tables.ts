import type { Migration } from "@userdo/core";

/** The auth plugin's tables; all start with `_userdo_auth_`. */
export const PROFILE_TABLE = "_userdo_auth_profile";
export const SESSIONS_TABLE = "_userdo_auth_sessions";
export const TOKENS_TABLE = "_userdo_auth_tokens";
export const USED_STATES_TABLE = "_userdo_auth_used_states";

/** The shape of the auth tables, for typed prepared queries. */
export interface AuthTables {
  _userdo_auth_profile: {
    /** Always 1: the object holds exactly one user's profile. */
    singleton: number;
    id: string;
    login: string;
    name: string | null;
    avatar_url: string | null;
    email: string | null;
    bio: string | null;
    blog: string | null;
    twitter_username: string | null;
    created_at: number | null;
    last_verified_at: number;
    source_domain: string | null;
    /** The provider's access token, sealed with AES-GCM; null unless the app asked to keep it. */
    provider_token: string | null;
  };
  _userdo_auth_sessions: {
    id: string;
    secret_hash: string;
    created_at: number;
    expires_at: number;
    last_used_at: number | null;
    user_agent: string | null;
    source_domain: string | null;
  };
  _userdo_auth_tokens: {
    id: string;
    secret_hash: string;
    name: string;
    /** JSON array of scope strings. */
    scopes: string;
    budget: number | null;
    created_at: number;
    expires_at: number;
    last_used_at: number | null;
    revoked_at: number | null;
  };
  _userdo_auth_used_states: {
    hash: string;
    expires_at: number;
  };
}

/** The auth plugin's schema history. Append; never edit an applied one. */
export const authMigrations: readonly Migration[] = [
  {
    name: "001_auth",
    up: `
CREATE TABLE ${PROFILE_TABLE} (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  id TEXT NOT NULL,
  login TEXT NOT NULL,
  name TEXT,
  avatar_url TEXT,
  email TEXT,
  bio TEXT,
  blog TEXT,
  twitter_username TEXT,
  created_at INTEGER,
  last_verified_at INTEGER NOT NULL,
  source_domain TEXT,
  provider_token TEXT
);
CREATE TABLE ${SESSIONS_TABLE} (
  id TEXT PRIMARY KEY,
  secret_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  last_used_at INTEGER,
  user_agent TEXT,
  source_domain TEXT
) WITHOUT ROWID;
CREATE TABLE ${TOKENS_TABLE} (
  id TEXT PRIMARY KEY,
  secret_hash TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  scopes TEXT NOT NULL,
  budget INTEGER,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked_at INTEGER
) WITHOUT ROWID;
CREATE TABLE ${USED_STATES_TABLE} (
  hash TEXT PRIMARY KEY,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;`,
  },
];
