import type { AgentAction } from "../agent-action.js";
import type { Decision } from "../decision.js";
import { flagThread } from "./text-edit-rules.js";
import { audited, tamper, type TamperConfig } from "./tamper.js";

/**
 * The rest of the watched surface: closing, labelling, assigning, moving or deleting things,
 * branches and tags, workflow runs. Audited (and counted against the limits), except where the
 * agent acts on what a human made: closing a human's issue or PR flags it; moving or deleting a
 * human's issue, or deleting a human's discussion comment, cannot be undone by the app and trips
 * `tamper`.
 */
export function decideSurface(action: AgentAction, config: TamperConfig): Decision {
  const { target, actor } = action;
  const n = target.number;
  const human = target.author?.kind === "human" && target.author.login.toLowerCase() !== actor.login.toLowerCase();
  switch (action.kind) {
    case "issues.closed":
    case "pull_request.closed": {
      const what = action.kind === "issues.closed" ? "issue" : "pull request";
      if (!human) return audited(action, `closed its own ${what} #${n}`);
      return flagThread(action, `agent ${actor.login} closed ${target.author!.login}'s ${what} #${n}: flagged`);
    }
    case "issues.transferred":
      if (human)
        return tamper(
          action,
          config,
          `transferred ${target.author!.login}'s issue #${n} to ${target.transferredTo ?? "another repository"}`,
          "the app cannot move it back",
          [],
        );
      return audited(action, `transferred issue #${n} to ${target.transferredTo ?? "another repository"}`);
    case "issues.deleted":
      if (human)
        return tamper(
          action,
          config,
          `deleted ${target.author!.login}'s issue #${n}`,
          "GitHub cannot restore it, its text is kept in the audit log",
          [],
        );
      return audited(action, `deleted issue #${n} (its text kept in the audit log)`);
    case "discussion_comment.deleted": {
      const author = target.commentAuthor ?? target.textAuthor;
      if (author?.kind === "human" && author.login.toLowerCase() !== actor.login.toLowerCase()) {
        return tamper(
          action,
          config,
          `deleted ${author.login}'s comment in discussion #${n}`,
          "GitHub cannot restore it, its text is kept in the audit log",
          [],
        );
      }
      return audited(action, `deleted a comment in discussion #${n}`);
    }
    case "issues.labeled":
    case "pull_request.labeled":
      return audited(action, `labelled #${n} ${target.label ?? ""}`.trimEnd());
    case "issues.assigned":
      return audited(action, `assigned ${target.assignee ?? "someone"} to #${n}`);
    case "pull_request.converted_to_draft":
      return audited(action, `converted #${n} to draft`);
    case "create":
      return audited(action, `created ${target.refType ?? "ref"} ${target.ref ?? ""}`.trimEnd());
    case "delete":
      return audited(action, `deleted ${target.refType ?? "ref"} ${target.ref ?? ""}`.trimEnd());
    case "workflow_dispatch":
      return audited(action, `dispatched workflow ${target.workflow ?? "(unknown)"}`);
    case "workflow_run.requested":
      return audited(action, `started run ${target.runId ?? "?"} of workflow ${target.workflow ?? "(unknown)"}`);
    default:
      return audited(action, action.kind);
  }
}
