#!/usr/bin/env node
// The CLI is the built lib/: run from a clone before `npm run build`, say so in one line (exit 2,
// a usage error) instead of a module-not-found stack trace.
import { existsSync } from "node:fs";
import { URL } from "node:url";

const main = new URL("../lib/cli/main.js", import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('agent-guardrails: lib/ is missing: run "npm run build" first\n');
  process.exitCode = 2;
} else {
  const { main: run } = await import(main.href);
  process.exitCode = await run(process.argv.slice(2));
}
