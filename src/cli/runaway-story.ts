import type { RecordedRequest } from "../sim/github-stand-in.js";
import type { Scenario } from "../sim/scenario.js";
import { TRIP_ACTION } from "../sim/simulation-result.js";
import type { EventTrace, SimulationTrace } from "../sim/trace-scenario.js";
import type { AuditRow } from "../store/store.js";
import { describeEvent } from "./describe-event.js";
import { printable } from "../text/printable.js";
import { writePace, type PaceMoment } from "./write-pace.js";

/**
 * Acts 2 and 3 of the demo, told from what the app wrote and sent (audit rows and requests),
 * never from the scenario's intent: a flood of agent actions is one line per run of alike
 * decisions, the trip and what it set off (the source stopped, the incident, the paced drain)
 * are spelled out, and so is the undo. `act3From` is the index of act 3's first event: the rows
 * and writes before its virtual time are act 2's.
 */
export function runawayStory(trace: SimulationTrace, scenario: Scenario, act3From: number): { act2: string[]; act3: string[] } {
  const { result } = trace;
  const act3At = trace.events[act3From]?.at ?? "9999";
  const act2Rows = result.audit.filter((row) => row.at < act3At);
  const act3Rows = result.audit.filter((row) => row.at >= act3At);
  const payloadOf = (event: EventTrace) => scenario.events.find((e) => e.line === event.line)?.payload ?? {};
  const eventLines = (events: EventTrace[]) =>
    groupEvents(events, result.audit).flatMap((group) => describeGroup(group, result.audit, result.requests, payloadOf));

  const act2 = eventLines(trace.events.slice(0, act3From));
  act2.push(...tripConsequences(act2Rows, result.requests));
  act2.push(
    ...paceLines(
      "Containment drains within GitHub's write limits (virtual clock; writes = effects applied):",
      writePace(result.audit, "", act3At),
    ),
  );
  for (const row of act2Rows.filter((r) => r.action === "breaker.contained"))
    act2.push(`  Contained: ${printable(row.reasons[0] ?? "", 200)}`);

  const act3 = eventLines(trace.events.slice(act3From));
  act3.push(...paceLines("The undo drains within the same limits:", writePace(result.audit, act3At)));
  act3.push(...undoOutcome(act3Rows, act2Rows));
  return { act2, act3 };
}

/**
 * Consecutive events by the same sender whose decisions have the same verdicts (a flood's comments
 * and issues, all allowed) are one group; an event without a decision, or with a trip or a
 * command, is its own.
 */
function groupEvents(events: EventTrace[], audit: AuditRow[]): EventTrace[][] {
  const groups: EventTrace[][] = [];
  let previous: string | undefined;
  for (const event of events) {
    const rows = audit.filter((row) => row.deliveryId === event.deliveryId && !row.action.startsWith("effect."));
    const alone = rows.length === 0 || rows.some((row) => row.action.startsWith("breaker.") || row.action.startsWith("command."));
    const key = alone ? undefined : `${event.sender ?? ""} ${rows.map((row) => row.verdict).join(",")}`;
    if (key !== undefined && key === previous) groups.at(-1)!.push(event);
    else groups.push([event]);
    previous = key;
  }
  return groups;
}

