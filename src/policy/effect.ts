/**
 * Effects are intended changes on GitHub, as data. The policy returns them; the outbox persists
 * them; the executor is the only place that turns them into requests. Every effect must be
 * idempotent when applied twice (at-least-once delivery from the outbox).
 */

import type { CommentSurface } from "./held-comment.js";

/** Labels the app owns (docs/design.md "Visible markers"). */
export const LABELS = {
  pending: "agent:pending-approval",
  flagged: "agent:flagged",
  halted: "agent:halted",
  /** Work with evidence of an agent on a person's account (docs/agents.md "Tiers"). */
  suspected: "agent:suspected",
  assisted: "agent:assisted",
} as const;

/** Check run name every PR gets (docs/design.md "Visible markers"). */
export const CHECK_NAME = "agent-guardrails";

/** Check run that reports an invalid config on the commit that changed it. */
export const CONFIG_CHECK_NAME = "agent-guardrails/config";

/**
 * Hidden agent comments are minimized as OUTDATED: the mildest reason GitHub offers, it reads
 * as "superseded" rather than accusing anyone, and unlike SPAM or ABUSE it feeds no abuse
 * signal against the agent's account.
 */
export const HIDE_CLASSIFIER = "OUTDATED" as const;

/** GraphQL `ReportedContentClassifiers` accepted by `minimizeComment`. */
export type MinimizeClassifier = "ABUSE" | "DUPLICATE" | "OFF_TOPIC" | "OUTDATED" | "RESOLVED" | "SPAM";

