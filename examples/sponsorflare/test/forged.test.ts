import { SELF, env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ORIGIN, freshIp } from "./helpers.js";

const hex64 = () =>
  [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, "0")).join("");

describe("a forged credential for a user who never logged in", () => {
  it("is a 401 everywhere and leaves nothing behind: no rows, no outbox, no alarm, nothing for the master", async () => {
    const github = "777000001";
    const x = "x-777000002";
    const attempts: [string, Record<string, string>][] = [
      ["/api/paid", { cookie: `udo_session=${github}.${hex64()}` }],
      ["/api/paid", { authorization: `Bearer udo_${x}_${hex64()}` }],
      ["/me", { authorization: `Basic ${btoa(`anyone:udo_${github}_${hex64()}`)}` }],
      ["/balance", { authorization: `Bearer udo_${x}_${hex64()}` }],
    ];
    for (const [path, headers] of attempts) {
      const response = await SELF.fetch(`${ORIGIN}${path}`, { headers: { ...headers, "cf-connecting-ip": freshIp() } });
      expect(response.status, path).toBe(401);
      expect(((await response.json()) as { code: string }).code).toBe("unauthenticated");
    }
    for (const user of [github, x]) {
      const left = await runInDurableObject(env.USERS.get(env.USERS.idFromName(user)), async (_instance, state) => {
        const count = (table: string) =>
          state.storage.sql.exec<{ n: number }>(`SELECT count(*) AS n FROM ${table}`).one().n;
        return {
          profile: count("_userdo_auth_profile"),
          sessions: count("_userdo_auth_sessions"),
          tokens: count("_userdo_auth_tokens"),
          accounts: count("_userdo_billing_account"),
          outbox: count("_userdo_outbox"),
          alarm: await state.storage.getAlarm(),
        };
      });
      expect(left, user).toEqual({ profile: 0, sessions: 0, tokens: 0, accounts: 0, outbox: 0, alarm: null });
    }
  });
});
