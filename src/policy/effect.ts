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
  | { kind: "ensure_incident_issue"; title: string; body: string; labels: string[] };
