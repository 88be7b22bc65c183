import type { Effect } from "../effect.js";

/**
 * The GitHub App permissions an effect needs (scope, level), for `drill` to tell which steps
 * the installation would refuse. Reverts of workflow files also need `workflows`, which the
 * plan cannot know before it reads the push: listed when the push's paths show it.
 */
export function requiredPermission(effect: Effect): [string, "read" | "write"][] {
  switch (effect.kind) {
    case "convert_to_draft":
      // Reported to need contents too for Apps (../shared/TECH-NOTES.md).
      return [["pull_requests", "write"], ["contents", "write"]];
    case "close_pull_request":
    case "reopen_pull_request":
    case "dismiss_review":
      return [["pull_requests", "write"]];
    case "ensure_check_run":
      return [["checks", "write"]];
    case "create_comment":
      // A discussion reply is a GraphQL discussions write; a review-thread reply a pull request one.
      if (effect.discussionNodeId) return [["discussions", "write"]];
      return effect.reviewCommentId !== undefined || effect.reviewAnchor !== undefined ? [["pull_requests", "write"]] : [["issues", "write"]];
    case "add_label":
    case "remove_label":
    case "close_issue":
    case "reopen_issue":
    case "ensure_incident_issue":
    case "unassign_agent":
      return [["issues", "write"]];
    case "minimize_comment":
    case "unminimize_comment":
    case "delete_comment":
      return effect.kind === "delete_comment" && effect.surface === "discussion_comment" ? [["discussions", "write"]] : [["issues", "write"], ["pull_requests", "write"]];
    case "revert_push":
      return effect.paths.some((p) => p.startsWith(".github/workflows/")) ? [["contents", "write"], ["workflows", "write"]] : [["contents", "write"]];
    case "revert_merge":
      return [["contents", "write"], ["pull_requests", "write"]];
    default: {
      const never: never = effect;
      return never;
    }
  }
}
