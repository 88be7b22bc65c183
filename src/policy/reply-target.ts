import type { AgentAction } from "./agent-action.js";
import type { Effect } from "./effect.js";
import type { PolicyState } from "./policy-state.js";

/** The fields of a `create_comment` that put it where it answers. */
export type ReplyTarget = Pick<Extract<Effect, { kind: "create_comment" }>, "discussionNodeId" | "replyToNodeId" | "reviewCommentId">;

/**
 * Where the app answers a command: in the thread it was written in. A discussion's number is not
 * an issue's (the issue comments route is a 404 there), so a discussion gets a GraphQL reply under
 * the command's comment — or under its parent when the command is itself a reply, since GitHub
 * nests discussion replies one level deep. A review comment gets a reply in its thread (the
 * replies endpoint takes the thread's root). Anything else: an issue comment.
 * https://docs.github.com/en/graphql/reference/mutations#adddiscussioncomment
 * https://docs.github.com/en/rest/pulls/comments#create-a-reply-for-a-review-comment
 */
export function replyTarget(action: AgentAction, state: PolicyState): ReplyTarget {
  const { target } = action;
  switch (action.event) {
    case "discussion_comment": {
      const replyTo = target.isReply ? state.discussionParentNodeId : target.nodeId;
      return { discussionNodeId: target.prNodeId, ...(replyTo ? { replyToNodeId: replyTo } : {}) };
    }
    case "pull_request_review_comment": {
      const root = target.inReplyToId ?? target.commentId;
      return root !== undefined ? { reviewCommentId: root } : {};
    }
    default:
      return {};
  }
}
