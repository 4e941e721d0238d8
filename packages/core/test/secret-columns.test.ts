import { describe, expect, it } from "vitest";
import { looksSecret } from "../src/index.js";

describe("looksSecret", () => {
  it("sees secrets in snake_case, camelCase, PascalCase, kebab-case, SCREAMING_CASE and run-together names", () => {
    for (const name of [
      "token",
      "api_token",
      "token_hash",
      "password",
      "password_hash",
      "salt",
      "session_id",
      "refresh_token",
      "accessToken",
      "passwordHash",
      "apiKey",
      "clientSecret",
      "privateKey",
      "sessionId",
      "refreshTokens",
      "AccessToken",
      "APIKey",
      "APIKEY",
      "OAuthToken",
      "access-token",
      "ACCESS_TOKEN",
      "accesstoken",
      "clientsecret",
      "passwordhash",
      "apikey",
      "signingKey",
      "encryptionKey",
      "awsAccessKey",
      "jwt",
      "totpSecret",
      "mfaOtp",
      "webhookSignature",
      "cookieValue",
      "credentials",
      "githubToken2",
      "usedToken",
      "tokenId",
    ]) {
      expect(looksSecret(name), name).toBe(true);
    }
  });

  it("leaves alone names that only measure or date secrets, and words that merely contain one", () => {
    for (const name of [
      "title",
      "id",
      "tokenCount",
      "token_count",
      "tokensUsed",
      "totalTokens",
      "max_tokens",
      "promptTokenCount",
      "tokenBudget",
      "tokenExpiresAt",
      "sessionExpiresAt",
      "password_updated_at",
      "passwordLength",
      "tokenizer",
      "hashtag",
      "secretary",
      "monkey",
      "keyboard",
      "turkey",
      "sessionless",
      "salted_caramel_count",
    ]) {
      expect(looksSecret(name), name).toBe(false);
    }
  });
});
