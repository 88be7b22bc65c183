import type { AgentAction } from "../policy/agent-action.js";
import type { AuditEntry } from "./store.js";

/**
 * An audit row about one action (its delivery, org, repo and target), for the rows the app adds
 * beside the action's own: trips, resumes. The caller names what happened; the rest is the action's.
 */
export function auditEntryFor(
  action: AgentAction,
  at: Date,
  row: Pick<AuditEntry, "action" | "verdict" | "reasons" | "effects" | "detail"> & Partial<Pick<AuditEntry, "actor" | "actorKind">>,
): AuditEntry {
  return {
    at: at.toISOString(),
    deliveryId: action.deliveryId,
    org: action.org,
    repo: `${action.repo.owner}/${action.repo.repo}`,
    actor: row.actor ?? action.actor.login,
    actorKind: row.actorKind ?? action.actor.kind,
    targetNumber: action.target.number ?? null,
    targetNodeId: null,
    targetUrl: action.target.url ?? null,
    targetSha: action.target.sha ?? null,
    action: row.action,
    verdict: row.verdict,
    reasons: row.reasons,
    effects: row.effects,
    detail: row.detail,
  };
}
