import { USER_ID_PATTERN } from "@userdo/auth";
import { UserDOError } from "@userdo/core";
import * as v from "valibot";

/** A hosted app: whose quota pays for it and which script serves it. */
const NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** One hosted app in the APPS var: its owner (metered for every request) and its script in the dispatch namespace. */
export const HostedAppSchema = v.object({
  owner: v.pipe(v.string(), v.regex(USER_ID_PATTERN)),
  script: v.pipe(v.string(), v.regex(NAME)),
});

/** A hosted app of the APPS var. */
export type HostedApp = v.InferOutput<typeof HostedAppSchema>;

/** The APPS var: hosted apps by name (JSON in wrangler.jsonc, checked app by app when used). */
export type HostedApps = Readonly<Record<string, unknown>>;

/** The app a request is for, with its name. */
export interface AppTarget extends HostedApp {
  readonly name: string;
}

/**
 * The app a Host header names (`hello.apps.example.com` -> `hello`), or null
 * when the host is not an app host (the console). An app host without an
 * app is a 404 `no_app`; a malformed registry entry is a 404 `app_unavailable`
 * to the caller (a deploy mistake is not theirs to fix) and an error in the
 * Worker's log naming the entry, for the operator.
 *
 * @example
 * ```ts
 * appForHost({ hello: { owner: "1", script: "hello" } }, "localhost", "hello.localhost:8789"); // { name: "hello", owner: "1", script: "hello" }
 * ```
 */
export function appForHost(apps: object, appsDomain: string, host: string): AppTarget | null {
  const hostname = host.replace(/:[0-9]+$/, "").toLowerCase();
  const suffix = `.${appsDomain.toLowerCase()}`;
  if (!hostname.endsWith(suffix)) return null;
  const name = hostname.slice(0, -suffix.length);
  if (!NAME.test(name)) throw new UserDOError(404, "no_app", "no app answers at this host");
  const app = Object.hasOwn(apps, name) ? (apps as HostedApps)[name] : undefined;
  if (!app) throw new UserDOError(404, "no_app", `no app named ${name}`);
  const checked = v.safeParse(HostedAppSchema, app);
  if (!checked.success) {
    console.error(`APPS.${name} needs an owner (a user id) and a script name: fix the APPS var in wrangler.jsonc`);
    throw new UserDOError(404, "app_unavailable", `app ${name} is not available`);
  }
  return { name, ...checked.output };
}

/**
 * The apps an owner has, by name.
 *
 * @example
 * ```ts
 * appsOf(env.APPS, "1"); // ["hello"]
 * ```
 */
export function appsOf(apps: object, owner: string): string[] {
  return Object.entries(apps as HostedApps)
    .filter(([, app]) => v.is(HostedAppSchema, app) && app.owner === owner)
    .map(([name]) => name);
}
