import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { userStub } from "../src/index.js";

describe("this.log", () => {
  it("writes rows that readLog returns newest first, filtered by level, time and limit", async () => {
    const stub = userStub(env.TODO, "log-read");
    const before = Date.now();
    await stub.logData("debug", "d");
    await stub.logData("info", "i", { a: 1 });
    await stub.logData("warn", "w");
    await stub.logData("error", "e", [1, 2]);
    const all = await stub.readLog();
    expect(all.map((e) => e.message)).toEqual(["e", "w", "i", "d"]);
    expect(all[2]).toMatchObject({ level: "info", data: { a: 1 } });
    expect(all[0]!.time).toBeGreaterThanOrEqual(before);
    expect((await stub.readLog({ level: "warn" })).map((e) => e.message)).toEqual(["e", "w"]);
    expect((await stub.readLog({ limit: 1 })).map((e) => e.message)).toEqual(["e"]);
    expect(await stub.readLog({ since: Date.now() + 60_000 })).toEqual([]);
  });

  it("never throws on circular, huge or throwing data", async () => {
    const stub = userStub(env.TODO, "log-odd");
    await stub.logCircular();
    const [getter, huge, circular] = await stub.readLog();
    expect(circular!.data).toEqual({ n: "1n", f: "[Function f]", self: "[Circular]" });
    expect(huge!.data).toMatchObject({ truncated: true, length: 100_002 });
    expect(JSON.stringify(huge!.data).length).toBeLessThan(17_000);
    expect(getter!.data).toBe("[Unserializable: getter threw]");
  });

  it("rejects a malformed log query with a 400", async () => {
    const stub = userStub(env.TODO, "log-bad");
    await expect(stub.readLog({ level: "loud" as never })).rejects.toMatchObject({ status: 400 });
    await expect(stub.readLog({ limit: 0 })).rejects.toMatchObject({ status: 400 });
    await expect(stub.readLog({ limit: 5000 })).rejects.toMatchObject({ status: 400 });
    await expect(stub.readLog({ since: "yesterday" as never })).rejects.toMatchObject({ status: 400 });
  });

  it("caps retention by pruning every few writes, not on each", async () => {
    const stub = userStub(env.SMALL_LOG, "log-retention");
    await stub.write(9);
    expect(await stub.count()).toBe(9);
    await stub.write(1); // row 10 is a prune point, but nothing is beyond the newest 10 yet
    expect(await stub.count()).toBe(10);
    await stub.write(4);
    expect(await stub.count()).toBe(14); // no delete until the next prune point
    await stub.write(1);
    expect(await stub.count()).toBe(10);
    const newest = await stub.readLog({ limit: 1 });
    expect(newest[0]!.message).toBe("entry 0");
  });
});