function describeGroup(
  group: EventTrace[],
  audit: AuditRow[],
  requests: RecordedRequest[],
  payloadOf: (event: EventTrace) => Record<string, unknown>,
): string[] {
  const first = group[0]!;
  const rows = audit.filter((row) => group.some((event) => event.deliveryId === row.deliveryId) && !row.action.startsWith("effect."));
  const decisions = rows.filter((row) => row.action !== TRIP_ACTION && row.action !== "breaker.resumed");
  const who = `${printable(first.sender ?? "someone", 60)}${decisions[0] ? ` (${decisions[0].actorKind})` : ""}`;
  if (group.length === 1) {
    const lines = [`  ${clock(first.at)}  ${who} ${describeEvent(first.name, payloadOf(first))}`];
    if (rows.length === 0) lines.push("       nothing to decide: not an agent action and not a command (no audit row)");
    for (const row of rows) {
      const label =
        row.action === TRIP_ACTION ? "BREAKER TRIPPED" : row.action === "breaker.resumed" ? "breaker closed" : `decided: ${row.verdict}`;
      lines.push(`       ${label} (${row.action})`);
      for (const reason of row.reasons) lines.push(`         - ${printable(reason, 300)}`);
    }
    const sent = requests.slice(first.requestsFrom, first.requestsTo);
    lines.push(
      sent.length === 0 ? "       no request to GitHub" : `       ${sent.length} request(s) to GitHub: ${summarizeRequests(sent)}`,
    );
    return lines;
  }
  // A run of alike events: what they were, and how each kind of decision read (first reason, and how many).
  const kinds = new Map<string, number>();
  for (const event of group) {
    const kind =
      event.name === "issue_comment"
        ? "comments"
        : event.name === "issues"
          ? `issues ${event.action ?? ""}`.trim()
          : `${event.name}${event.action ? `.${event.action}` : ""}`;
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  const lines = [
    `  ${clock(first.at)}–${clock(group.at(-1)!.at)}  ${who} ×${group.length}: ${[...kinds].map(([kind, n]) => `${n} ${kind}`).join(", ")}`,
  ];
  const verdicts = new Map<string, AuditRow[]>();
  for (const row of decisions) verdicts.set(`${row.action} ${row.verdict}`, [...(verdicts.get(`${row.action} ${row.verdict}`) ?? []), row]);
  for (const [, same] of verdicts) {
    const row = same[0]!;
    lines.push(`       decided: ${row.verdict} (${row.action}) ×${same.length}, e.g. ${printable(row.reasons.at(-1) ?? "", 200)}`);
  }
  const sent = group.reduce((n, event) => n + event.requestsTo - event.requestsFrom, 0);
  lines.push(sent === 0 ? "       no request to GitHub as they arrived" : `       ${sent} request(s) to GitHub`);
  return lines;
}

/** What the trip set off at once: the source stopped (unassigned; cut off, or what a human must do), the incident. */
function tripConsequences(rows: AuditRow[], requests: RecordedRequest[]): string[] {
  const trip = rows.find((row) => row.action === TRIP_ACTION);
  if (trip === undefined) return ["  The breaker did not trip."];
  const lines = ["", `  What the trip set off (${clock(trip.at)}):`];
  const unassigned = rows
    .filter((row) => row.action === "effect.unassign_agent" && row.verdict === "applied")
    .flatMap((row) => (Array.isArray(row.detail.unassigned) ? row.detail.unassigned : []));
  lines.push(
    unassigned.length > 0
      ? `  - the source first: ${printable(String(trip.detail.agent ?? trip.actor), 60)} unassigned from ${unassigned.map((n) => `#${String(n)}`).join(", ")}, so its work there stops`
      : "  - the agent was assigned to nothing open: nothing to unassign",
  );
  const cutOff = rows.filter(
    (row) => (row.action === "effect.remove_collaborator" || row.action === "effect.block_user") && row.verdict === "applied",
  );
  const incidents = rows.filter((row) => row.action === "effect.ensure_incident_issue" && row.verdict === "applied");
  const created = incidents.find((row) => row.detail.created === true);
  const incidentBody = requests.find((r) => r.method === "POST" && /^\/repos\/[^/]+\/[^/]+\/issues$/.test(r.path) && r.status === 201)
    ?.body as { title?: unknown; body?: unknown } | undefined;
  if (cutOff.length > 0)
    lines.push(`  - cut off for real (breaker.cut_off): ${cutOff.map((row) => row.action.slice("effect.".length)).join(", ")}`);
  else {
    const how =
      typeof incidentBody?.body === "string" ? incidentBody.body.split("\n").find((line) => line.startsWith("To cut ")) : undefined;
    lines.push(
      `  - not cut off (breaker.cut_off is empty); the incident tells a human how: ${how !== undefined ? `“${printable(how, 500)}”` : "(no instructions found)"}`,
    );
  }
  if (created !== undefined) {
    const title = typeof incidentBody?.title === "string" ? ` “${printable(incidentBody.title, 80)}”` : "";
    const owner = typeof incidentBody?.body === "string" ? /^@([\w-]+)/.exec(incidentBody.body)?.[1] : undefined;
    const opened = incidents.filter((row) => row.detail.created === true).length;
    lines.push(
      `  - incident #${String(created.detail.issueNumber)}${title} opened for ${owner ? `the owner @${owner}` : "the owner"}: created ${opened} time(s), updated ${incidents.length - opened} time(s) (when containment finished)`,
    );
  }
  return lines;
}

/** The virtual clock and the write budget at each moment the app wrote. */
function paceLines(title: string, moments: PaceMoment[]): string[] {
  if (moments.length === 0) return [];
  const lines = ["", `  ${title}`];
  for (const moment of moments) {
    const budget = moment.windows
      .map((w) => `${w.used}/${w.count} in ${w.windowMs >= 3_600_000 ? "the hour" : "the minute"}${w.creatingOnly ? " (creating)" : ""}`)
      .join(", ");
    const kinds = [...moment.kinds].map(([kind, n]) => `${kind} ×${n}`).join(", ");
    lines.push(`    ${clock(moment.at)}  ${String(moment.writes).padStart(3)} write(s)  [${budget}]  ${kinds}`);
  }
  return lines;
}

/** What `--undo` gave back, from the effects applied and the app's reply. */
function undoOutcome(rows: AuditRow[], before: AuditRow[]): string[] {
  const count = (kind: string) => rows.filter((row) => row.action === `effect.${kind}` && row.verdict === "applied").length;
  const lines = [""];
  const resumed = rows.find((row) => row.action === "breaker.resumed");
  if (resumed === undefined) return [...lines, "  The breaker was not resumed."];
  lines.push(
    `  Given back: ${count("unminimize_comment")} hidden comment(s) shown again, ${count("reopen_issue")} closed issue(s) reopened, ${count("assign_agent") > 0 ? "the agent assigned again" : "no assignment to give back"}`,
  );
  const held = before.filter((row) => row.action === "effect.delete_comment" && row.verdict === "applied").length;
  if (held > 0)
    lines.push(
      `  Still held: ${held} comment(s) deleted on arrival after the trip; their text is in the audit log and /guardrails approve posts them again`,
    );
  const reply = rows.find((row) => row.action === "effect.create_comment" && row.verdict === "applied");
  const body = reply?.effects.find((e) => e.kind === "create_comment");
  if (body !== undefined && body.kind === "create_comment")
    lines.push(`  The app answered on #${body.number}: “${printable(body.body, 200)}”`);
  return lines;
}

/** Requests in one line: each distinct call once, with how many times it was sent. */
function summarizeRequests(requests: RecordedRequest[]): string {
  const counts = new Map<string, number>();
  for (const request of requests) {
    const key =
      request.operation !== undefined
        ? `${request.method} /graphql ${request.operation}`
        : `${request.method} ${printable(request.path.replace(/\/\d+(?=\/|$)/g, "/{n}"), 100)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, n]) => (n > 1 ? `${key} ×${n}` : key)).join("; ");
}

/** The virtual clock as hh:mm:ss. */
function clock(iso: string): string {
  return iso.slice(11, 19);
}
