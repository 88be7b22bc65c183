import type { AuditRow } from "../store/store.js";

/** How far back a promote's or demote's evidence reaches. */
export const TRUST_WINDOW_DAYS = 28;

/**
 * The evidence a `/guardrails promote|demote` pull request carries: what the audit log says of
 * one agent over the window, as Markdown lines (counts by action and verdict, the approvals and
 * rejections of its held comments and PRs, its trips). Pure. A small stand-in for
 * `summarizeAgents` (src/owner/agent-summary.ts), which gives the same view for the digest and
 * the dashboard: this function is the one place to swap when that is used here.
 */
export function trustEvidence(rows: readonly AuditRow[], agent: string, from: Date, to: Date): string[] {
  const me = agent.toLowerCase();
  const inWindow = rows.filter((r) => r.at >= from.toISOString() && r.at < to.toISOString());
  const own = inWindow.filter((r) => r.actor.toLowerCase() === me && r.actorKind === "agent" && !r.action.startsWith("effect.") && !r.action.startsWith("breaker."));
  const byKind = new Map<string, Map<string, number>>();
  for (const row of own) {
    const verdicts = byKind.get(row.action) ?? new Map<string, number>();
    verdicts.set(row.verdict, (verdicts.get(row.verdict) ?? 0) + 1);
    byKind.set(row.action, verdicts);
  }
  // The agent's held comments (from its own rows), then the humans' resolutions of them.
  const heldIds = new Set<number>();
  for (const row of own) for (const held of asArray(row.detail.held)) if (typeof held.commentId === "number") heldIds.add(held.commentId);
  let approvals = 0;
  let rejections = 0;
  for (const row of inWindow) {
    if (!row.action.startsWith("command.")) continue;
    for (const r of asArray(row.detail.resolutions)) {
      if (typeof r.commentId !== "number" || !heldIds.has(r.commentId)) continue;
      if (r.status === "approved") approvals++;
      if (r.status === "rejected") rejections++;
    }
    const approval = row.detail.approval;
    if (approval && typeof approval === "object" && String(row.detail.threadAuthor ?? "").toLowerCase() === me) approvals++;
  }
  const trips = inWindow.filter((r) => r.action === "breaker.tripped" && r.actor.toLowerCase() === me);
  const days = Math.round((to.getTime() - from.getTime()) / 86_400_000);
  const lines = [...byKind]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([kind, verdicts]) => `\`${kind}\`: ${[...verdicts].map(([v, n]) => `${n} ${v}`).join(", ")}`);
  return [
    `${own.length} action(s) in the last ${days} days${own.length ? "" : " (no record to judge by)"}`,
    ...lines,
    `${approvals} approval(s) and ${rejections} rejection(s) by maintainers of what it was gated on`,
    trips.length
      ? `${trips.length} trip(s): ${trips.map((t) => `${t.at} (${String(t.detail.reason ?? "?")})`).join(", ")}`
      : "no trips of its circuit breaker",
  ];
}

function asArray(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter((v): v is Record<string, unknown> => typeof v === "object" && v !== null) : [];
}
