import type { AuditEntry } from "../../src/store/store.js";

/**
 * An agent's `pull_request.opened` audit entry on acme/widgets#7 with nothing else recorded; a
 * test names only what it is about.
 */
export function auditEntry(over: Partial<AuditEntry> = {}): AuditEntry {
  return {
    at: "2025-03-01T10:00:00.000Z",
    deliveryId: null,
    org: "acme",
    repo: "acme/widgets",
    actor: "copilot-swe-agent[bot]",
    actorKind: "agent",
    action: "pull_request.opened",
    targetNumber: 7,
    targetNodeId: null,
    targetUrl: null,
    targetSha: null,
    verdict: "gated",
    reasons: [],
    effects: [],
    detail: {},
    ...over,
  };
}
