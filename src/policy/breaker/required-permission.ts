import type { Effect } from "../effect.js";

/** Where an effect lands, which decides the permission GitHub checks for the same endpoint. */
export type EffectThread = "issue" | "pull_request" | "discussion" | "repository";

/** A GitHub App permission: scope and level. */
export type PermissionNeed = [scope: string, level: "read" | "write"];

/**
 * The GitHub App permissions an effect needs, from GitHub's table "Permissions required for GitHub
 * Apps" (https://docs.github.com/rest/authentication/permissions-required-for-github-apps) and the
 * GraphQL mutations' documented checks. One table, so that `drill` tells the truth: the same
 * endpoint asks for a different permission on an issue than on a pull request (labels, comments,
 * assignees go through `/issues/{n}` for both, and GitHub checks `issues` on an issue and
 * `pull_requests` on a PR); a discussion's comments need `discussions`; a review comment only
 * `pull_requests`. A test runs each row against the stand-in's refusals.
 */
export function requiredPermission(effect: Effect, thread: EffectThread): PermissionNeed[] {
  switch (effect.kind) {
    case "convert_to_draft":
      // GitHub checks contents too when an App converts a PR to draft (argoproj/argo-workflows#16639).
      return [
        ["pull_requests", "write"],
        ["contents", "write"],
      ];
    case "close_pull_request":
    case "reopen_pull_request":
    case "dismiss_review":
      return [["pull_requests", "write"]];
    case "ensure_check_run":
      return [["checks", "write"]];
    case "create_comment":
      // A discussion reply is a GraphQL discussions write; a review-thread reply a pull request one.
      if (effect.discussionNodeId) return [["discussions", "write"]];
      if (effect.reviewCommentId !== undefined || effect.reviewAnchor !== undefined) return [["pull_requests", "write"]];
      return [[threadScope(thread), "write"]];
    case "add_label":
    case "remove_label":
    case "minimize_comment":
    case "unminimize_comment":
    case "delete_comment":
      return [[threadScope(effect.kind === "delete_comment" && effect.surface === "discussion_comment" ? "discussion" : thread), "write"]];
    case "close_issue":
    case "reopen_issue":
    case "ensure_incident_issue":
      return [["issues", "write"]];
    case "unassign_agent":
      // The agent is unassigned from issues and pull requests alike.
      return [
        ["issues", "write"],
        ["pull_requests", "write"],
      ];
    case "revert_push": {
      // On a protected branch (the default branch usually is) GitHub refuses the ref update and the
      // revert goes out as a pull request ("Create a pull request": pull_requests: write); the
      // effect cannot tell which, so drill asks for both. A ref update that changes
      // .github/workflows is refused without `workflows`.
      const need: PermissionNeed[] = [
        ["contents", "write"],
        ["pull_requests", "write"],
      ];
      return effect.paths.some((p) => p.startsWith(".github/workflows/")) ? [...need, ["workflows", "write"]] : need;
    }
    case "revert_merge":
      return [
        ["contents", "write"],
        ["pull_requests", "write"],
      ];
    case "restore_issue_text":
      // PATCH /issues/{n}: issues on an issue, pull_requests on a PR (GitHub checks the thread).
      return [[threadScope(thread === "discussion" ? "issue" : thread), "write"]];
    case "restore_comment_text":
      switch (effect.surface) {
        case "issue_comment":
          return [[threadScope(thread === "discussion" ? "issue" : thread), "write"]];
        case "review_comment":
        case "review":
          return [["pull_requests", "write"]];
        case "discussion_comment":
          return [["discussions", "write"]];
        case "commit_comment":
          // "Update a commit comment": contents: write.
          return [["contents", "write"]];
        default: {
          const never: never = effect.surface;
          return never;
        }
      }
    case "restore_discussion_text":
    case "delete_discussion":
    case "create_discussion":
      return [["discussions", "write"]];
    case "mark_ready_for_review":
      // As convert_to_draft: GitHub checks contents on the draft toggles too.
      return [
        ["pull_requests", "write"],
        ["contents", "write"],
      ];
    case "disable_auto_merge":
    case "remove_requested_reviewer":
      return [["pull_requests", "write"]];
    case "delete_ref":
    case "create_ref":
    case "set_release_draft":
      return [["contents", "write"]];
    case "cancel_workflow_run":
      return [["actions", "write"]];
    case "assign_agent":
      // Assigned again on issues and pull requests alike.
      return [
        ["issues", "write"],
        ["pull_requests", "write"],
      ];
    case "cut_off_agent":
    case "restore_agent_access":
      return effect.how === "block_user" ? [["organization_user_blocking", "write"]] : [["administration", "write"]];
    case "open_config_pull_request":
      // A branch and a commit of the file (contents), the pull request, its passing check, and the reply in the thread.
      return [
        ["contents", "write"],
        ["pull_requests", "write"],
        ["checks", "write"],
        ...(effect.reply ? requiredPermission(effect.reply, thread) : []),
      ];
    default: {
      const never: never = effect;
      return never;
    }
  }
}

function threadScope(thread: EffectThread): string {
  switch (thread) {
    case "pull_request":
      return "pull_requests";
    case "discussion":
      return "discussions";
    case "issue":
    case "repository":
      return "issues";
    default: {
      const never: never = thread;
      return never;
    }
  }
}
