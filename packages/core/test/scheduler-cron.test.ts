import { describe, expect, it } from "vitest";
import { nextCronTime, parseCron } from "../src/index.js";

const at = (iso: string) => Date.parse(iso);
const next = (expression: string, after: string) =>
  new Date(nextCronTime(parseCron(expression), at(after))!).toISOString();

describe("cron parsing", () => {
  it("reads *, numbers, lists, ranges, steps and names", () => {
    const c = parseCron("*/15 9-17/4 1,15 JAN-MAR mon-fri");
    expect([...c.minutes]).toEqual([0, 15, 30, 45]);
    expect([...c.hours]).toEqual([9, 13, 17]);
    expect([...c.daysOfMonth]).toEqual([1, 15]);
    expect([...c.months]).toEqual([1, 2, 3]);
    expect([...c.daysOfWeek]).toEqual([1, 2, 3, 4, 5]);
  });

  it("reads 7 as Sunday and a start with a step as running to the end", () => {
    expect([...parseCron("0 0 * * 7").daysOfWeek]).toEqual([0]);
    expect([...parseCron("5/20 * * * *").minutes]).toEqual([5, 25, 45]);
  });

  it.each([
    ["* * * *", /5 fields/],
    ["60 * * * *", /minute 60 is outside 0-59/],
    ["* 24 * * *", /hour 24/],
    ["* * 0 * *", /day of month 0/],
    ["* * * 13 *", /month 13/],
    ["*/0 * * * *", /step/],
    ["5-1 * * * *", /runs backwards/],
    ["a * * * *", /not a valid minute/],
    ["1,,2 * * * *", /not a valid minute/],
    ["0 0 30 2 *", /never matches/],
  ])("refuses %j with a 400 that names the problem", (expression, message) => {
    expect(() => parseCron(expression)).toThrow(message);
    try {
      parseCron(expression);
    } catch (error) {
      expect(error).toMatchObject({ status: 400, code: "bad_cron" });
    }
  });
});

describe("next cron time (UTC)", () => {
  it("is strictly after the given time, on a whole minute", () => {
    expect(next("* * * * *", "2026-01-01T10:07:30.500Z")).toBe("2026-01-01T10:08:00.000Z");
    expect(next("* * * * *", "2026-01-01T10:07:00.000Z")).toBe("2026-01-01T10:08:00.000Z");
    expect(next("*/15 * * * *", "2026-01-01T10:07:00Z")).toBe("2026-01-01T10:15:00.000Z");
  });

  it("rolls over hours, days, months and years", () => {
    expect(next("0 9 * * *", "2026-01-01T10:00:00Z")).toBe("2026-01-02T09:00:00.000Z");
    expect(next("30 23 31 * *", "2026-02-01T00:00:00Z")).toBe("2026-03-31T23:30:00.000Z");
    expect(next("0 0 1 1 *", "2026-06-15T12:00:00Z")).toBe("2027-01-01T00:00:00.000Z");
  });

  it("finds Feb 29 in the next leap year", () => {
    expect(next("0 12 29 2 *", "2026-03-01T00:00:00Z")).toBe("2028-02-29T12:00:00.000Z");
  });

  it("matches weekdays, and either day field when both are restricted", () => {
    // 2026-01-01 is a Thursday.
    expect(next("0 9 * * MON", "2026-01-01T00:00:00Z")).toBe("2026-01-05T09:00:00.000Z");
    expect(next("0 9 * * 1-5", "2026-01-02T10:00:00Z")).toBe("2026-01-05T09:00:00.000Z");
    expect(next("0 0 13 * FRI", "2026-01-01T00:00:00Z")).toBe("2026-01-02T00:00:00.000Z");
    expect(next("0 0 13 * FRI", "2026-01-10T00:00:00Z")).toBe("2026-01-13T00:00:00.000Z");
  });

  it("combines the day fields as Vixie cron does: a field that starts with * makes them both required", () => {
    // Vixie cron flags a day field as '*' by its first character, so */2 is a star
    // field: odd days AND Mondays. 2026-01-05 is a Monday; 01-12 is even; 01-19 is odd.
    expect(next("0 0 */2 * MON", "2026-01-05T00:00:00Z")).toBe("2026-01-19T00:00:00.000Z");
    expect(next("0 0 13 * */2", "2026-01-14T00:00:00Z")).toBe("2026-06-13T00:00:00.000Z"); // a Saturday
    // The same days written from a number are restricted: odd days OR Mondays.
    expect(next("0 0 1-31/2 * MON", "2026-01-05T00:00:00Z")).toBe("2026-01-07T00:00:00.000Z");
  });
});
