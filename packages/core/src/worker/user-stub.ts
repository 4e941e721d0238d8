import { UserDOError } from "../errors.js";
import type { ObjectNamespace } from "./object-namespace.js";

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

/**
 * The typed stub of a user's object, by the user's name.
 *
 * @example
 * ```ts
 * const todos = await userStub(env.TODO, user.id).list();
 * ```
 */
export function userStub<T extends Rpc.DurableObjectBranded | undefined>(
  namespace: ObjectNamespace<T>,
  name: string,
): DurableObjectStub<T> {
  assertUserName(name);
  return namespace.get(namespace.idFromName(name));
}

/**
 * Forwards a request to the `fetch` of a user's object. The caller decides who
 * the user is (after authentication); never take the name from a client header.
 */
export function routeToUser(
  request: Request,
  namespace: ObjectNamespace<Rpc.DurableObjectBranded | undefined>,
  name: string,
): Promise<Response> {
  return userStub(namespace, name).fetch(request);
}
