import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { fakeFacilitator } from "./test/fake-facilitator.js";

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
  plugins: [
    // Outbound fetch reaches a fake x402 facilitator (it verifies with @x402/evm's own code); any other host is a 502.
    cloudflareTest({
      wrangler: { configPath: "./wrangler.test.jsonc" },
      miniflare: { outboundService: fakeFacilitator },
    }),
    userdoSource,
  ],
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
