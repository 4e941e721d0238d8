import { fieldError, parseInput } from "@userdo/core";
import * as v from "valibot";

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
 * A todo's title: text, trimmed, 1 to {@link MAX_TITLE} characters, no control
 * characters. Checked in the Worker before anything is charged, and again in
 * the todo object (its RPC can be called by any code holding the binding).
 */
export const Title = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1),
  v.maxLength(MAX_TITLE),
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  v.regex(/^[^\u0000-\u001f\u007f]*$/),
  fieldError("bad_title", `must be 1 to ${MAX_TITLE} characters of text`),
);

/** A todo's id in a URL. */
export const TodoId = v.pipe(
  v.string(),
  v.regex(/^[1-9][0-9]{0,14}$/),
  fieldError("bad_id", "must be a positive integer"),
  v.transform(Number),
);

/** The idempotency key each form carries (a UUID rendered into the page). */
export const FormKey = v.pipe(
  v.string(),
  v.regex(/^[0-9a-f-]{36}$/),
  fieldError("bad_key", "is missing or not the form's; reload the page"),
);

/**
 * The title of a new todo, checked against {@link Title}.
 *
 * @example
 * ```ts
 * const form = await request.formData();
 * const title = parseTitle(form.get("title")); // throws a 400 UserDOError when bad
 * ```
 */
export function parseTitle(value: unknown): string {
  return parseInput(Title, value, { root: "title" });
}

/** A todo id from the URL, or a 400 `bad_id`. */
export function parseId(value: unknown): number {
  return parseInput(TodoId, value, { root: "todo id" });
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
  return parseInput(FormKey, value, { root: "key" });
}

/** What a form's `action` may ask of a todo. */
export const Action = v.pipe(
  v.picklist(["done", "open", "delete"]),
  fieldError("bad_action", "must be done, open or delete"),
);

/** The form's action, or a 400 `bad_action`. */
export function parseAction(value: unknown): "done" | "open" | "delete" {
  return parseInput(Action, value, { root: "action" });
}
