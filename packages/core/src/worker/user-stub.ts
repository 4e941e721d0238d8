import { assertUserName } from "../shared/user-name.js";
import type { ObjectNamespace } from "../shared/object-namespace.js";

/**
 * The typed stub of a user's object, by the user's name.
 *
 * @example
 * ```ts
 * const todos = await userStub(env.TODO, user).list();
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
