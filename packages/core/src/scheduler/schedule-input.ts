import * as v from "valibot";
import { UserDOError } from "../errors.js";
import { fieldError, parseInput } from "../schema/parse-input.js";
import { nextCronTime, parseCron } from "./cron.js";
import type { RetryPolicy, ScheduleOptions, TaskQuery, When } from "./task-types.js";

/** Defaults of {@link RetryPolicy}: `{ ...DEFAULT_RETRY, attempts: 10 }` keeps the rest. */
export const DEFAULT_RETRY = Object.freeze({ attempts: 5, backoffMs: 1_000, maxBackoffMs: 60 * 60 * 1_000 });

const MAX_KEY_CHARS = 256;
const MAX_PAYLOAD_CHARS = 512 * 1024;

/** `when`, read into a first run time and the recurrence, if any. */
export interface Timing {
  readonly runAt: number;
  readonly every: number | null;
  readonly cron: string | null;
}

function bad(message: string): UserDOError {
  return new UserDOError(400, "bad_schedule", message);
}

function isWholeMs(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value);
}

/** Reads `when` (delay, Date, `{ every }`, `{ cron }`) into times; a 400 on anything else. */
export function readWhen(when: When, now: number): Timing {
  if (typeof when === "number") {
    if (!Number.isFinite(when) || when < 0) throw bad("a delay must be a finite number of milliseconds, 0 or more");
    return { runAt: now + Math.ceil(when), every: null, cron: null };
  }
  if (when instanceof Date) {
    const at = when.getTime();
    if (!Number.isFinite(at)) throw bad("the Date is invalid");
    return { runAt: at, every: null, cron: null };
  }
  if (typeof when === "object" && when !== null && "every" in when) {
    if (!isWholeMs(when.every) || when.every < 1) throw bad("every must be a whole number of milliseconds, 1 or more");
    return { runAt: now + when.every, every: when.every, cron: null };
  }
  if (typeof when === "object" && when !== null && "cron" in when) {
    const schedule = parseCron(when.cron);
    return { runAt: nextCronTime(schedule, now)!, every: null, cron: schedule.source };
  }
  throw bad("when must be a delay in ms, a Date, { every: ms } or { cron: '...' }");
}

const badSchedule = <T>(message: string) => fieldError<T>("bad_schedule", message);

const wholeMs = (min: number, words: string) =>
  v.pipe(v.number(), v.safeInteger(), v.minValue(min), badSchedule(words));

/** `schedule`'s `retry` ({@link RetryPolicy}): attempts from 1 (or Infinity), whole milliseconds, maxBackoffMs at least backoffMs. */
export const RetryPolicySchema = v.pipe(
  v.object({
    attempts: v.optional(
      v.pipe(
        v.union([v.pipe(v.number(), v.safeInteger(), v.minValue(1)), v.literal(Number.POSITIVE_INFINITY)]),
        badSchedule("must be a whole number from 1, or Infinity"),
      ),
      DEFAULT_RETRY.attempts,
    ),
    backoffMs: v.optional(wholeMs(0, "must be a whole number of milliseconds"), DEFAULT_RETRY.backoffMs),
    maxBackoffMs: v.optional(wholeMs(0, "must be a whole number, at least backoffMs")),
  }),
  badSchedule("must be an object"),
  v.forward(
    v.check(({ backoffMs, maxBackoffMs }) => maxBackoffMs === undefined || maxBackoffMs >= backoffMs),
    ["maxBackoffMs"],
  ),
);

/** The retry policy, checked ({@link RetryPolicySchema}), with defaults filled in; `attempts: null` means without limit. */
export function readRetry(retry: RetryPolicy | undefined): {
  attempts: number | null;
  backoffMs: number;
  maxBackoffMs: number;
} {
  const { attempts, backoffMs, maxBackoffMs } = parseInput(RetryPolicySchema, retry ?? {}, { root: "retry" });
  return {
    attempts: attempts === Number.POSITIVE_INFINITY ? null : attempts,
    backoffMs,
    maxBackoffMs: maxBackoffMs ?? Math.max(DEFAULT_RETRY.maxBackoffMs, backoffMs),
  };
}

/** A task's idempotency key: 1 to 256 characters, or none. */
export const TaskKey = v.optional(
  v.pipe(
    v.string(),
    v.minLength(1),
    v.maxLength(MAX_KEY_CHARS),
    fieldError("bad_schedule", `must be a string of 1 to ${MAX_KEY_CHARS} characters`),
  ),
);

/** What `cancelTask` takes: a task's id or its key. */
export const TaskRef = v.pipe(v.union([v.number(), v.string()]), fieldError("bad_input", "must be a task id or key"));

/** A task's id or key, checked ({@link TaskRef}). */
export function readTaskRef(idOrKey: unknown): number | string {
  return parseInput(TaskRef, idOrKey, { root: "idOrKey" });
}

/** The idempotency key, checked ({@link TaskKey}). */
export function readKey(options: ScheduleOptions | undefined): string | null {
  return parseInput(TaskKey, options?.key, { root: "key" }) ?? null;
}

/** The payload as JSON; a 400 if it does not survive JSON or is too large. */
export function payloadJson(payload: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(payload);
  } catch (error) {
    throw bad(`the payload cannot be stored as JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  json ??= "null";
  if (json.length > MAX_PAYLOAD_CHARS) throw bad(`the payload is over ${MAX_PAYLOAD_CHARS} characters of JSON`);
  return json;
}

const badInput = <T>(message: string) => fieldError<T>("bad_input", message);

/** `listTasks`'s filters: a state, a task's name, and how many (1 to 1000, default 100). */
export const TaskQuerySchema = v.object({
  state: v.optional(v.pipe(v.picklist(["pending", "running", "dead"]), badInput("must be pending, running or dead"))),
  task: v.optional(v.pipe(v.string(), badInput("must be a string"))),
  limit: v.optional(
    v.pipe(
      v.number(),
      v.safeInteger(),
      v.minValue(1),
      v.maxValue(1_000),
      badInput("must be a whole number from 1 to 1000"),
    ),
    100,
  ),
});

/** `listTasks` filters, checked ({@link TaskQuerySchema}), with the default limit. */
export function readTaskQuery(query: TaskQuery | undefined): TaskQuery & { limit: number } {
  const { state, task, limit } = parseInput(TaskQuerySchema, query ?? {}, { name: "the task query" });
  return { limit, ...(state === undefined ? {} : { state }), ...(task === undefined ? {} : { task }) };
}

/** Delay before retry number `attempt` (the attempt that just failed, from 1). */
export function backoffDelay(attempt: number, backoffMs: number, maxBackoffMs: number): number {
  return Math.min(maxBackoffMs, backoffMs * 2 ** Math.min(attempt - 1, 40));
}

/** The next run of a recurring task after a run that was due at `scheduledAt`; never in the past. */
export function nextOccurrence(
  every: number | null,
  cron: string | null,
  scheduledAt: number,
  now: number,
): number | null {
  if (every !== null) {
    // Skip missed occurrences instead of running them all back to back.
    const behind = Math.max(0, now - scheduledAt);
    return scheduledAt + every * (Math.floor(behind / every) + 1);
  }
  if (cron !== null) return nextCronTime(parseCron(cron), now);
  return null;
}
