import { describe, expect, it } from "vitest";
import { cents, formatUsd, usd } from "../src/index.js";

describe("amounts in micro-dollars", () => {
  it("writes dollars and cents exactly, binary noise aside", () => {
    expect(usd(0.01)).toBe(10_000);
    expect(usd(0.0001)).toBe(100);
    expect(usd(0.07)).toBe(70_000);
    expect(usd(0.1 + 0.2)).toBe(300_000);
    expect(usd(5)).toBe(5_000_000);
    expect(usd(1e9)).toBe(1e15);
    expect(usd(-2.5)).toBe(-2_500_000);
    expect(usd(0)).toBe(0);
    expect(Object.is(usd(-0), 0)).toBe(true);
    expect(cents(1)).toBe(10_000);
    expect(cents(0.01)).toBe(100);
    expect(cents(0.0001)).toBe(1);
    expect(cents(12.34)).toBe(123_400);
  });

  it("refuses what is finer than a micro-dollar, not finite, or out of range, with a 400", () => {
    for (const bad of [0.0000001, 0.0000015, Number.NaN, Number.POSITIVE_INFINITY, 1e10]) {
      expect(() => usd(bad)).toThrow(expect.objectContaining({ status: 400, code: "bad_amount" }));
    }
    expect(() => cents(0.00001)).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => usd("1" as unknown as number)).toThrow(expect.objectContaining({ status: 400 }));
  });

  it("shows dollars with cents, and more digits only for fractions of a cent", () => {
    expect(formatUsd(4_920_000)).toBe("$4.92");
    expect(formatUsd(100)).toBe("$0.0001");
    expect(formatUsd(0)).toBe("$0.00");
    expect(formatUsd(-1_500)).toBe("-$0.0015");
    expect(formatUsd(1_234_567_890_000)).toBe("$1,234,567.89");
  });
});
