import type { Policy } from "../../config/schema.js";
import type { AgentAction } from "../agent-action.js";
import type { Decision } from "../decision.js";
import type { HeldComment } from "../held-comment.js";
import { flagThread } from "./text-edit-rules.js";

/**
 * A discussion an agent opens speaks to everyone who reads the repository: it follows
 * `policy.external_comment`. `hold` deletes it, its text kept (held record and audit row), and
 * `/guardrails approve <discussion url>` re-posts it as the app; a discussion cannot be
 * minimized, so `hide` flags like `flag`.
 */
export function decideDiscussion(action: AgentAction, policy: Policy): Decision {
  const { target, actor } = action;
  const mode = policy.external_comment;
  const base = `agent ${actor.login} opened discussion #${target.number}`;
  if (mode === "allow") return { verdict: "allow", reasons: [`${base}: allowed (policy.external_comment: allow)`], effects: [] };
  if (mode === "flag" || mode === "hide")
    return flagThread(
      action,
      `${base}: flagged (policy.external_comment: ${mode}${mode === "hide" ? ": a discussion cannot be minimized" : ""})`,
    );
  const nodeId = target.nodeId;
  const held = heldDiscussion(action);
  if (!nodeId || !held) {
    return flagThread(
      action,
      `${base}: the payload lacks what a re-post needs (node ids, id): flagged instead of held (policy.external_comment: hold)`,
    );
  }
  return {
    verdict: "gate",
    reasons: [
      `${base}: deleted and held for approval (\`/guardrails approve ${target.url ?? `#${target.number}`}\`), text kept in the audit log (policy.external_comment: hold)`,
    ],
    effects: [{ kind: "delete_discussion", discussionNodeId: nodeId, number: target.number! }],
    holds: [held],
  };
}

/** The held record of an agent's discussion, or null when the payload lacks what a re-post needs. */
export function heldDiscussion(action: AgentAction): HeldComment | null {
  const { target, actor } = action;
  if (target.commentId === undefined || !target.nodeId || target.number === undefined || !target.repositoryNodeId || !target.categoryNodeId)
    return null;
  return {
    commentId: target.commentId,
    nodeId: target.nodeId,
    url: target.url ?? "",
    number: target.number,
    threadNodeId: target.nodeId,
    surface: "discussion_comment",
    placement: {
      discussion: { repositoryNodeId: target.repositoryNodeId, categoryNodeId: target.categoryNodeId, title: target.title ?? "" },
    },
    author: actor.login,
    body: target.body ?? "",
    mode: "hold",
    external: true,
    status: "pending",
  };
}
