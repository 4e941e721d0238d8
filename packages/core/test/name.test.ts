import { env, evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { userStub } from "../src/index.js";

describe("this.name", () => {
  it("is the name given to idFromName, and is persisted", async () => {
    const stub = userStub(env.TODO, "octocat");
    expect(await stub.whoAmI()).toBe("octocat");
    expect(await stub.metaRows()).toContainEqual({ key: "name", value: "octocat" });
  });

  it("survives eviction", async () => {
    const stub = userStub(env.TODO, "evicted-user");
    await stub.add("before");
    await evictDurableObject(stub);
    expect(await stub.whoAmI()).toBe("evicted-user");
    expect((await stub.list()).map((t) => t.title)).toEqual(["before"]);
  });

  it("is known inside an alarm after eviction", async () => {
    const stub = userStub(env.TODO, "alarmed-user");
    await stub.armAlarm(60_000);
    await evictDurableObject(stub);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const [entry] = await stub.readLog({ limit: 1 });
    expect(entry).toMatchObject({ message: "alarm ran", data: { name: "alarmed-user" } });
  });

  it("throws a clear error for an object made from a unique id", async () => {
    const stub = env.TODO.get(env.TODO.newUniqueId());
    await expect(stub.whoAmI()).rejects.toMatchObject({ code: "unnamed_object" });
  });

  it("comes from storage when the platform does not give it", async () => {
    const stub = userStub(env.TODO, "stored-name");
    await stub.whoAmI();
    await runInDurableObject(stub, (_instance, state) => {
      const row = state.storage.sql.exec("SELECT value FROM _userdo_meta WHERE key = 'name'").one();
      expect(row.value).toBe("stored-name");
    });
  });
});

describe("userStub", () => {
  it("rejects names that cannot name a user", () => {
    expect(() => userStub(env.TODO, "")).toThrow(/1 to 256 characters/);
    expect(() => userStub(env.TODO, "x".repeat(257))).toThrow(/1 to 256/);
    expect(() => userStub(env.TODO, 42 as never)).toThrow(/string/);
  });
});
