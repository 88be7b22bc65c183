import type { BreakerRow, EffectRow } from "../../store/store.js";
import { tripTag } from "../../breaker/trip-tag.js";

import type { AgentSummary } from "../../owner/agent-summary.js";

/** Something that waits for a maintainer (the digest's "waits for a human"), with the agent it is about. */
export interface PendingApproval {
  repo: string;
  number: number | null;
  agent: string;
  /** `pull_request` (its head not approved), `comment` (held or hidden), `release` (drafted), `incident` (an open breaker). */
  kind: string;
  url: string | null;
  since: string;
}

/** Kinds a maintainer decides with `/guardrails approve|reject` (a release is published by hand, an incident resumed). */
export const DECIDABLE_KINDS: ReadonlySet<string> = new Set(["pull_request", "comment"]);

/** Everything the summaries say waits for a human, oldest first. */
export function pendingApprovals(summaries: readonly AgentSummary[]): PendingApproval[] {
  return summaries
    .flatMap((s) => s.waiting.map((w) => ({ repo: w.repo, number: w.number, agent: s.agent, kind: w.kind, url: w.url, since: w.since })))
    .sort((a, b) => a.since.localeCompare(b.since));
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
    .sort((a, b) =>
      a.breaker.state === b.breaker.state
        ? (b.breaker.trippedAt ?? "").localeCompare(a.breaker.trippedAt ?? "")
        : a.breaker.state === "open"
          ? -1
          : 1,
    );
}
