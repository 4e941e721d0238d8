// Test helpers: real sessions and tokens stored through the auth plugin, real hashes.
import type { Credential } from "@userdo/auth";

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export function randomSecret(): string {
  return [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

let nextUser = 100_000;
/** A fresh numeric user id per test, so tests never share an object. */
export function newUserId(): string {
  return String(nextUser++ * 7 + Math.floor(Math.random() * 7));
}

interface SignInTarget {
  authSignIn(signIn: {
    profile: {
      id: string;
      login: string;
      name: string | null;
      avatarUrl: string | null;
      email: string | null;
      bio: string | null;
      blog: string | null;
      twitterUsername: string | null;
      createdAt: number | null;
      sourceDomain: string | null;
    };
    providerToken: string | null;
    stateHash: string | null;
    session?: {
      id: string;
      secretHash: string;
      expiresAt: number;
      userAgent: string | null;
      sourceDomain: string | null;
    };
    token?: {
      id: string;
      secretHash: string;
      name: string;
      scopes: readonly string[];
      budget: number | null;
      expiresAt: number;
    };
  }): unknown;
}

const profileOf = (user: string) => ({
  id: user,
  login: `user${user}`,
  name: null,
  avatarUrl: `https://avatars.example/${user}`,
  email: null,
  bio: null,
  blog: null,
  twitterUsername: null,
  createdAt: null,
  sourceDomain: "app.example.com",
});

/** Stores a session for `user` and returns its credential and the raw secret. */
export async function sessionFor(
  stub: SignInTarget,
  user: string,
): Promise<{ credential: Credential; secret: string }> {
  const secret = randomSecret();
  const secretHash = await sha256Hex(secret);
  await stub.authSignIn({
    profile: profileOf(user),
    providerToken: null,
    stateHash: null,
    session: {
      id: `ses_${secret.slice(0, 24)}`,
      secretHash,
      expiresAt: Date.now() + 3_600_000,
      userAgent: null,
      sourceDomain: null,
    },
  });
  return { credential: { kind: "session", user, secretHash }, secret };
}

/** Stores an API token for `user` and returns its credential, id and raw secret. */
export async function tokenFor(
  stub: SignInTarget,
  user: string,
  options: { budget?: number | null; scopes?: string[] } = {},
): Promise<{ credential: Credential; secret: string; tokenId: string }> {
  const secret = randomSecret();
  const secretHash = await sha256Hex(secret);
  const tokenId = `tok_${secret.slice(0, 24)}`;
  await stub.authSignIn({
    profile: profileOf(user),
    providerToken: null,
    stateHash: null,
    token: {
      id: tokenId,
      secretHash,
      name: "test",
      scopes: options.scopes ?? ["*"],
      budget: options.budget ?? null,
      expiresAt: Date.now() + 3_600_000,
    },
  });
  return { credential: { kind: "token", user, secretHash }, secret, tokenId };
}
