import { describe, expect, it } from "vitest";
import { fnv1a } from "@userdo/core";
import { shardName, spreadPart } from "../src/index.js";

describe("shards", () => {
  it("hash keys stably (core's FNV-1a, checked against its test vectors)", () => {
    expect(fnv1a("")).toBe(0x811c9dc5);
    expect(fnv1a("a")).toBe(0xe40c292c);
    expect(fnv1a("foobar")).toBe(0xbf9cf968);
    expect(shardName("a", 16, "ratelimit:")).toBe(`ratelimit:${0xe40c292c % 16}`);
  });

  it("spread many keys over every shard", () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 1_600; i++) {
      const name = shardName(`ip:10.0.${i >> 8}.${i & 255}`, 16, "ratelimit:");
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    expect(counts.size).toBe(16);
    for (const n of counts.values()) expect(n).toBeGreaterThan(50);
  });

  it("split a hot key's limit into parts that add up to it exactly", () => {
    const policies = [
      { name: "p", limit: 10, window: 1 },
      { name: "q", limit: 7, window: 60 },
    ];
    const parts = [0, 1, 2, 3].map((i) => spreadPart("hot", policies, i, 4));
    expect(parts.map((p) => p.key)).toEqual(["hot#0", "hot#1", "hot#2", "hot#3"]);
    expect(parts.map((p) => p.policies[0]!.limit)).toEqual([3, 3, 2, 2]);
    expect(parts.map((p) => p.policies[1]!.limit)).toEqual([2, 2, 2, 1]);
    expect(new Set(parts.map((p) => shardName(p.key, 16, "r:"))).size).toBeGreaterThan(1);
  });
});
