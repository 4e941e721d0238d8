import type { ObjectRuntime } from "./object-runtime.js";

type AlarmHandler = (info?: AlarmInvocationInfo) => void | Promise<void>;

/**
 * Makes the instance's alarm run the scheduler first, then the class's own
 * `alarm` (a UserDO's is empty; a plain DurableObject's is its own code), so
 * one platform alarm serves both. An own property, so a subclass that
 * overrides `alarm` without calling super still runs its tasks.
 */
export function shareAlarm(instance: object, runtime: ObjectRuntime<any, any>): void {
  const classAlarm = (instance as { alarm?: AlarmHandler }).alarm;
  Object.defineProperty(instance, "alarm", {
    value: async (info?: AlarmInvocationInfo) => {
      await runtime.runAlarm();
      await classAlarm?.call(instance, info);
    },
    writable: true,
    configurable: true,
    enumerable: false,
  });
}
