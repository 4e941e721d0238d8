import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// Inside the userdo repository, @userdo/* resolve to their TypeScript source (their
// "@userdo/source" export condition), so no build step is needed; in your own app this
// matches nothing and the published builds are used. Added in place, after the
// Workers plugin's conditions, because Vite's environments share this array.
const userdoSource = {
  name: "userdo-source-condition",
  config(config: { resolve?: { conditions?: string[] } }) {
    config.resolve ??= {};
    config.resolve.conditions ??= [];
    config.resolve.conditions.unshift("@userdo/source");
  },
};

export default defineConfig({
  plugins: [cloudflareTest({ wrangler: { configPath: "./wrangler.test.jsonc" } }), userdoSource],
  test: {
    // A rejected Durable Object RPC that a test awaits and asserts on is reported once
    // more as an unhandled rejection by the test pool (workers-sdk #14736); those copies
    // carry `remote: true` (or `durableObjectReset`) and are dropped. Anything else fails.
    onUnhandledError(error) {
      const e = error as { remote?: unknown; durableObjectReset?: unknown };
      return e.remote === true || e.durableObjectReset === true ? false : undefined;
    },
  },
});
