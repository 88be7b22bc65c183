import { printable } from "../text/printable.js";
import type { AgentBacktest, BacktestReport } from "./summarize-backtest.js";

const COLUMNS: { title: string; cell: (a: AgentBacktest) => string }[] = [
  { title: "AGENT", cell: (a) => printable(a.login, 40) },
  { title: "ACTIONS", cell: (a) => String(a.actions) },
  { title: "GATED PRS", cell: (a) => list(a.gatedPullRequests) },
  { title: "HIDDEN", cell: (a) => String(a.hiddenComments) },
  { title: "HELD", cell: (a) => String(a.heldComments) },
  { title: "FLAGGED ISSUES", cell: (a) => list(a.flaggedIssues) },
  { title: "REVERTED", cell: (a) => String(a.revertedPushes.length) },
  { title: "TRIPS", cell: (a) => (a.trips.length === 0 ? "-" : a.trips.map((t) => `${t.reason} ${t.at}`).join(", ")) },
  { title: "CONTAINED", cell: (a) => String(a.containedOnArrival) },
];

/**
 * The backtest report for people: one table row per agent, then each trip's evidence and what
 * containment would have reached, then the accounts at machine pace. Every value that came from
 * GitHub (logins, evidence) is made printable: it may be an agent's text.
 */
export function renderBacktest(report: BacktestReport): string {
  const lines = [
    `Backtest of ${printable(report.repo)} from ${report.since} to ${report.until}: ${report.events} event(s) replayed in observe mode`,
    "",
  ];
  if (report.agents.length === 0) lines.push("No agent acted in this window.");
  else {
    const rows = [COLUMNS.map((c) => c.title), ...report.agents.map((a) => COLUMNS.map((c) => c.cell(a)))];
    const widths = COLUMNS.map((_, i) => Math.max(...rows.map((r) => (r[i] as string).length)));
    for (const row of rows)
      lines.push(
        row
          .map((cell, i) => cell.padEnd(widths[i] as number))
          .join("  ")
          .trimEnd(),
      );
  }
  for (const agent of report.agents) {
    for (const trip of agent.trips) {
      const reach = Object.entries(trip.containment).map(([kind, n]) => `${kind} ×${n}`);
      lines.push(
        "",
        `${printable(agent.login, 40)} would have tripped the breaker (${trip.reason}) at ${trip.at}: ${printable(trip.evidence, 300)}`,
        `  containment would have reached: ${reach.length === 0 ? "nothing yet" : reach.join(", ")}`,
        ...(trip.times > 1
          ? [
              `  ${trip.times - 1} later action(s) tripped it again in observe mode${trip.alsoOn.length > 0 ? ` (also on ${trip.alsoOn.join(", ")})` : ""}; with the breaker on they are contained on arrival`,
            ]
          : []),
      );
    }
  }
  lines.push("");
  if (report.pace.length === 0) lines.push("No unlisted account acted at machine pace.");
  else {
    lines.push("Accounts not listed as agents that acted at machine pace (the owner would have been alerted):");
    for (const alert of report.pace) lines.push(`  ${printable(alert.login, 40)} at ${alert.at}: ${printable(alert.evidence, 300)}`);
  }
  for (const note of report.notes) lines.push(`note: ${printable(note, 400)}`);
  return `${lines.join("\n")}\n`;
}

function list(numbers: readonly number[]): string {
  if (numbers.length === 0) return "-";
  const shown = numbers
    .slice(0, 6)
    .map((n) => `#${n}`)
    .join(" ");
  return numbers.length > 6 ? `${shown} +${numbers.length - 6}` : shown;
}
