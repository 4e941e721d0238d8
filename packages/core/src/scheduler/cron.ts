import { UserDOError } from "../errors.js";

/**
 * A parsed 5-field cron expression (minute hour day-of-month month
 * day-of-week), evaluated in UTC. Each field is the set of values it allows.
 */
export interface CronSchedule {
  readonly source: string;
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly daysOfMonth: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  /** 0 = Sunday ... 6 = Saturday (7 is read as 0). */
  readonly daysOfWeek: ReadonlySet<number>;
  /**
   * Vixie cron's flags: a day field whose text starts with `*` (`*`, `*\/2`).
   * When either is set, a day must match both fields; when neither is, either
   * field suffices (`0 0 1,15 * MON`: the 1st, the 15th and every Monday).
   */
  readonly dayOfMonthIsStar: boolean;
  readonly dayOfWeekIsStar: boolean;
}

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const FIELDS: readonly FieldSpec[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  {
    name: "month",
    min: 1,
    max: 12,
    names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
  },
  { name: "day of week", min: 0, max: 7, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] },
];

const MINUTE = 60_000;
// Long enough for any satisfiable expression (Feb 29 on a given weekday
// recurs within 28 years); past it the expression can never fire.
const SEARCH_LIMIT_MS = 30 * 366 * 24 * 60 * MINUTE;

function badCron(source: string, reason: string): UserDOError {
  return new UserDOError(400, "bad_cron", `cron "${source}": ${reason}`);
}

function parseValue(text: string, spec: FieldSpec, source: string): number {
  const named = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named !== -1) return named + (spec.name === "month" ? 1 : 0);
  if (!/^\d{1,2}$/.test(text)) throw badCron(source, `"${text}" is not a valid ${spec.name}`);
  const value = Number(text);
  if (value < spec.min || value > spec.max) {
    throw badCron(source, `${spec.name} ${value} is outside ${spec.min}-${spec.max}`);
  }
  return value;
}

function parseField(text: string, spec: FieldSpec, source: string): Set<number> {
  const values = new Set<number>();
  for (const part of text.split(",")) {
    const [range, stepText, extra] = part.split("/");
    if (range === undefined || range === "" || extra !== undefined)
      throw badCron(source, `"${part}" is not a valid ${spec.name}`);
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d{1,2}$/.test(stepText) || Number(stepText) === 0)
        throw badCron(source, `step "${stepText}" must be a number from 1`);
      step = Number(stepText);
    }
    let from: number;
    let to: number;
    if (range === "*") {
      from = spec.min;
      to = spec.max;
    } else if (range.includes("-")) {
      const [a, b, more] = range.split("-");
      if (a === undefined || b === undefined || more !== undefined)
        throw badCron(source, `"${range}" is not a valid range`);
      from = parseValue(a, spec, source);
      to = parseValue(b, spec, source);
      if (from > to) throw badCron(source, `range "${range}" runs backwards`);
    } else {
      from = parseValue(range, spec, source);
      // "5/15" means from 5 to the end in steps of 15, as in Vixie cron.
      to = stepText === undefined ? from : spec.max;
    }
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

/**
 * Parses a 5-field cron expression: `*`, numbers, lists (`1,15`), ranges
 * (`9-17`), steps (`*\/5`, `0-30/10`), month and weekday names (`JAN`, `MON`).
 * Throws a 400 `bad_cron` error naming the problem.
 *
 * @example
 * ```ts
 * const everyQuarterHour = parseCron("*\/15 * * * *");
 * nextCronTime(everyQuarterHour, Date.UTC(2026, 0, 1, 10, 7)); // 10:15 UTC
 * ```
 */
export function parseCron(expression: string): CronSchedule {
  if (typeof expression !== "string") throw badCron(String(expression), "must be a string");
  const source = expression.trim();
  const parts = source.split(/\s+/);
  if (parts.length !== 5) throw badCron(source, "needs 5 fields: minute hour day-of-month month day-of-week");
  const [minutes, hours, daysOfMonth, months, weekdays] = parts.map((part, i) =>
    parseField(part, FIELDS[i]!, source),
  ) as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  if (weekdays.delete(7)) weekdays.add(0);
  const schedule: CronSchedule = {
    source,
    minutes,
    hours,
    daysOfMonth,
    months,
    daysOfWeek: weekdays,
    dayOfMonthIsStar: parts[2]!.startsWith("*"),
    dayOfWeekIsStar: parts[4]!.startsWith("*"),
  };
  if (nextCronTime(schedule, Date.UTC(2000, 0, 1)) === null) throw badCron(source, "never matches a date");
  return schedule;
}

// Vixie cron's rule, as its cron.c has it: both day fields must match when
// either starts with '*', else one is enough. So `0 0 */2 * MON` is odd days
// that are Mondays, while `0 0 1-31/2 * MON` is odd days and Mondays.
function dayMatches(schedule: CronSchedule, date: Date): boolean {
  const dom = schedule.daysOfMonth.has(date.getUTCDate());
  const dow = schedule.daysOfWeek.has(date.getUTCDay());
  return schedule.dayOfMonthIsStar || schedule.dayOfWeekIsStar ? dom && dow : dom || dow;
}

/**
 * The first time strictly after `after` (ms since the epoch) at which the
 * schedule fires, on a whole UTC minute; null if it never does.
 *
 * @example
 * ```ts
 * nextCronTime(parseCron("0 9 * * MON-FRI"), Date.now()); // next weekday 09:00 UTC
 * ```
 */
export function nextCronTime(schedule: CronSchedule, after: number): number | null {
  let t = Math.floor(after / MINUTE) * MINUTE + MINUTE;
  const limit = t + SEARCH_LIMIT_MS;
  // Jump field by field (month, day, hour, minute) rather than minute by minute.
  while (t <= limit) {
    const d = new Date(t);
    if (!schedule.months.has(d.getUTCMonth() + 1)) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    } else if (!dayMatches(schedule, d)) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
    } else if (!schedule.hours.has(d.getUTCHours())) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours() + 1);
    } else if (!schedule.minutes.has(d.getUTCMinutes())) {
      t += MINUTE;
    } else {
      return t;
    }
  }
  return null;
}
