import type { GuardrailsConfig, Policy } from "../../config/schema.js";
import type { AgentAction } from "../agent-action.js";
import type { Decision } from "../decision.js";
import { HIDE_CLASSIFIER, LABELS, type Effect } from "../effect.js";
import type { HeldComment } from "../held-comment.js";
import { surfaceOf } from "../rules/comment-rules.js";
import { heldDiscussion } from "../rules/discussion-rules.js";
import { restoreThreadText } from "../rules/text-edit-rules.js";
import { checkRun } from "../rules/pull-request-rules.js";

type Contain = GuardrailsConfig["breaker"]["contain"];

/**
 * A halted agent's new action is undone as it arrives (the breaker "stops the source"): its PR is
 * closed and labelled, its comment deleted (kept in the audit log) or hidden, its issue closed,
 * its push to a default branch and its merge reverted; what it closed is reopened, a label it
 * added or removed put back, text it edited restored, auto-merge disabled, a review request
 * withdrawn, a branch or tag it created deleted, a release put back to draft, its discussion
 * deleted (held), a workflow run it started cancelled (`breaker.contain: cancel_workflows`, it
 * needs `actions: write`). What GitHub cannot undo (a deletion, a transfer, a dismissal) is
 * audited for the incident. Nothing it does lands while halted.
 */
export function containOnArrival(action: AgentAction, policy: Policy, why: string, contain: Contain = []): Decision {
  const { target, actor } = action;
  const n = target.number;
  const effects: Effect[] = [];
  let holds: HeldComment[] | undefined;
  const label = (add: boolean): void => {
    if (n !== undefined && target.label) effects.push({ kind: add ? "add_label" : "remove_label", number: n, label: target.label });
  };
  const restore = (): void => {
    const effect = restoreThreadText(action);
    if (effect) effects.push(effect);
  };
  switch (action.kind) {
    case "pull_request.merged":
      if (target.prNodeId) effects.push({ kind: "revert_merge", prNodeId: target.prNodeId, number: n! });
      break;
    case "pull_request.opened":
    case "pull_request.reopened":
    case "pull_request.ready_for_review":
    case "pull_request.synchronize":
      effects.push({ kind: "close_pull_request", number: n! }, { kind: "add_label", number: n!, label: LABELS.halted });
      break;
    case "pull_request.closed":
      if (target.author?.kind !== "agent") effects.push({ kind: "reopen_pull_request", number: n! });
      break;
    case "issues.closed":
      effects.push({ kind: "reopen_issue", number: n! });
      break;
    case "pull_request.edited":
    case "issues.edited":
    case "discussion.edited":
      restore();
      break;
    case "pull_request.labeled":
    case "issues.labeled":
      label(false);
      break;
    case "pull_request.unlabeled":
    case "issues.unlabeled":
      label(true);
      break;
    case "pull_request.auto_merge_enabled":
      effects.push({ kind: "disable_auto_merge", prNodeId: target.prNodeId ?? target.nodeId!, number: n! });
      break;
    case "pull_request.review_requested":
      if (target.requestedReviewer && !target.requestedReviewer.includes("/"))
        effects.push({ kind: "remove_requested_reviewer", number: n!, login: target.requestedReviewer });
      break;
    case "pull_request_review.dismissed":
      // A dismissal cannot be undone: the gate goes back to action_required for the head.
      if (target.sha)
        effects.push(
          checkRun(
            action,
            "action_required",
            "A review was dismissed by a halted agent",
            `Agent \`${actor.login}\` is halted; a maintainer approves the current head with \`/guardrails approve\`.`,
          ),
        );
      break;
    case "issues.opened":
    case "issues.reopened":
      effects.push({ kind: "close_issue", number: n! });
      break;
    case "issues.assigned":
      // Only the agent itself can be taken off (unassign_agent); an assignment of someone else stays, audited.
      if (target.assignee?.toLowerCase() === actor.login.toLowerCase()) effects.push({ kind: "unassign_agent", login: actor.login });
      break;
    case "discussion.created": {
      const held = heldDiscussion(action);
      if (target.nodeId && held) {
        effects.push({ kind: "delete_discussion", discussionNodeId: target.nodeId, number: n! });
        holds = [held];
      }
      break;
    }
    case "issue_comment.created":
    case "issue_comment.edited":
    case "pull_request_review_comment.created":
    case "pull_request_review_comment.edited":
    case "discussion_comment.created":
    case "discussion_comment.edited":
    case "commit_comment.created":
    case "pull_request_review.submitted":
    case "pull_request_review.edited": {
      const surface = surfaceOf(action);
      const commentId = target.commentId ?? target.reviewId;
      const author = target.commentAuthor ?? target.textAuthor;
      if (action.kind.endsWith(".edited") && author !== undefined && author.login.toLowerCase() !== actor.login.toLowerCase()) {
        // Someone else's comment: its text put back, never deleted.
        if (target.changes?.body !== undefined && commentId !== undefined && target.nodeId) {
          effects.push({ kind: "restore_comment_text", surface, commentId, nodeId: target.nodeId, body: target.changes.body });
        }
        break;
      }
      if (target.nodeId && commentId !== undefined) {
        // A review summary cannot be deleted; a commit comment has no thread to re-post into.
        const deletable = surface !== "review" && surface !== "commit_comment";
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
            number: n ?? 0,
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
    case "push":
      // Every push of a halted agent is undone, not only to the default branch: a new commit with
      // the tree before it (never a force push). A push that created the branch (`before` all
      // zeros) has nothing before it: its `create` webhook deletes the branch.
      if (
        target.sha &&
        target.before &&
        !/^0+$/.test(target.before) &&
        !/^0+$/.test(target.sha) &&
        (!target.toDefaultBranch || policy.push_default_branch === "revert")
      ) {
        effects.push({ kind: "revert_push", ref: target.ref!, sha: target.sha, before: target.before, paths: target.paths ?? [] });
      }
      break;
    case "create":
      // The create webhook carries no sha: deleted unguarded, never the default branch.
      if (target.ref && !(target.refType === "branch" && target.ref === action.defaultBranch)) {
        effects.push({ kind: "delete_ref", ref: `${target.refType === "tag" ? "tags" : "heads"}/${target.ref}` });
      }
      break;
    case "release.created":
    case "release.edited":
    case "release.published":
      if (
        target.releaseId !== undefined &&
        (action.kind === "release.published" || target.releaseDraft === false) &&
        target.author?.kind !== "human"
      ) {
        effects.push({ kind: "set_release_draft", releaseId: target.releaseId, draft: true });
      }
      break;
    case "workflow_run.requested":
      if (target.runId !== undefined && contain.includes("cancel_workflows"))
        effects.push({ kind: "cancel_workflow_run", runId: target.runId });
      break;
    // Nothing to undo, or nothing GitHub lets the app undo (audited, named in the incident):
    case "pull_request.converted_to_draft":
    case "issues.transferred":
    case "issues.deleted":
    case "discussion_comment.deleted":
    case "delete":
    case "release.deleted":
    case "workflow_dispatch":
    case "check_run.rerequested":
      break;
    default: {
      const never: never = action.kind;
      return never;
    }
  }
  return {
    verdict: "contained",
    reasons: [`agent ${actor.login} is halted (${why}): ${action.kind} contained on arrival`],
    effects,
    ...(holds ? { holds } : {}),
  };
}