/** One intended change. `number` is the issue or PR number in the action's repository. */
export type Effect =
  | { kind: "convert_to_draft"; prNodeId: string; number: number }
  | { kind: "close_pull_request"; number: number }
  | {
      kind: "ensure_check_run";
      /** Defaults to CHECK_NAME; config problems use CONFIG_CHECK_NAME. */
      name?: string;
      /** The PR the check gates; absent for a check on a default-branch commit. */
      number?: number;
      headSha: string;
      conclusion: "action_required" | "success" | "failure";
      title: string;
      summary: string;
    }
  | { kind: "add_label"; number: number; label: string }
  | { kind: "remove_label"; number: number; label: string }
  | { kind: "dismiss_review"; number: number; reviewId: number; message: string }
  | {
      kind: "create_comment";
      /** The issue, PR or discussion number of the thread. */
      number: number;
      body: string;
      /** Set for discussions (GraphQL addDiscussionComment). */
      discussionNodeId?: string;
      /** In a discussion: the top-level comment to reply under (GitHub nests one level only). */
      replyToNodeId?: string;
      /** On a PR: the root review comment of the thread to reply in (the replies endpoint). */
      reviewCommentId?: number;
      /** On a PR: start a review thread here again (its root was the held comment, now deleted). */
      reviewAnchor?: { commitId: string; path: string; line?: number; side?: "LEFT" | "RIGHT" };
      /** A re-post of this held comment (its id): the marker looked up before posting, so it is posted once. */
      repostOf?: number;
      /** A reply that must be posted once (a promote's link to its pull request): the marker's key, looked up before posting. */
      once?: string;
    }
  | { kind: "minimize_comment"; nodeId: string; classifier: MinimizeClassifier }
  | { kind: "unminimize_comment"; nodeId: string }
  | { kind: "delete_comment"; surface: CommentSurface; commentId: number; nodeId: string }
  | { kind: "close_issue"; number: number }
  | { kind: "reopen_issue"; number: number }
  | { kind: "reopen_pull_request"; number: number }
  /** Undo an agent's push to `ref`: a new commit with the parent's tree when `sha` is still the tip (a revert PR when the branch is protected), else escalated. */
  | { kind: "revert_push"; ref: string; sha: string; before: string; paths: string[] }
  /** GraphQL revertPullRequest: opens a revert PR for an agent's merge. */
  | { kind: "revert_merge"; prNodeId: string; number: number }
  /** Stop the source: the agent unassigned from every open issue and PR of a repository. */
  | { kind: "unassign_agent"; login: string }
  /** One open incident issue per agent trip, found by title before one is created. */
  | {
      kind: "ensure_incident_issue";
      title: string;
      body: string;
      labels: string[];
      /** Assigned when the issue is opened: the accountable owner. */ assignees?: string[];
    }
  /**
   * Put back an issue's or pull request's title and body (PATCH /issues/{n}: a PR is an issue
   * there): the text a human wrote, from the edit's `changes.*.from`, or the last approved text.
   */
  | {
      kind: "restore_issue_text";
      number: number;
      title?: string;
      body?: string;
      /** The agent's text this puts aside, when known: what `resume --undo` puts back. */
      replaced?: { title?: string; body?: string };
    }
  /** Put back a comment's text where it lives (issue, review, discussion or commit comment). */
  | { kind: "restore_comment_text"; surface: CommentSurface; commentId: number; nodeId: string; body: string; replaced?: { body?: string } }
  /** A discussion's title and body (GraphQL updateDiscussion). */
  | {
      kind: "restore_discussion_text";
      discussionNodeId: string;
      title?: string;
      body?: string;
      replaced?: { title?: string; body?: string };
    }
  /** GraphQL deleteDiscussion: an agent's outward-facing discussion under `hold` (its text kept in the audit log). */
  | { kind: "delete_discussion"; discussionNodeId: string; number: number }
  /** GraphQL createDiscussion: a held discussion re-posted on approval; the marker is looked up first. */
  | { kind: "create_discussion"; repositoryNodeId: string; categoryNodeId: string; title: string; body: string; repostOf?: number }
  /** GraphQL disablePullRequestAutoMerge; already off is success. */
  | { kind: "disable_auto_merge"; prNodeId: string; number: number }
  /** DELETE /pulls/{n}/requested_reviewers: an agent requesting its own (or another agent's) review. */
  | { kind: "remove_requested_reviewer"; number: number; login: string }
  /** GraphQL markPullRequestReadyForReview: the undo of a containment draft. */
  | { kind: "mark_ready_for_review"; prNodeId: string; number: number }
  /**
   * DELETE /git/refs/{ref} (`heads/x` or `tags/x`): a branch or tag an agent created. With `sha`,
   * only while the ref still points there (else escalated: someone built on it); gone is success.
   */
  | { kind: "delete_ref"; ref: string; sha?: string }
  /** POST /git/refs: a branch an agent deleted, restored at the last sha the app saw; there at that sha is success. */
  | { kind: "create_ref"; ref: string; sha: string }
  /** POST /actions/runs/{id}/cancel (needs `actions: write`, opt-in); a finished run is success. */
  | { kind: "cancel_workflow_run"; runId: number }
  /** PATCH /releases/{id} `draft`: an agent's release back to draft (`policy.release: draft`), or published again on undo. */
  | { kind: "set_release_draft"; releaseId: number; draft: boolean }
  /** The undo of `unassign_agent`: the agent assigned again to the issues and PRs it was taken off. */
  | { kind: "assign_agent"; login: string; numbers: number[] }
  /**
   * Stop the source for real (`breaker.cut_off`, opt-in): remove a user-account agent as a
   * collaborator of the repository (`administration: write`) or block it org-wide
   * (`organization_user_blocking: write`).
   */
  | { kind: "cut_off_agent"; login: string; how: CutOff }
  /**
   * `/guardrails promote|demote`: a pull request against the config file on the default branch,
   * from `branch` (looked up before it is created: one PR per request), that adds or changes the
   * agent's `agents:` entry; then `reply` in the command's thread, its `{pull_request}` the PR's URL.
   */
  | {
      kind: "open_config_pull_request";
      path: string;
      agent: string;
      changes: { key: string; value: string | number }[];
      branch: string;
      title: string;
      body: string;
      message: string;
      reply?: Extract<Effect, { kind: "create_comment" }>;
    }
  /** The undo of `cut_off_agent` on resume: unblocked, or invited again with the role it had. */
  | { kind: "restore_agent_access"; login: string; how: CutOff; permission?: string };

/** How `breaker.cut_off` takes an agent's access away. */
export type CutOff = "remove_collaborator" | "block_user";
