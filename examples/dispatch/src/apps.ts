import { isUserId } from "@userdo/auth";
import { UserDOError } from "@userdo/core";

/** A hosted app: whose quota pays for it and which script serves it. */
export interface HostedApp {
  /** The owner's user id: the billing object metered for every request. */
  readonly owner: string;
  /** The script's name in the dispatch namespace. */
  readonly script: string;
}

/** The registry, as the `APPS` var holds it. */
export type HostedApps = Readonly<Record<string, HostedApp>>;

const NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** The app a request is for, with its name. */
export interface AppTarget extends HostedApp {
  readonly name: string;
}

/**
 * The app a Host header names (`hello.apps.example.com` -> `hello`), or null
 * when the host is not an app host (the console). An app host without an
 * app is a 404; a malformed registry entry is a 500 naming it.
 *
 * @example
 * ```ts
 * appForHost({ hello: { owner: "1", script: "hello" } }, "localhost", "hello.localhost:8789"); // { name: "hello", owner: "1", script: "hello" }
 * ```
 */
export function appForHost(apps: HostedApps, appsDomain: string, host: string): AppTarget | null {
  const hostname = host.replace(/:[0-9]+$/, "").toLowerCase();
  const suffix = `.${appsDomain.toLowerCase()}`;
  if (!hostname.endsWith(suffix)) return null;
  const name = hostname.slice(0, -suffix.length);
  if (!NAME.test(name)) throw new UserDOError(404, "no_app", "no app answers at this host");
  const app = Object.hasOwn(apps, name) ? apps[name] : undefined;
  if (!app) throw new UserDOError(404, "no_app", `no app named ${name}`);
  if (!isUserId(app.owner) || typeof app.script !== "string" || !NAME.test(app.script)) {
    throw new UserDOError(500, "bad_app_config", `APPS.${name} needs an owner (a user id) and a script name`);
  }
  return { name, owner: app.owner, script: app.script };
}

/**
 * The apps an owner has, by name.
 *
 * @example
 * ```ts
 * appsOf(env.APPS, "1"); // ["hello"]
 * ```
 */
export function appsOf(apps: HostedApps, owner: string): string[] {
  return Object.entries(apps)
    .filter(([, app]) => app.owner === owner)
    .map(([name]) => name);
}
