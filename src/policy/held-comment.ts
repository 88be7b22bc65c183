/** Where an agent's comment was written: decides how it is hidden, deleted and re-posted. */
export type CommentSurface = "issue_comment" | "review_comment" | "discussion_comment" | "review";

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
