import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

/** Extra Miniflare options, e.g. `outboundService` to serve a fake third party at the network edge. */
type MiniflareOptions = Extract<Parameters<typeof cloudflareTest>[0], { wrangler?: unknown }>["miniflare"];

/**
 * Inside this repository the packages resolve to their TypeScript source (their
 * "@userdo/source" export condition), so tests need no build step. Added in a
 * config hook after the Workers plugin's own conditions, so every environment
 * keeps those (workerd, worker, module, browser) and gains this one first.
 */
const userdoSource = {
  name: "userdo-source-condition",
  config(config: { resolve?: { conditions?: string[] } }) {
    // In place: Vite's environments share this array.
    config.resolve ??= {};
    config.resolve.conditions ??= [];
    config.resolve.conditions.unshift("@userdo/source");
  },
};

/**
 * The vitest config every package and example uses: tests run inside workerd
 * against the Worker named by `configPath`.
 *
 * A rejected Durable Object RPC that a test awaits and asserts on is also
 * reported once more as an unhandled rejection by the test pool (an open bug in
 * workers-sdk, #14736). Those copies carry `remote: true` (or
 * `durableObjectReset` for a constructor that broke the object) and are dropped
 * here; every other unhandled error still fails the run.
 */
export function workersTestConfig(configPath: string, miniflare?: MiniflareOptions) {
  return defineConfig({
    plugins: [cloudflareTest({ wrangler: { configPath }, ...(miniflare ? { miniflare } : {}) }), userdoSource],
    test: {
      onUnhandledError(error) {
        const e = error as { remote?: unknown; durableObjectReset?: unknown };
        return e.remote === true || e.durableObjectReset === true ? false : undefined;
      },
    },
  });
}
