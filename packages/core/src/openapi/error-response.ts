/** The reference to the JSON error answer `{error, code}` every package's paths use. */
export const ERROR_RESPONSE = { $ref: "#/components/responses/Error" } as const;

/** The components {@link ERROR_RESPONSE} refers to; a part that uses it includes these. */
export const errorComponents = {
  responses: {
    Error: {
      description: "An error: what was wrong and what to do next, and a stable code.",
      content: {
        "application/json": {
          schema: {
            type: "object",
            properties: { error: { type: "string" }, code: { type: "string" } },
            required: ["error", "code"],
          },
        },
      },
    },
  },
} as const;

/** The same error answer for each status listed. */
export function errorAnswers(...statuses: readonly string[]): Record<string, typeof ERROR_RESPONSE> {
  return Object.fromEntries(statuses.map((status) => [status, ERROR_RESPONSE]));
}
