import { UserDOError } from "@userdo/core";

/** Longest todo title, in characters. */
export const MAX_TITLE = 200;

/**
 * Who the Worker verified: passed to the todo object as an RPC argument. A
 * client cannot forge it (it reaches the object only through the Worker),
 * unlike a header the Worker would forward.
 *
 * @example
 * ```ts
 * declare const work: CallerPaidWork; // what paid() of @userdo/billing/auth hands its callback
 * const caller: Caller = { user: work.user, via: work.via, tokenId: work.tokenId };
 * ```
 */
export interface Caller {
  readonly user: string;
  readonly via: "session" | "token";
  readonly tokenId: string | null;
}

/**
 * A checked todo title: trimmed, 1 to {@link MAX_TITLE} characters, no control
 * characters. Checked in the Worker before anything is charged, and again in
 * the object.
 *
 * @example
 * ```ts
 * const form = await request.formData();
 * const title = parseTitle(form.get("title")); // throws a 400 UserDOError when bad
 * ```
 */
export function parseTitle(value: unknown): string {
  const title = typeof value === "string" ? value.trim() : null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (title === null || title.length === 0 || title.length > MAX_TITLE || /[\u0000-\u001f\u007f]/.test(title)) {
    throw new UserDOError(400, "bad_title", `title must be 1 to ${MAX_TITLE} characters of text`);
  }
  return title;
}

/**
 * A todo id from a URL segment: a positive integer.
 *
 * @example
 * ```ts
 * parseId("42"); // 42
 * ```
 */
export function parseId(value: unknown): number {
  if (typeof value !== "string" || !/^[1-9][0-9]{0,14}$/.test(value))
    throw new UserDOError(400, "bad_id", "a todo id is a positive integer");
  return Number(value);
}

/**
 * The idempotency key a form carries (a random id rendered into each form),
 * so a double submit writes and charges once.
 *
 * @example
 * ```ts
 * const form = await request.formData();
 * const key = parseKey(form.get("key"));
 * ```
 */
export function parseKey(value: unknown): string {
  if (typeof value !== "string" || !/^[0-9a-f-]{36}$/.test(value))
    throw new UserDOError(400, "bad_key", "the form's key is missing; reload the page");
  return value;
}
