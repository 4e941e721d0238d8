import { workersTestConfig } from "../../tools/vitest-shared.js";
// By path, as vitest-shared: the config runs in Node, which does not map a package's .js imports to its .ts files.
import { fakeStripe } from "../../tools/test-utils/src/fakes/stripe.js";

export default workersTestConfig("./wrangler.test.jsonc", { outboundService: fakeStripe });
