/**
 * The action kinds that add a comment to a thread (an issue or PR conversation, a review thread,
 * a discussion): what the loop breaker counts. Edits and deletions add nothing to answer.
 */
export const THREAD_COMMENT_KINDS: ReadonlySet<string> = new Set([
  "issue_comment.created",
  "pull_request_review_comment.created",
  "discussion_comment.created",
  "pull_request_review.submitted",
]);
