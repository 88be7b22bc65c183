import type { Policy } from "../../config/schema.js";
import type { AgentAction } from "../agent-action.js";
import type { Decision } from "../decision.js";
import { HIDE_CLASSIFIER, LABELS, type Effect } from "../effect.js";
import type { HeldComment } from "../held-comment.js";
import { surfaceOf } from "../rules/comment-rules.js";

/**
 * A halted agent's new action is undone as it arrives (the breaker "stops the source"): its PR is
 * closed and labelled, its comment deleted (kept in the audit log) or hidden, its issue closed,
 * its push to a default branch and its merge reverted. Nothing it does lands while halted.
 */
export function containOnArrival(action: AgentAction, policy: Policy, why: string): Decision {
  const { target, actor } = action;
  const n = target.number;
  const effects: Effect[] = [];
  let holds: HeldComment[] | undefined;
  switch (action.event) {
    case "pull_request":
      if (action.kind === "pull_request.merged") {
        if (target.prNodeId) effects.push({ kind: "revert_merge", prNodeId: target.prNodeId, number: n! });
      } else if (action.kind !== "pull_request.closed") {
        effects.push({ kind: "close_pull_request", number: n! }, { kind: "add_label", number: n!, label: LABELS.halted });
      }
      break;
    case "issue_comment":
    case "pull_request_review_comment":
    case "discussion_comment":
    case "pull_request_review": {
      const surface = surfaceOf(action);
      const commentId = target.commentId ?? target.reviewId;
      if (target.nodeId && commentId !== undefined) {
        const deletable = surface !== "review";
        effects.push(
          deletable
            ? { kind: "delete_comment", surface, commentId, nodeId: target.nodeId }
            : { kind: "minimize_comment", nodeId: target.nodeId, classifier: HIDE_CLASSIFIER },
        );
        holds = [
          {
            commentId,
            nodeId: target.nodeId,
            url: target.url ?? "",
            number: n!,
            surface,
            author: actor.login,
            body: target.body ?? "",
            mode: deletable ? "hold" : "hide",
            external: false,
            status: "pending",
          },
        ];
      }
      if (action.kind === "pull_request_review.submitted" && target.reviewState === "approved" && target.reviewId !== undefined) {
        effects.push({ kind: "dismiss_review", number: n!, reviewId: target.reviewId, message: "agent-guardrails: this agent is halted." });
      }
      break;
    }
    case "issues":
      effects.push({ kind: "close_issue", number: n! });
      break;
    case "push":
      if (target.toDefaultBranch && target.sha && target.before && policy.push_default_branch === "revert") {
        effects.push({ kind: "revert_push", ref: target.ref!, sha: target.sha, before: target.before, paths: target.paths ?? [] });
      }
      break;
    default:
      break;
  }
  return { verdict: "contained", reasons: [`agent ${actor.login} is halted (${why}): ${action.kind} contained on arrival`], effects, ...(holds ? { holds } : {}) };
}
