import * as v from "valibot";
import { fieldError, parseInput } from "../schema/parse-input.js";

/** Longest user name accepted as an object name. */
export const MAX_USER_NAME_LENGTH = 256;

/** A user's name as an object name: 1 to 256 characters (without a field error: each use declares its own). */
export const UserNameText = v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_USER_NAME_LENGTH));

const UserName = v.pipe(
  UserNameText,
  fieldError("bad_user_name", `must be a string of 1 to ${MAX_USER_NAME_LENGTH} characters`),
);

/** Throws a 400 {@link UserDOError} unless `name` can name a user's object. */
export function assertUserName(name: unknown): asserts name is string {
  parseInput(UserName, name, { name: "a user name" });
}
