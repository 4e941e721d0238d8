/**
 * A Durable Object namespace as userdo's Worker-side helpers use it: by name to
 * a stub typed `T`. Every `DurableObjectNamespace` whose objects have `T`'s
 * methods fits, e.g. `env.USERS` for a class built with `withPlugins(UserDO, auth())`
 * where `ObjectNamespace<AuthObject>` is asked for.
 *
 * Why not `DurableObjectNamespace<T>`: TypeScript 5 compares that class's type
 * argument invariantly, so `DurableObjectNamespace<YourObject>` would be refused
 * where `DurableObjectNamespace<AuthObject>` is asked for (TS2322), although
 * your object has every method of `AuthObject`. Stubs compare by their methods.
 *
 * @example
 * ```ts
 * const users: ObjectNamespace<AuthObject> = env.USERS;
 * const me = await users.get(users.idFromName("12345")).authWhoAmI(credential);
 * ```
 */
export interface ObjectNamespace<T extends Rpc.DurableObjectBranded | undefined = undefined> {
  idFromName(name: string): DurableObjectId;
  get(id: DurableObjectId): DurableObjectStub<T>;
}
