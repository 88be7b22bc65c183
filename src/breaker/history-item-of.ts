import type { HistoryItem } from "../policy/breaker/history-item.js";
import type { AuditRow } from "../store/store.js";

/** Rows of the audit log that are the agent's own actions (not the app's effects, trips or commands). */
export function isAgentAction(row: AuditRow): boolean {
  return row.actorKind === "agent" && !/^(effect|breaker|command|config)\./.test(row.action);
}

/** An audit row as the containment plan reads it. */
export function historyItemOf(row: AuditRow): HistoryItem {
  return {
    at: row.at,
    actor: row.actor,
    repo: row.repo,
    action: row.action,
    verdict: row.verdict,
    targetNumber: row.targetNumber,
    targetNodeId: row.targetNodeId,
    targetSha: row.targetSha,
    url: row.targetUrl,
    detail: row.detail,
    effectKinds: row.effects.map((e) => e.kind),
  };
}
