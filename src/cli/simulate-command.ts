import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { pino, type Logger } from "pino";
import { parseScenario, ScenarioError } from "../sim/scenario.js";
import { printable } from "../text/printable.js";
import type { SimulationResult } from "../sim/simulation-result.js";
import { traceScenario } from "../sim/trace-scenario.js";

import type { TextOutput } from "./text-output.js";

export type { TextOutput } from "./text-output.js";

const USAGE = "usage: agent-guardrails simulate SCENARIO.jsonl [--config FILE.yml] [--json]\n";

/**
 * `agent-guardrails simulate SCENARIO.jsonl [--config FILE.yml] --json` (docs/simulate.md): with
 * --json, stdout carries exactly one JSON object and nothing else — tools parse it — so the app's
 * logs go to stderr (LOG_LEVEL, default warn). Without --json, a summary for
 * people. Returns the exit code: 0 ran, 1 could not run, 2 bad usage.
 */
export async function simulateCommand(argv: string[], out: TextOutput, err: TextOutput, log?: Logger): Promise<number> {
  let values: { config?: string; json?: boolean; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      options: { config: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
    }));
  } catch (error) {
    err.write(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    out.write(USAGE);
    return 0;
  }
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) {
    err.write(USAGE);
    return 2;
  }

  let scenarioText: string;
  let config: string | undefined;
  try {
    scenarioText = await readFile(file, "utf8");
    if (values.config !== undefined) config = await readFile(values.config, "utf8");
  } catch (error) {
    err.write(`cannot read ${(error as NodeJS.ErrnoException).path ?? file}: ${(error as Error).message}\n`);
    return 1;
  }

  let scenario;
  try {
    scenario = parseScenario(scenarioText);
  } catch (error) {
    if (error instanceof ScenarioError) {
      err.write(`${file}:${printable(error.message, 400)}\n`);
      return 1;
    }
    throw error;
  }

  const appLog = log ?? pino({ level: process.env.LOG_LEVEL ?? "warn" }, pino.destination({ dest: 2, sync: true }));
  const trace = await traceScenario(scenario, { ...(config !== undefined ? { config } : {}), log: appLog });
  if (values.json) {
    out.write(`${JSON.stringify(trace.result)}\n`);
    return 0;
  }
  out.write(summary(file, trace.result));
  for (const event of trace.events) {
    if (event.error !== undefined) err.write(`line ${event.line} (${event.name}): rejected by the app: ${event.error}\n`);
  }
  return 0;
}

function summary(file: string, result: SimulationResult): string {
  const lines = [
    `Simulated ${result.events} event(s) from ${file}`,
    `  agent actions: ${result.agentActions}`,
    `  trips: ${result.trips.length === 0 ? "none" : result.trips.map((t) => `${t.actor} (${t.reason}) at ${t.at}`).join(", ")}`,
    `  requests to GitHub: ${result.requests.length}`,
    ...result.requests.map((r) => `    ${r.method} ${printable(r.path)}${r.operation !== undefined ? ` ${r.operation}` : ""}${r.status !== undefined ? ` → ${r.status}` : ""}`),
    // Empty unless the app sent something GitHub would refuse: then it is the first thing to fix.
    ...(result.invalid.length === 0 ? [] : [`  requests GitHub would refuse: ${result.invalid.length}`, ...result.invalid.map((i) => `    ${i.method} ${printable(i.path)}: ${printable(i.reason, 400)}`)]),
    `  audit rows: ${result.audit.length}`,
    ...result.audit.map(
      (row) =>
        `    ${row.at}  ${printable(row.actor)} (${row.actorKind})  ${row.action} → ${row.verdict}${row.reasons.length > 0 ? `: ${printable(row.reasons.join("; "), 400)}` : ""}`,
    ),
    "Run with --json for the machine-readable result.",
  ];
  return `${lines.join("\n")}\n`;
}
