import type { Policy } from "../../config/schema.js";
import type { AgentAction } from "../agent-action.js";
import type { Decision } from "../decision.js";
import { HIDE_CLASSIFIER, LABELS, type Effect } from "../effect.js";
import type { CommentPlacement, CommentSurface, HeldComment } from "../held-comment.js";
import type { PolicyState } from "../policy-state.js";

/**
 * The comment rows of the permission table. An agent's comment follows `policy.comment`, or
 * `policy.external_comment` when it speaks to people outside the organisation (an outsider's
 * thread, or a mention of an outsider):
 * - allow: logged;  flag: the thread is labelled agent:flagged;
 * - hide: minimized until a maintainer approves (a minimized comment can still be expanded);
 * - hold: deleted, its text kept in the audit log, re-posted by the app on approval.
 * An edit sends the comment back to pending, even after approval: what was approved was the
 * old text. A review summary cannot be deleted, so `hold` hides it instead (and flags the thread);
 * a commit comment has no thread to re-post into, so `hold` hides it too (and `flag` has no
 * thread to label).
 */
export function decideAgentComment(action: AgentAction, policy: Policy, state: PolicyState): Decision {
  const { target, actor } = action;
  const surface = surfaceOf(action);
  const external = state.external !== undefined && (state.external.outsideThread || state.external.outsideMentions.length > 0);
  const mode = external ? policy.external_comment : policy.comment;
  const key = external ? "external_comment" : "comment";
  const why = external ? externalReason(state) : "";
  const edited = action.kind.endsWith(".edited");
  // A commit comment has no thread number: it is named by its commit.
  const where = target.number !== undefined ? `#${target.number}` : `commit ${(target.commitId ?? target.sha ?? "").slice(0, 7)}`;
  const base = `agent ${actor.login} ${edited ? "edited" : "wrote"} a comment on ${where}${why}`;

  if (mode === "allow") return { verdict: "allow", reasons: [`${base}: allowed (policy.${key}: allow)`], effects: [] };
  if (mode === "flag") {
    // A thread the payload shows labelled already costs no write (a flood's budget goes on hiding).
    const labelled = target.labels?.includes(LABELS.flagged) === true;
    const effects: Effect[] =
      surface === "discussion_comment" || surface === "commit_comment" || labelled
        ? []
        : [{ kind: "add_label", number: target.number!, label: LABELS.flagged }];
    return {
      verdict: "gate",
      reasons: [`${base}: ${labelled ? "thread already flagged" : "thread flagged"} (policy.${key}: flag)`],
      effects,
    };
  }

  const held: HeldComment = {
    commentId: target.commentId ?? target.reviewId!,
    nodeId: target.nodeId!,
    url: target.url ?? "",
    // A commit comment has no thread number: 0, approved by its URL.
    number: target.number ?? 0,
    threadNodeId: target.prNodeId && surface === "discussion_comment" ? target.prNodeId : undefined,
    surface,
    ...placementOf(action, state),
    author: actor.login,
    body: target.body ?? "",
    mode: mode === "hold" && surface !== "review" && surface !== "commit_comment" ? "hold" : "hide",
    external,
    status: "pending",
  };
  const again = edited && state.heldComment?.status === "approved" ? " (edited after approval: pending again)" : "";
  if (held.mode === "hold") {
    return {
      verdict: "gate",
      reasons: [`${base}: deleted and held for approval, text kept in the audit log (policy.${key}: hold)${again}`],
      effects: [{ kind: "delete_comment", surface, commentId: held.commentId, nodeId: held.nodeId }],
      holds: [held],
    };
  }
  const effects: Effect[] = [{ kind: "minimize_comment", nodeId: held.nodeId, classifier: HIDE_CLASSIFIER }];
  const reasons = [`${base}: hidden until a maintainer approves (policy.${key}: ${mode})${again}`];
  if (mode === "hold" && surface === "commit_comment") {
    reasons.push("a commit comment has no thread to re-post into: hidden instead of held");
  } else if (mode === "hold") {
    effects.push({ kind: "add_label", number: held.number, label: LABELS.flagged });
    reasons.push("a review summary cannot be deleted: hidden and the thread flagged instead");
  }
  return { verdict: "gate", reasons, effects, holds: [held] };
}

/** What a re-post needs to land in the held comment's thread again (nothing for issue comments). */
function placementOf(action: AgentAction, state: PolicyState): Pick<HeldComment, "placement"> {
  const { target } = action;
  if (action.event === "pull_request_review_comment") {
    const placement: CommentPlacement = {
      ...(target.inReplyToId !== undefined ? { inReplyToId: target.inReplyToId } : {}),
      ...(target.path !== undefined ? { path: target.path } : {}),
      ...(target.line !== undefined ? { line: target.line } : {}),
      ...(target.side !== undefined ? { side: target.side } : {}),
      ...(target.commitId !== undefined ? { commitId: target.commitId } : {}),
    };
    return { placement };
  }
  if (action.event === "discussion_comment" && target.isReply && state.discussionParentNodeId)
    return { placement: { parentNodeId: state.discussionParentNodeId } };
  return {};
}

/** Which API family the comment lives in. */
export function surfaceOf(action: AgentAction): CommentSurface {
  switch (action.event) {
    case "pull_request_review_comment":
      return "review_comment";
    case "discussion_comment":
      return "discussion_comment";
    case "pull_request_review":
      return "review";
    case "commit_comment":
      return "commit_comment";
    default:
      return "issue_comment";
  }
}

function externalReason(state: PolicyState): string {
  const parts: string[] = [];
  if (state.external?.outsideThread) parts.push("in a thread opened outside the org");
  if (state.external?.outsideMentions.length) parts.push(`mentioning outsiders ${state.external.outsideMentions.join(", ")}`);
  return ` ${parts.join(", ")}`;
}
