#!/usr/bin/env node
import("../lib/cli/main.js").then(({ main }) => main(process.argv.slice(2))).then((code) => { process.exitCode = code; });
