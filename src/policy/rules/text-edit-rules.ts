import type { Policy } from "../../config/schema.js";
import type { Actor, AgentAction } from "../agent-action.js";
import type { Decision } from "../decision.js";
import { LABELS, type Effect } from "../effect.js";
import { surfaceOf } from "./comment-rules.js";
import { audited, tamper, type TamperConfig } from "./tamper.js";

/**
 * Text an agent changes. A human's text (issue, PR or discussion title and body, a comment) is
 * put back from the edit's `changes.*.from` and trips `tamper`. An agent's own issue, PR or
 * discussion body follows `policy.comment` (`external_comment` for a discussion: it is
 * outward-facing) as far as GitHub allows: a body cannot be minimized, so `hide` flags like
 * `flag`, and `hold` restores the text before the edit (the agent's new text stays in the audit
 * row). Returns null for an edit of the agent's own comment: that keeps the comment rules.
 */
export function decideTextEdit(action: AgentAction, config: TamperConfig, policy: Policy): Decision | null {
  const { target } = action;
  const changes = target.changes ?? {};
  const changed =
    Object.keys(changes)
      .filter((k) => k === "title" || k === "body")
      .join(" and ") || "nothing";
  const number = target.number;
  const where = number !== undefined ? ` of #${number}` : "";

  if (isCommentEdit(action)) {
    const author = target.commentAuthor ?? target.textAuthor;
    if (author?.kind !== "human" || author.login.toLowerCase() === action.actor.login.toLowerCase()) return null;
    const surface = surfaceOf(action);
    const commentId = target.commentId ?? target.reviewId;
    const restorable = changes.body !== undefined && commentId !== undefined && target.nodeId !== undefined;
    const effects: Effect[] = restorable
      ? [{ kind: "restore_comment_text", surface, commentId, nodeId: target.nodeId!, body: changes.body! }]
      : [];
    return tamper(
      action,
      config,
      `edited a comment by ${author.login}${where}`,
      restorable ? "its text restored" : "nothing to restore from (the payload carries no earlier text)",
      effects,
    );
  }

  if (action.kind === "release.edited") {
    const author = target.textAuthor ?? target.author;
    if (author?.kind !== "human") return null;
    // No verb restores a release's notes: the text before the edit stays in the audit row.
    return tamper(
      action,
      config,
      `edited ${author.login}'s release ${target.title ?? target.releaseId ?? ""}`.trimEnd(),
      "its text before the edit kept in the audit log (a release's notes are not restored)",
      [],
    );
  }

  const author = threadTextAuthor(action);
  const what =
    action.event === "discussion" ? "discussion" : target.isPullRequest || action.event === "pull_request" ? "pull request" : "issue";
  const restore = restoreThreadText(action);
  if (author?.kind === "human" && author.login.toLowerCase() !== action.actor.login.toLowerCase()) {
    if (!restore) return audited(action, `edited ${author.login}'s ${what}${where} (${changed} of the text changed)`);
    return tamper(action, config, `edited the ${changed} of ${author.login}'s ${what}${where}`, "the text restored", [restore]);
  }

  // An edit that changed no text (a PR's base branch): nothing a policy reads changed.
  if (!restore) return audited(action, `edited its ${what}${where} (no title or body changed)`);
  const discussion = action.event === "discussion";
  const mode = discussion ? policy.external_comment : policy.comment;
  const key = discussion ? "external_comment" : "comment";
  const base = `agent ${action.actor.login} edited the ${changed} of its ${what}${where}`;
  switch (mode) {
    case "allow":
      return { verdict: "allow", reasons: [`${base}: allowed (policy.${key}: allow)`], effects: [] };
    case "flag":
    case "hide":
      return flagThread(action, `${base}: flagged (policy.${key}: ${mode}${mode === "hide" ? ": a body cannot be minimized" : ""})`);
    case "hold":
      return {
        verdict: "gate",
        reasons: [`${base}: the text before the edit restored, the new text kept in the audit log (policy.${key}: hold)`],
        effects: [restore],
      };
    default: {
      const never: never = mode;
      return never;
    }
  }
}

function isCommentEdit(action: AgentAction): boolean {
  return (
    action.kind === "issue_comment.edited" ||
    action.kind === "pull_request_review_comment.edited" ||
    action.kind === "discussion_comment.edited" ||
    action.kind === "pull_request_review.edited"
  );
}

/** Who wrote the thread's text: the payload's `textAuthor` when it says, else the opener. */
function threadTextAuthor(action: AgentAction): Actor | undefined {
  return action.target.textAuthor ?? action.target.author;
}

/** The edit undone from `changes.*.from`, or null when the payload carries no earlier text. */
export function restoreThreadText(action: AgentAction): Effect | null {
  const { target } = action;
  const { title, body } = target.changes ?? {};
  if (title === undefined && body === undefined) return null;
  const text = { ...(title !== undefined ? { title } : {}), ...(body !== undefined ? { body } : {}) };
  if (action.event === "discussion") {
    const discussionNodeId = target.nodeId ?? target.prNodeId;
    return discussionNodeId ? { kind: "restore_discussion_text", discussionNodeId, ...text } : null;
  }
  return target.number !== undefined ? { kind: "restore_issue_text", number: target.number, ...text } : null;
}

/**
 * The thread labelled `agent:flagged`, unless the payload shows it labelled already (no redundant
 * write). A discussion is not labelled: `add_label` goes through the issues API, which has no
 * discussions; the flag is the audit row's.
 */
export function flagThread(action: AgentAction, reason: string): Decision {
  const { target } = action;
  if (action.event === "discussion")
    return { verdict: "gate", reasons: [`${reason} (a discussion is flagged in the audit log only)`], effects: [] };
  if (target.number === undefined) return { verdict: "gate", reasons: [reason], effects: [] };
  if (target.labels?.includes(LABELS.flagged)) return { verdict: "gate", reasons: [`${reason} (already labelled)`], effects: [] };
  return { verdict: "gate", reasons: [reason], effects: [{ kind: "add_label", number: target.number, label: LABELS.flagged }] };
}
