/**
 * The versions a new app depends on, as caret ranges of these. The `@userdo/*`
 * versions are the ones this repository's packages publish, and the tools are
 * the ones the repository itself builds and tests with; `test/versions.test.mjs`
 * fails when either side moves without the other, so bump them here together.
 */
export const VERSIONS = Object.freeze({
  "@userdo/core": "0.1.0",
  "@userdo/auth": "0.1.0",
  "@userdo/billing": "0.1.0",
  kysely: "0.29.9",
  wrangler: "4.164.0",
  "@cloudflare/vitest-plugin": "1.5.0",
  "@cloudflare/workers-types": "5.20261117.1",
  typescript: "7.0.2",
  vitest: "5.1.1",
});

/** The oldest Node that runs the app's tools (wrangler 4 and vitest 5 need 22.12). */
export const MIN_APP_NODE = "22.12.0";

/** The compatibility date of new apps: one the pinned wrangler's workerd supports. */
export const COMPATIBILITY_DATE = "2026-11-01";

/**
 * `^<version>` of a package this file pins.
 *
 * @example
 * caret("kysely"); // "^0.29.9"
 */
export function caret(name) {
  const version = VERSIONS[name];
  if (version === undefined) throw new Error(`no pinned version for ${name}`);
  return `^${version}`;
}
