import { workersTestConfig } from "../../tools/vitest-shared.js";
// By path, as vitest-shared: the config runs in Node, which does not map a package's .js imports to its .ts files.
import { fakeGitHub } from "../../tools/test-utils/src/fakes/github-oauth.js";

// Outbound fetch goes to a fake GitHub served by the test process: the
// package's code calls the real GitHub URLs, intercepted at the network edge.
export default workersTestConfig("./wrangler.test.jsonc", { outboundService: fakeGitHub });
