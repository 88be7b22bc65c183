/** Runs the HTTP bench (`json`: print the report as JSON; `print`: as a table) with the environment's knobs, writes bench/results/http-latest.json, prints it. */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath, URL } from "node:url";
import { httpSettings } from "./http-settings.js";
import { printHttpReport } from "./print-http-report.js";
import { runHttpBench } from "./run-http-bench.js";

export const HTTP_RESULTS = fileURLToPath(new URL("../results/http-latest.json", import.meta.url));

/** @returns the report, or null when BENCH_HTTP=0 */
export async function runHttpBenchAndSave({
  json = false,
  print = !json,
  env = process.env,
  out = env.BENCH_HTTP_OUT || HTTP_RESULTS,
} = {}) {
  const settings = httpSettings(env);
  if (!settings.enabled) return null;
  const report = await runHttpBench(settings);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  if (json) console.log(JSON.stringify(report, null, 2));
  else if (print) printHttpReport(report);
  return report;
}
