import { ConfigurationError } from "../errors.js";
import type { ObjectClassConfig } from "./object-class-config.js";
import { ObjectRuntime } from "./object-runtime.js";
import { shareAlarm } from "./shared-alarm.js";

const RUNTIME = Symbol.for("userdo.runtime");
const byState = new WeakMap<DurableObjectState, ObjectRuntime<any, any>>();

/** Creates the runtime of `instance` unless a constructor earlier in the chain did. */
export function attachRuntime<Env, DB>(
  instance: object,
  ctx: DurableObjectState,
  env: Env,
  cls: ObjectClassConfig & object,
): ObjectRuntime<Env, DB> {
  const holder = instance as { [RUNTIME]?: ObjectRuntime<Env, DB> };
  if (!holder[RUNTIME]) {
    const runtime = new ObjectRuntime<Env, DB>(instance, ctx, env, cls);
    Object.defineProperty(holder, RUNTIME, { value: runtime, enumerable: false });
    byState.set(ctx, runtime);
    shareAlarm(instance, runtime);
  }
  return holder[RUNTIME]!;
}

/** The runtime of an object built by UserDO or `withPlugins`. */
export function runtimeOf<Env = unknown, DB = any>(instance: object): ObjectRuntime<Env, DB> {
  const runtime = (instance as { [RUNTIME]?: ObjectRuntime<Env, DB> })[RUNTIME];
  if (!runtime) throw new ConfigurationError("no_runtime", "this object was not built with UserDO or withPlugins()");
  return runtime;
}

/** The runtime of the object owning `state` (what a core plugin's methods reach it by). */
export function runtimeOfState(state: DurableObjectState): ObjectRuntime<any, any> {
  const runtime = byState.get(state);
  if (!runtime) throw new ConfigurationError("no_runtime", "this object was not built with UserDO or withPlugins()");
  return runtime;
}
