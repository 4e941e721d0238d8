import { UserDOError } from "../errors.js";

/** Longest user name accepted as an object name. */
export const MAX_USER_NAME_LENGTH = 256;

/** Throws a 400 {@link UserDOError} unless `name` can name a user's object. */
export function assertUserName(name: unknown): asserts name is string {
  if (typeof name !== "string" || name.length === 0 || name.length > MAX_USER_NAME_LENGTH) {
    throw new UserDOError(
      400,
      "bad_user_name",
      `a user name must be a string of 1 to ${MAX_USER_NAME_LENGTH} characters`,
    );
  }
}
