/** One past action of an agent, as the audit log recorded it: what containment works from. */
export interface HistoryItem {
  at: string;
  /** `owner/name`. */
  repo: string;
  action: string;
  verdict: string;
  targetNumber: number | null;
  targetNodeId: string | null;
  targetSha: string | null;
  detail: Record<string, unknown>;
}
