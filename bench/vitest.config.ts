import { workersTestConfig } from "../tools/vitest-shared.js";

export default workersTestConfig("./wrangler.test.jsonc");
