import { mkdir, readFile, rm } from "node:fs/promises";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import { parseScenario } from "../sim/scenario.js";
import { traceScenario, type EventTrace } from "../sim/trace-scenario.js";
import type { AuditRow } from "../store/store.js";
import { describeEvent } from "./describe-event.js";
import { describeRequest } from "./describe-request.js";
import { printable } from "../text/printable.js";
import { runawayStory } from "./runaway-story.js";
import type { TextOutput } from "./text-output.js";

/** The bundled scenarios (examples/ ships in the package, beside lib/), one per act. */
const scenarioPath = (name: string) => fileURLToPath(new URL(`../../examples/scenarios/${name}`, import.meta.url));
const ACT1 = "demo.jsonl";
const ACT2 = "demo-act2-runaway.jsonl";
/** Act 2 followed by the resume: a scenario is one run of the app, so the act that undoes a trip holds it. */
const ACT3 = "demo-act3-resume-undo.jsonl";

/** Where the demo keeps its audit log, so that it can be queried afterwards. */
export const DEMO_DATABASE = "data/demo.db";

/** Where acts 2 and 3 keep theirs: a run of its own, beside the first (`data/demo-runaway.db`). */
export function runawayDatabase(database: string): string {
  return database.endsWith(".db") ? `${database.slice(0, -3)}-runaway.db` : `${database}-runaway.db`;
}

export const DEMO_USAGE = `usage: agent-guardrails demo [--db FILE]

Runs the bundled scenarios (examples/scenarios/demo*.jsonl) through the real app against a local
GitHub stand-in, in virtual time, and tells what it did in three acts: an agent's work gated; a
runaway agent tripping the breaker, stopped and contained; a maintainer's resume with --undo.
  --db FILE  where act 1 keeps its audit log (default ${DEMO_DATABASE}; acts 2 and 3 beside it, in
             ${runawayDatabase(DEMO_DATABASE)}); both are deleted and recreated each run
Exit status: 0 told, 1 could not run, 2 bad usage.
`;

/** The options `demo` takes (main.ts parses them by the command table). */
export const DEMO_OPTIONS = {
  db: { type: "string" },
} as const;

/**
 * `agent-guardrails demo` (`npm run demo`): three acts through the real app against the local
 * GitHub stand-in, in virtual time, each with a persistent store recreated each run. Act 1: an
 * agent's PR gated, spoofed and self-approvals refused, a maintainer's approval honoured, a
 * human's PR untouched, the agent's reply to an outsider held until approved. Act 2: a runaway
 * agent floods comments and issues; the breaker trips, the source is stopped, containment drains
 * within GitHub's write limits, the incident opens. Act 3: a maintainer resumes with `--undo`.
 * Every line comes from the app's audit rows and the requests it sent.
 */
