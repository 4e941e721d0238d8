// `pnpm dev` (and the repository's `pnpm start`): serves the example on
// http://127.0.0.1:8787 with dev login and demo data, then says how to log in.
import { startWranglerDev } from "./wrangler-dev.mjs";

const PORT = 8787;
const { child, url } = await startWranglerDev({ port: PORT });
const banner = [
  "",
  "  sponsorflare on userdo is running.",
  "",
  `    Open ${url} and click "Dev login": you are signed in as a demo user`,
  "    (the admin here) with $5.00 of demo credit and some usage history.",
  "",
  `    Dashboard ${url}/dashboard   Admin ${url}/admin   API ${url}/openapi.json`,
  "    Studio token for Outerbase (dev only): dev-only-studio-token-not-a-secret",
  "",
];
console.log(banner.join("\n"));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill("SIGTERM"));
child.on("exit", (code) => process.exit(code ?? 0));
