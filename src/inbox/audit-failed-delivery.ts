import type { InboxRow, Store } from "../store/store.js";

/**
 * The last resort, when not even the strict fallback could decide a delivery: one audit row
 * (`delivery.failed`) with what the payload says of it; the inbox keeps the row `failed`, with
 * its payload, for a human.
 */
export async function auditFailedDelivery(store: Store, at: Date, row: InboxRow, error: unknown): Promise<void> {
  let payload: { repository?: { full_name?: string; owner?: { login?: string } }; sender?: { login?: string }; action?: string } = {};
  try {
    payload = (JSON.parse(row.payload ?? "{}") as typeof payload) ?? {};
  } catch {
    // Audited with what the row itself says.
  }
  const repo = payload.repository?.full_name ?? "";
  await store.appendAudit({
    at: at.toISOString(),
    deliveryId: row.deliveryId,
    org: payload.repository?.owner?.login ?? repo.split("/")[0] ?? "",
    repo,
    actor: payload.sender?.login ?? "",
    actorKind: "human",
    action: "delivery.failed",
    targetNumber: null,
    targetNodeId: null,
    targetUrl: null,
    targetSha: null,
    verdict: "failed",
    reasons: [
      `could not be processed after ${row.attempts + 1} attempts: ${error instanceof Error ? error.message : String(error)}; kept in the inbox as failed`,
    ],
    effects: [],
    detail: { event: row.event, action: payload.action ?? null, attempts: row.attempts + 1 },
  });
}
