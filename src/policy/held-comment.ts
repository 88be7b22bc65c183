/** Where an agent's comment was written: decides how it is hidden, deleted and re-posted. */
/** Where a comment lives: what deleting, hiding or restoring it goes through. */
export type CommentSurface = "issue_comment" | "review_comment" | "discussion_comment" | "review" | "commit_comment";

/**
 * Where in its thread a comment sat, from the webhook payload: what a re-post needs to land there
 * again instead of at the top level.
 */
export interface CommentPlacement {
  /** Review comment: the thread's root comment id (`in_reply_to_id`); absent when it was the root. */
  inReplyToId?: number;
  /** Review comment: where it was anchored, to start the thread again when the root itself was held. */
  path?: string;
  line?: number;
  side?: "LEFT" | "RIGHT";
  commitId?: string;
  /** Discussion comment: the node id of the top-level comment it replied to. */
  parentNodeId?: string;
  /**
   * A held discussion (not a comment): where and under which title `createDiscussion` re-posts it
   * on approval. Its `HeldComment.commentId` is the discussion's database id, `number` its number.
   */
  discussion?: { repositoryNodeId: string; categoryNodeId: string; title: string };
}

/**
 * An agent comment waiting for a maintainer: minimized (`hide`) or deleted with its text kept
 * here and in the audit log (`hold`). Approval unminimizes or re-posts it; rejection deletes it.
 */
export interface HeldComment {
  commentId: number;
  nodeId: string;
  url: string;
  /** Issue, PR or discussion number of the thread. */
  number: number;
  /** Discussion node id, needed to re-post into a discussion. */
  threadNodeId?: string;
  surface: CommentSurface;
  /** Its place in the thread (review comments, discussion replies). */
  placement?: CommentPlacement;
  author: string;
  /** The agent's text, verbatim (hostile input: never rendered unescaped). */
  body: string;
  mode: "hide" | "hold";
  /** Held under `external_comment` (outsider's thread or mentions of outsiders). */
  external: boolean;
  status: "pending" | "approved" | "rejected";
}

/** A change of a held comment's status, recorded with the decision. */
export interface HeldCommentResolution {
  commentId: number;
  status: "approved" | "rejected";
  resolver: string;
}
