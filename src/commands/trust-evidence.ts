import { summarizeAgents } from "../owner/agent-summary.js";
import { EVIDENCE_WINDOW_MS } from "../owner/recommend-changes.js";
import type { AuditRow, BreakerRow } from "../store/store.js";

/** How far back a promote's or demote's evidence reaches: the owner's evidence window (four weekly reviews). */
export const TRUST_WINDOW_MS = EVIDENCE_WINDOW_MS;

/**
 * The evidence a `/guardrails promote|demote` pull request carries: the owner's view of one agent
 * over the window (summarizeAgents, as the digest and the dashboard show it), as Markdown lines:
 * its actions by kind and verdict, maintainers' approvals and rejections and the time to approve,
 * what containment undid, its trips with their incidents, what waits for a human, and the
 * recommendations with their numbers. Pure.
 */
export function trustEvidence(rows: readonly AuditRow[], breakers: readonly BreakerRow[], agent: string, from: Date, to: Date): string[] {
  const me = agent.toLowerCase();
  const summary = summarizeAgents({ rows, breakers, from, to, now: to }).find((s) => s.agent.toLowerCase() === me);
  const days = Math.round((to.getTime() - from.getTime()) / 86_400_000);
  if (summary === undefined) return [`no recorded activity of ${agent} in the last ${days} days: no record to judge by`];
  const total = summary.actions.reduce((n, a) => n + a.count, 0);
  const median = summary.medianApproveMs === null ? "" : `, median time to approve ${formatDuration(summary.medianApproveMs)}`;
  return [
    `${total} action(s) in the last ${days} days${summary.repos.length ? ` in ${summary.repos.join(", ")}` : ""}`,
    ...summary.actions.map((a) => `\`${a.kind}\`: ${a.count} ${a.verdict}`),
    `${summary.approvals} approval(s) and ${summary.rejections} rejection(s) by maintainers${median}`,
    `${summary.contained} action(s) undone by containment`,
    summary.trips.length
      ? `${summary.trips.length} trip(s): ${summary.trips.map((t) => `${t.at} (${t.reason})${t.incidentUrl ? ` ${t.incidentUrl}` : ""}`).join(", ")}`
      : "no trips of its circuit breaker",
    `${summary.waiting.length} item(s) waiting for a human now`,
    ...summary.recommendations.map((r) => `recommended: ${r.text} (${r.evidence})`),
  ];
}

function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`;
}