export async function demoCommand(
  input: { db: string | undefined; logLevel?: string | undefined },
  out: TextOutput,
  err: TextOutput,
): Promise<number> {
  const database = resolve(input.db ?? DEMO_DATABASE);
  const runaway = runawayDatabase(database);
  for (const file of [database, runaway])
    for (const suffix of ["", "-wal", "-shm", "-journal"]) await rm(`${file}${suffix}`, { force: true });
  await mkdir(dirname(database), { recursive: true });

  const log = pino({ level: input.logLevel ?? "silent" }, pino.destination({ dest: 2, sync: true }));
  const act1 = parseScenario(await readFile(scenarioPath(ACT1), "utf8"));
  const act2Text = await readFile(scenarioPath(ACT2), "utf8");
  const act3Text = await readFile(scenarioPath(ACT3), "utf8");
  if (!act3Text.startsWith(act2Text)) {
    err.write(`examples/scenarios/${ACT3} must begin with ${ACT2} (regenerate both: node scripts/write-demo-scenarios.mjs)\n`);
    return 1;
  }
  const act2Lines = act2Text.split("\n").filter((line) => line.trim() !== "").length;
  const acts23 = parseScenario(act3Text);
  const first = await traceScenario(act1, { databaseFile: database, log });
  const second = await traceScenario(acts23, { databaseFile: runaway, log });
  const { world } = act1;

  const lines: string[] = [
    `agent-guardrails demo: ${world.owner}/${world.repo} in three acts, ${act1.events.length + acts23.events.length} webhooks in virtual time, against a local GitHub stand-in`,
    `(nothing is sent to github.com; the app is the real one, its GitHub is simulated)`,
    "",
    `Act 1: an agent's everyday work, gated (examples/scenarios/${ACT1})`,
    "",
  ];
  const seen = new Set<string>();
  first.events.forEach((event, index) => {
    lines.push(
      ...reportEvent(
        index + 1,
        event,
        act1.events[index]?.payload ?? {},
        first.result.audit,
        seen,
        first.result.requests.slice(event.requestsFrom, event.requestsTo),
      ),
    );
    seen.add(event.deliveryId);
    lines.push("");
  });
  const swept = first.result.requests.slice(first.sweep.requestsFrom, first.sweep.requestsTo);
  lines.push(
    swept.length === 0 ? "Outbox sweep at the end: nothing was left pending." : "Outbox sweep at the end applied what was left pending:",
  );
  lines.push(...swept.map((r) => `     → ${describeRequest(r)}`));

  const act3From = second.events.findIndex((event) => event.line > act2Lines);
  const story = runawayStory(second, acts23, act3From < 0 ? second.events.length : act3From);
  lines.push(
    "",
    `Act 2: a runaway agent, trusted here (its comments and issues allowed), floods the repository (examples/scenarios/${ACT2})`,
    "",
    ...story.act2,
  );
  lines.push(
    "",
    `Act 3: a maintainer finds it a false positive and resumes with --undo (examples/scenarios/${ACT3}: act 2, then the resume)`,
    "",
    ...story.act3,
  );
  const pending = [...first.result.pending, ...second.result.pending];
  lines.push(
    "",
    pending.length === 0
      ? "Nothing was left pending at the end of either run."
      : `Left pending: ${pending.map((p) => `${p.kind} (${printable(p.reason, 80)})`).join(", ")}`,
  );

  const results = [first.result, second.result];
  const sum = (f: (r: (typeof results)[number]) => number) => results.reduce((n, r) => n + f(r), 0);
  const requests = sum((r) => r.requests.length);
  const writes = sum((r) => r.requests.filter((q) => q.method !== "GET").length);
  const invalid = results.flatMap((r) => r.invalid);
  const trips = results.flatMap((r) => r.trips);
  const shown = (file: string) => relative(process.cwd(), file) || file;
  lines.push(
    "",
    "Summary",
    `  ${sum((r) => r.events)} events, ${sum((r) => r.agentActions)} agent actions, ${trips.length} breaker trip(s)${trips.map((t) => `: ${printable(t.actor, 60)} (${t.reason}) at ${t.at.slice(11, 19)}`).join("")}`,
    `  ${requests} requests to GitHub: ${requests - writes} reads, ${writes} writes`,
    invalid.length === 0
      ? "  every request valid against GitHub's published REST description and GraphQL schema"
      : `  ${invalid.length} request(s) GitHub would refuse: ${invalid.map((i) => `${i.method} ${printable(i.path)}: ${printable(i.reason, 200)}`).join("; ")}`,
    `  ${sum((r) => r.audit.length)} audit rows`,
    "",
    `The audit logs are in ${shown(database)} (act 1) and ${shown(runaway)} (acts 2 and 3), SQLite. Query them with:`,
    `  npx agent-guardrails audit --db ${shown(database)}`,
    `  npx agent-guardrails audit --db ${shown(runaway)} --actor Copilot`,
    `Run any scenario (machine-readable): npx agent-guardrails simulate examples/scenarios/${ACT3} --json`,
  );
  out.write(`${lines.join("\n")}\n`);
  return 0;
}

function reportEvent(
  n: number,
  event: EventTrace,
  payload: Record<string, unknown>,
  audit: AuditRow[],
  seen: Set<string>,
  requests: AuditRequest[],
): string[] {
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
      lines.push(
        `     effects: ${effects.map((r) => `${r.action.slice("effect.".length)} ${r.verdict}${typeof r.detail.error === "string" ? ` (${printable(r.detail.error, 80)})` : ""}`).join(", ")}`,
      );
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
