import type { AuditRow, BreakerRow, EffectRow } from "../../store/store.js";
import { tripTag } from "../../breaker/trip-tag.js";

/** A gated agent pull request or held comment that waits for a maintainer. */
export interface PendingApproval {
  repo: string;
  number: number;
  agent: string;
  kind: string;
  url: string | null;
  since: string;
  reason: string;
}

/**
 * What waits for a human, from the audit log: the last gate of each (repo, number) that no
 * honoured approve or reject came after (a new head gated again is pending again).
 */
export function pendingApprovals(rows: readonly AuditRow[]): PendingApproval[] {
  const byTarget = new Map<string, PendingApproval | null>();
  const ordered = [...rows].sort((a, b) => a.at.localeCompare(b.at) || a.id - b.id);
  for (const row of ordered) {
    if (row.targetNumber === null) continue;
    const key = `${row.repo.toLowerCase()}#${row.targetNumber}`;
    if (row.actorKind === "agent" && row.verdict === "gate") {
      byTarget.set(key, { repo: row.repo, number: row.targetNumber, agent: row.actor, kind: row.action, url: row.targetUrl, since: row.at, reason: row.reasons[0] ?? "" });
    } else if (row.verdict === "command" && /^command\.(.*\+)?(approve|reject)(\+|$)/.test(row.action)) {
      byTarget.set(key, null);
    }
  }
  return [...byTarget.values()].filter((p): p is PendingApproval => p !== null).sort((a, b) => a.since.localeCompare(b.since));
}

/** One trip and how far its containment got (the outbox rows tagged with it). */
export interface TripProgress {
  breaker: BreakerRow;
  applied: number;
  pending: number;
  failed: number;
  /** The incident issue, once its effect was applied. */
  incidentUrl: string | null;
}

/** Containment progress of every breaker that ever tripped, open ones first. */
export function tripProgress(breakers: readonly BreakerRow[], effects: readonly EffectRow[]): TripProgress[] {
  return breakers
    .filter((b) => b.tripId > 0)
    .map((breaker) => {
      const tag = tripTag(breaker.org, breaker.agent, breaker.tripId);
      const mine = effects.filter((e) => e.tag === tag);
      const incident = mine.find((e) => e.effect.kind === "ensure_incident_issue" && typeof e.result?.url === "string");
      return {
        breaker,
        applied: mine.filter((e) => e.status === "applied" || e.status === "planned").length,
        pending: mine.filter((e) => e.status === "pending").length,
        failed: mine.filter((e) => e.status === "failed").length,
        incidentUrl: (incident?.result?.url as string | undefined) ?? null,
      };
    })
    .sort((a, b) => (a.breaker.state === b.breaker.state ? (b.breaker.trippedAt ?? "").localeCompare(a.breaker.trippedAt ?? "") : a.breaker.state === "open" ? -1 : 1));
}
