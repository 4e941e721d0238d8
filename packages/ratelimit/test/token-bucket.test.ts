import { describe, expect, it } from "vitest";
import { expiresAt, levelAt, msUntilFits, msUntilNextUnit, remainingAt, take } from "../src/bucket/token-bucket.js";
import type { RateLimitPolicy } from "../src/index.js";

// 3 per 10 s: one unit every 3,333.3 ms, a rate no float divides exactly.
const thirds: RateLimitPolicy = { name: "t", limit: 3, window: 10 };

describe("the token bucket", () => {
  it("is full for a key never seen", () => {
    expect(levelAt(undefined, thirds, 0)).toBe(0);
    expect(remainingAt(0, thirds)).toBe(3);
    expect(msUntilNextUnit(0, thirds)).toBe(0);
  });

  it("counts in exact integers, so thirds of a window add up", () => {
    let level = 0;
    for (let i = 0; i < 3; i++) level = take(level, thirds, 1);
    expect(level).toBe(30_000);
    expect(remainingAt(level, thirds)).toBe(0);
    expect(msUntilFits(level, thirds, 1)).toBe(3_334); // ceil(10,000 / 3)
    const state = { level, scale: 10_000, updatedAt: 0 };
    expect(remainingAt(levelAt(state, thirds, 3_333), thirds)).toBe(0);
    expect(remainingAt(levelAt(state, thirds, 3_334), thirds)).toBe(1);
    expect(remainingAt(levelAt(state, thirds, 9_999), thirds)).toBe(2);
    expect(levelAt(state, thirds, 10_000)).toBe(0);
    expect(expiresAt(level, thirds, 0)).toBe(10_000);
  });

  it("keeps the fraction of a unit when a policy's window changes, rounding against the caller", () => {
    const state = { level: 10_000, scale: 10_000, updatedAt: 0 }; // one unit under a 10 s window
    const perMinute: RateLimitPolicy = { name: "t", limit: 3, window: 60 };
    expect(levelAt(state, perMinute, 0)).toBe(60_000); // still one unit
    expect(levelAt({ level: 1, scale: 3, updatedAt: 0 }, perMinute, 0)).toBe(20_000);
  });

  it("caps a bucket at full when a quota is lowered", () => {
    const state = { level: 50 * 60_000, scale: 60_000, updatedAt: 0 }; // 50 units taken
    const lowered: RateLimitPolicy = { name: "t", limit: 5, window: 60 };
    expect(levelAt(state, lowered, 0)).toBe(5 * 60_000);
    expect(msUntilFits(levelAt(state, lowered, 0), lowered, 1)).toBe(12_000);
  });

  it("handles the largest allowed policy without losing precision", () => {
    const big: RateLimitPolicy = { name: "b", limit: 9_007_199, window: 1_000 };
    let level = 0;
    for (let i = 0; i < 5; i++) level = take(level, big, 1);
    expect(Number.isSafeInteger(level)).toBe(true);
    expect(remainingAt(level, big)).toBe(9_007_194);
  });
});
