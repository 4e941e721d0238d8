import * as v from "valibot";
import { componentSchema } from "./component-schema.js";

/** The JSON error answer every package sends: what was wrong and what to do next, and a stable code. */
export const ErrorAnswer = componentSchema("Error", v.object({ error: v.string(), code: v.string() }));

/** The reference to the JSON error answer `{error, code}` every package's paths use. */
export const ERROR_RESPONSE = { $ref: "#/components/responses/Error" } as const;

/** The description of the shared error answer. */
export const ERROR_DESCRIPTION = "An error: what was wrong and what to do next, and a stable code.";

/**
 * The same error answer for each status listed.
 *
 * @example
 * ```ts
 * const responses = { 200: jsonAnswer("Done.", v.object({ ok: v.boolean() })), ...errorAnswers("400", "401") };
 * ```
 */
export function errorAnswers(...statuses: readonly string[]): Record<string, typeof ERROR_RESPONSE> {
  return Object.fromEntries(statuses.map((status) => [status, ERROR_RESPONSE]));
}
