import { readFile } from "node:fs/promises";
import { pino, type Logger } from "pino";
import { parseConfigFile } from "../config/parse-config-file.js";
import { parseScenario, ScenarioError } from "../sim/scenario.js";
import { printable } from "../text/printable.js";
import type { SimulationResult } from "../sim/simulation-result.js";
import { traceScenario } from "../sim/trace-scenario.js";
import type { TextOutput } from "./text-output.js";

export type { TextOutput } from "./text-output.js";

export const SIMULATE_USAGE = `usage: agent-guardrails simulate SCENARIO.jsonl [--config FILE.yml] [--json]

Runs a scenario (one webhook a line, in virtual time) through the real app against a local GitHub
stand-in, with a fresh temporary store; nothing is sent to github.com (docs/simulate.md).
  --config FILE.yml  the repository's config for the run (replaces the scenario's own); an
                     invalid file stops the run (exit 1) with its problems, as validate prints them
  --json             stdout carries exactly one JSON object (the contract in docs/simulate.md);
                     the app's logs go to stderr (LOG_LEVEL, default warn)
Exit status: 0 ran, 1 could not run (unreadable or invalid scenario or config), 2 bad usage.

examples:
  agent-guardrails simulate examples/scenarios/demo.jsonl
  agent-guardrails simulate examples/scenarios/demo.jsonl --config my-config.yml --json | jq .trips
`;

/** The options `simulate` takes (main.ts parses them by the command table). */
export const SIMULATE_OPTIONS = {
  config: { type: "string" },
  json: { type: "boolean" },
} as const;

/** What `simulate` was asked. */
export interface SimulateInput {
  file: string;
  config: string | undefined;
  json: boolean;
  /** The app's log level (LOG_LEVEL); default warn. */
  logLevel?: string | undefined;
}

/**
 * `agent-guardrails simulate SCENARIO.jsonl [--config FILE.yml] --json` (docs/simulate.md): with
 * --json, stdout carries exactly one JSON object and nothing else — tools parse it — so the app's
 * logs go to stderr. Without --json, a summary for people. A --config the app would reject is an
 * error here: the app would run on the strict defaults, and the run would answer another question
 * than the one asked. Returns the exit code: 0 ran, 1 could not run.
 */
export async function simulateCommand(input: SimulateInput, out: TextOutput, err: TextOutput, log?: Logger): Promise<number> {
  const { file } = input;
  let scenarioText: string;
  let config: string | undefined;
  try {
    scenarioText = await readFile(file, "utf8");
    if (input.config !== undefined) config = await readFile(input.config, "utf8");
  } catch (error) {
    err.write(`cannot read ${(error as NodeJS.ErrnoException).path ?? file}: ${(error as Error).message}\n`);
    return 1;
  }

  if (input.config !== undefined && config !== undefined) {
    const { value, issues } = parseConfigFile(input.config, config);
    if (value === undefined || issues.length > 0) {
      err.write(`${input.config}: invalid config, not simulated (agent-guardrails validate ${input.config} explains):\n`);
      for (const issue of issues) {
        const where = issue.path === "" ? "" : ` ${printable(issue.path, 120)}:`;
        err.write(`${input.config}:${where} ${printable(issue.message, 300)}${issue.line === undefined ? "" : ` (line ${issue.line})`}\n`);
      }
      return 1;
    }
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

  const appLog = log ?? pino({ level: input.logLevel ?? "warn" }, pino.destination({ dest: 2, sync: true }));
  const trace = await traceScenario(scenario, { ...(config !== undefined ? { config } : {}), log: appLog });
  if (input.json) {
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
    ...result.requests.map(
      (r) =>
        `    ${r.method} ${printable(r.path)}${r.operation !== undefined ? ` ${r.operation}` : ""}${r.status !== undefined ? ` → ${r.status}` : ""}`,
    ),
    // Empty unless the app sent something GitHub would refuse: then it is the first thing to fix.
    ...(result.invalid.length === 0
      ? []
      : [
          `  requests GitHub would refuse: ${result.invalid.length}`,
          ...result.invalid.map((i) => `    ${i.method} ${printable(i.path)}: ${printable(i.reason, 400)}`),
        ]),
    `  audit rows: ${result.audit.length}`,
    ...result.audit.map(
      (row) =>
        `    ${row.at}  ${printable(row.actor)} (${row.actorKind})  ${row.action} → ${row.verdict}${row.reasons.length > 0 ? `: ${printable(row.reasons.join("; "), 400)}` : ""}`,
    ),
    "Run with --json for the machine-readable result.",
  ];
  return `${lines.join("\n")}\n`;
}
