import { UserDOError } from "../errors.js";
import type { StudioValue } from "../shared/studio-protocol.js";

/**
 * The most an answer may weigh, about (in bytes of JSON). Workers RPC carries
 * up to 32 MiB; a query without LIMIT on a big table should get a clear error
 * rather than exhaust the object's memory or the RPC.
 */
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

/**
 * Turns SQLite values into JSON-safe ones and keeps a running estimate of the
 * answer's size, refusing it (400 `answer_too_large`) past {@link MAX_ANSWER_BYTES}.
 * BLOBs become arrays of byte values, Outerbase Studio's own convention.
 *
 * @example
 * ```ts
 * declare const cursorRow: SqlStorageValue[];
 * const budget = new AnswerBudget();
 * const row = cursorRow.map((v) => budget.encode(v)); // ArrayBuffer -> number[]
 * ```
 */
export class AnswerBudget {
  readonly #limit: number;
  #used = 0;

  constructor(limit = MAX_ANSWER_BYTES) {
    this.#limit = limit;
  }

  /** The JSON-safe form of one value, counted against the budget. */
  encode(value: SqlStorageValue): StudioValue {
    let out: StudioValue;
    if (value instanceof ArrayBuffer) {
      out = Array.from(new Uint8Array(value));
      this.#used += value.byteLength * 4; // "255," per byte at worst
    } else {
      out = value;
      this.#used += typeof value === "string" ? value.length + 2 : 8;
    }
    if (this.#used > this.#limit) {
      throw new UserDOError(
        400,
        "answer_too_large",
        `the answer is larger than ${this.#limit / (1024 * 1024)} MB; select fewer rows (LIMIT) or columns`,
      );
    }
    return out;
  }
}
