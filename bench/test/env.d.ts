import type { BenchEnv } from "../src/env.js";

declare global {
  namespace Cloudflare {
    interface Env extends BenchEnv {
      STUDIO_TOKEN: string;
    }
  }
}
