import { workersTestConfig } from "../../tools/vitest-shared.js";
import { fakeStripe } from "./test/fake-stripe.js";

export default workersTestConfig("./wrangler.test.jsonc", { outboundService: fakeStripe });
