#!/usr/bin/env node
import { main } from "../src/cli.mjs";

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`create-userdo: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
