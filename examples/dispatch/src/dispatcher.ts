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
 * An unknown script is a 502: the registry names a script nobody deployed.
 */
export function dispatcherOf(env: Env & { readonly DISPATCHER?: DispatchNamespace }): Dispatcher {
  if (env.DISPATCHER) return env.DISPATCHER;
  const local: Readonly<Record<string, Fetcher | undefined>> = { hello: env.APP_HELLO };
  return {
    get(script) {
      const fetcher = Object.hasOwn(local, script) ? local[script] : undefined;
      if (!fetcher) throw new UserDOError(502, "no_script", `no script ${script} is deployed`);
      return fetcher;
    },
  };
}
