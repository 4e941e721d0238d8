import { UserDOError } from "@userdo/core";

/**
 * Where scripts are found by name: a Workers for Platforms dispatch namespace
 * in production, service bindings locally. Only `get` is used, so both fit.
 *
 * @example
 * ```ts
 * const response = await dispatcherOf(env).get("hello").fetch(request);
 * ```
 */
export interface Dispatcher {
  get(script: string): Fetcher;
}

/**
 * The real dispatch namespace when bound (`dispatch_namespaces` in
 * wrangler.jsonc; not in this example's, so its generated `Env` lacks it), else the local stand-in: the service bindings `APP_<SCRIPT>`.
 * A script the stand-in does not have is a 404 `app_unavailable` (the registry
 * names a script nobody deployed), with an error in the log for the operator.
 */
export function dispatcherOf(env: Env & { readonly DISPATCHER?: DispatchNamespace }): Dispatcher {
  if (env.DISPATCHER) return env.DISPATCHER;
  const local: Readonly<Record<string, Fetcher | undefined>> = { hello: env.APP_HELLO };
  return {
    get(script) {
      const fetcher = Object.hasOwn(local, script) ? local[script] : undefined;
      if (!fetcher) {
        console.error(`APPS names the script ${script}, which is not deployed: deploy it or fix the APPS var`);
        throw new UserDOError(404, "app_unavailable", "this app is not available");
      }
      return fetcher;
    },
  };
}
