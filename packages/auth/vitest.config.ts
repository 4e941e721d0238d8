import { workersTestConfig } from "../../tools/vitest-shared.js";
import { fakeGitHub } from "./test/fake-github.js";

// Outbound fetch goes to a fake GitHub served by the test process: the
// package's code calls the real GitHub URLs, intercepted at the network edge.
export default workersTestConfig("./wrangler.test.jsonc", { outboundService: fakeGitHub });
