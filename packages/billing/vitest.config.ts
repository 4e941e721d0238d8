import { mergeConfig } from "vitest/config";
import { workersTestConfig } from "../../tools/vitest-shared.js";

// The stripe package ships source maps that point to files it does not ship,
// and vite warns once per module (about 200 lines). Those warnings, and only
// those, are dropped; everything else is printed as usual.
const warned = new Set<string>();
const logger = {
  hasWarned: false,
  info: (message: string) => console.info(message),
  warn(message: string) {
    if (message.includes("points to missing source files")) return;
    logger.hasWarned = true;
    console.warn(message);
  },
  warnOnce(message: string) {
    if (warned.has(message)) return;
    warned.add(message);
    logger.warn(message);
  },
  error: (message: string) => console.error(message),
  clearScreen: () => {},
  hasErrorLogged: () => false,
};

export default mergeConfig(workersTestConfig("./wrangler.test.jsonc"), { customLogger: logger });
