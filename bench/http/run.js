/**
 * The HTTP bench alone (`npm run bench` runs it after the in-process one): lib/ must be built.
 *   node bench/http/run.js [--json]     knobs: bench/http/http-settings.js
 * Writes bench/results/http-latest.json.
 */
import { runHttpBenchAndSave } from "./run-http-bench-and-save.js";

runHttpBenchAndSave({ json: process.argv.includes("--json") }).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
