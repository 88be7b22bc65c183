import type { ActionKind } from "../agent-action.js";

/**
 * What an agent did recently, org-wide, counted by the store at the edge (the current action not
 * included): the sliding windows the limits are checked against.
 */
export interface ActivityCounts {
  /** Write actions in the last hour. */
  actionsLastHour: number;
  commentsLastHour: number;
  pullRequestsLastHour: number;
  /** Actions in the last `limits.burst.seconds`. */
  actionsInBurst: number;
  /** Distinct `owner/repo` touched in the last hour. */
  reposLastHour: readonly string[];
  /** The same hour's counts in the action's repository alone (for `limits.per_repo`). */
  inRepo?: { actionsLastHour: number; commentsLastHour: number; pullRequestsLastHour: number };
}

/**
 * The kinds that count as comments: text an agent posts where people read it (a discussion an
 * agent opens and a commit comment are comments too). The store's SQL counts these same kinds.
 */
export const COMMENT_KINDS: readonly ActionKind[] = [
  "issue_comment.created",
  "pull_request_review_comment.created",
  "discussion_comment.created",
  "pull_request_review.submitted",
  "discussion.created",
  "commit_comment.created",
];

/**
 * Kinds that are not a write of their own and so add to no counter: a workflow run is started by
 * a push, a pull request or a dispatch that is counted already (one push can start a dozen runs,
 * which would trip `burst` on a single write).
 */
export const UNCOUNTED_KINDS: readonly ActionKind[] = ["workflow_run.requested"];

/**
 * Which counters an agent's action adds to: every write is an action (only agents' actions are
 * counted: a person's Re-run of the check is not an agent action and gets no activity row).
 */
export function activityClass(kind: string): { action: boolean; comment: boolean; pullRequest: boolean } {
  const counted = !(UNCOUNTED_KINDS as readonly string[]).includes(kind);
  return {
    action: counted,
    comment: counted && (COMMENT_KINDS as readonly string[]).includes(kind),
    pullRequest: kind === "pull_request.opened",
  };
}
