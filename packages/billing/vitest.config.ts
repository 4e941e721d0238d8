import { workersTestConfig } from "../../tools/vitest-shared.js";
// By path, as vitest-shared: the config runs in Node, which does not map a package's .js imports to its .ts files.
import { fakeFacilitator } from "../../tools/test-utils/src/fakes/x402-facilitator.js";

// Outbound fetch goes to a fake x402 facilitator served by the test process (it
// verifies with @x402/evm's own code); any other host is a 502.
export default workersTestConfig("./wrangler.test.jsonc", { outboundService: fakeFacilitator });
