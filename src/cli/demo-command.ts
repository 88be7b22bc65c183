import { mkdir, readFile, rm } from "node:fs/promises";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { pino } from "pino";
import { parseScenario } from "../sim/scenario.js";
import { traceScenario, type EventTrace } from "../sim/trace-scenario.js";
import type { AuditRow } from "../store/store.js";
import { describeEvent } from "./describe-event.js";
import { describeRequest } from "./describe-request.js";
import { printable } from "./printable.js";
import type { TextOutput } from "./simulate-command.js";

/** The bundled scenario (examples/ ships in the package, beside lib/). */
const DEMO_SCENARIO = fileURLToPath(new URL("../../examples/scenarios/demo.jsonl", import.meta.url));

/** Where the demo keeps its audit log, so that it can be queried afterwards. */
export const DEMO_DATABASE = "data/demo.db";

/**
 * `agent-guardrails demo` (`npm run demo`): runs the bundled scenario — an agent's PR gated,
 * spoofed and self-approvals refused, a maintainer's approval honoured, a human's PR untouched,
 * the agent's reply to an outsider held until a maintainer approves it —
 * through the real app against the local GitHub stand-in, with a persistent store recreated each
 * run, and prints what happened, what the app decided and why, and every request it sent.
 */
export async function demoCommand(argv: string[], out: TextOutput, err: TextOutput): Promise<number> {
  let values: { db?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: { db: { type: "string" }, help: { type: "boolean", short: "h" } } }));
  } catch (error) {
    err.write(`${(error as Error).message}\nusage: agent-guardrails demo [--db FILE]\n`);
    return 2;
  }
  if (values.help) {
    out.write(`usage: agent-guardrails demo [--db FILE]   (default ${DEMO_DATABASE}, deleted and recreated each run)\n`);
    return 0;
  }
  const database = resolve(values.db ?? DEMO_DATABASE);
  for (const suffix of ["", "-wal", "-shm", "-journal"]) await rm(`${database}${suffix}`, { force: true });
  await mkdir(dirname(database), { recursive: true });

  const scenario = parseScenario(await readFile(DEMO_SCENARIO, "utf8"));
  const log = pino({ level: process.env.LOG_LEVEL ?? "silent" }, pino.destination({ dest: 2, sync: true }));
  const trace = await traceScenario(scenario, { databaseFile: database, log });
  const { result } = trace;
  const { world } = scenario;

  const lines: string[] = [
    `agent-guardrails demo: ${world.owner}/${world.repo}, ${scenario.events.length} webhooks in virtual time, against a local GitHub stand-in`,
    `(nothing is sent to github.com; the app is the real one, its GitHub is simulated)`,
    "",
  ];
  const seen = new Set<string>();
  trace.events.forEach((event, index) => {
    lines.push(...reportEvent(index + 1, event, scenario.events[index]?.payload ?? {}, result.audit, seen, result.requests.slice(event.requestsFrom, event.requestsTo)));
    seen.add(event.deliveryId);
    lines.push("");
  });
  const swept = result.requests.slice(trace.sweep.requestsFrom, trace.sweep.requestsTo);
  lines.push(swept.length === 0 ? "Outbox sweep at the end: nothing was left pending." : "Outbox sweep at the end applied what was left pending:");
  lines.push(...swept.map((r) => `     → ${describeRequest(r)}`));

  const writes = result.requests.filter((r) => r.method !== "GET").length;
  const display = relative(process.cwd(), database) || database;
  lines.push(
    "",
    "Summary",
    `  ${result.events} events, ${result.agentActions} agent actions, ${result.trips.length} breaker trips`,
    `  ${result.requests.length} requests to GitHub: ${result.requests.length - writes} reads, ${writes} writes`,
    result.invalid.length === 0
      ? "  every request valid against GitHub's published REST description and GraphQL schema"
      : `  ${result.invalid.length} request(s) GitHub would refuse: ${result.invalid.map((i) => `${i.method} ${printable(i.path)}: ${printable(i.reason, 200)}`).join("; ")}`,
    `  ${result.audit.length} audit rows`,
    "",
    `The audit log is in ${display} (SQLite). Query it with:`,
    `  npx agent-guardrails audit --db ${display}`,
    `Run any scenario (machine-readable): npx agent-guardrails simulate examples/scenarios/demo.jsonl --json`,
  );
  out.write(`${lines.join("\n")}\n`);
  return 0;
}

function reportEvent(n: number, event: EventTrace, payload: Record<string, unknown>, audit: AuditRow[], seen: Set<string>, requests: AuditRequest[]): string[] {
  const rows = audit.filter((row) => row.deliveryId === event.deliveryId);
  const decision = rows.find((row) => !row.action.startsWith("effect."));
  const who = event.sender ?? "someone";
  const kind = decision ? ` (${decision.actorKind})` : "";
  const lines = [`${n}. ${event.at.slice(11, 16)}  ${printable(who, 60)}${kind} ${describeEvent(event.name, payload)}`];
  if (event.error !== undefined) {
    lines.push(`     the app rejected this delivery: ${printable(event.error)}`);
  } else if (seen.has(event.deliveryId)) {
    lines.push(`     a redelivery of ${printable(event.deliveryId, 60)}: already handled, nothing done again`);
  } else if (rows.length === 0) {
    lines.push("     nothing to decide: not an agent action and not a command (no audit row)");
  } else {
    for (const row of rows.filter((r) => !r.action.startsWith("effect."))) {
      lines.push(`     decided: ${row.verdict} (${row.action})`);
      for (const reason of row.reasons) lines.push(`       - ${printable(reason, 300)}`);
    }
    const effects = rows.filter((r) => r.action.startsWith("effect."));
    if (effects.length > 0) {
      lines.push(`     effects: ${effects.map((r) => `${r.action.slice("effect.".length)} ${r.verdict}${typeof r.detail.error === "string" ? ` (${printable(r.detail.error, 80)})` : ""}`).join(", ")}`);
    }
  }
  if (requests.length === 0) lines.push("     no request to GitHub");
  else {
    lines.push("     requests to GitHub:");
    lines.push(...requests.map((r) => `       → ${describeRequest(r)}`));
  }
  return lines;
}

type AuditRequest = Parameters<typeof describeRequest>[0];
