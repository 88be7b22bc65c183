/** One past action of an agent, as the audit log recorded it: what containment works from. */
export interface HistoryItem {
  at: string;
  /** Who acted (the agent). */
  actor: string;
  /** `owner/name`. */
  repo: string;
  action: string;
  verdict: string;
  targetNumber: number | null;
  targetNodeId: string | null;
  targetSha: string | null;
  /** Browser URL of what it acted on, when the audit row has one (the incident links what needs a human). */
  url?: string | null;
  detail: Record<string, unknown>;
  /** Kinds of the effects its decision already applied (a push reverted on arrival is not reverted twice). */
  effectKinds: readonly string[];
}
