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

/** Which counters an action kind adds to. */
export function activityClass(kind: string): { comment: boolean; pullRequest: boolean } {
  return {
    comment: /^(issue_comment|pull_request_review_comment|discussion_comment)\.created$|^pull_request_review\.submitted$/.test(kind),
    pullRequest: kind === "pull_request.opened",
  };
}
