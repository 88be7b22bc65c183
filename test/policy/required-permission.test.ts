import { describe, expect, test } from "@jest/globals";
import { requiredPermission, type EffectThread } from "../../src/policy/breaker/required-permission.js";
import type { Effect } from "../../src/policy/effect.js";

/** GitHub's "Permissions required for GitHub Apps", row by row, as drill reports them. */
const TABLE: [Effect, EffectThread, string][] = [
  [{ kind: "convert_to_draft", prNodeId: "PR_1", number: 1 }, "pull_request", "pull_requests: write, contents: write"],
  [{ kind: "close_pull_request", number: 1 }, "pull_request", "pull_requests: write"],
  [{ kind: "dismiss_review", number: 1, reviewId: 2, message: "m" }, "pull_request", "pull_requests: write"],
  [{ kind: "add_label", number: 1, label: "agent:halted" }, "pull_request", "pull_requests: write"],
  [{ kind: "add_label", number: 1, label: "agent:flagged" }, "issue", "issues: write"],
  [{ kind: "create_comment", number: 1, body: "b" }, "pull_request", "pull_requests: write"],
  [{ kind: "create_comment", number: 1, body: "b" }, "issue", "issues: write"],
  [{ kind: "create_comment", number: 1, body: "b", discussionNodeId: "D_1" }, "discussion", "discussions: write"],
  [{ kind: "minimize_comment", nodeId: "IC_1", classifier: "OUTDATED" }, "issue", "issues: write"],
  [{ kind: "minimize_comment", nodeId: "PRRC_1", classifier: "OUTDATED" }, "pull_request", "pull_requests: write"],
  [{ kind: "minimize_comment", nodeId: "DC_1", classifier: "OUTDATED" }, "discussion", "discussions: write"],
  [{ kind: "delete_comment", surface: "review_comment", commentId: 1, nodeId: "PRRC_1" }, "pull_request", "pull_requests: write"],
  [{ kind: "delete_comment", surface: "discussion_comment", commentId: 1, nodeId: "DC_1" }, "repository", "discussions: write"],
  [{ kind: "close_issue", number: 1 }, "issue", "issues: write"],
  [{ kind: "ensure_incident_issue", title: "t", body: "b", labels: [] }, "repository", "issues: write"],
  [{ kind: "unassign_agent", login: "Copilot" }, "repository", "issues: write, pull_requests: write"],
  [{ kind: "ensure_check_run", headSha: "a".repeat(40), conclusion: "success", title: "t", summary: "s" }, "pull_request", "checks: write"],
  [
    { kind: "revert_push", ref: "refs/heads/main", sha: "b", before: "a", paths: ["src/x.ts"] },
    "repository",
    "contents: write, pull_requests: write",
  ],
  [
    { kind: "revert_push", ref: "refs/heads/main", sha: "b", before: "a", paths: [".github/workflows/ci.yml"] },
    "repository",
    "contents: write, pull_requests: write, workflows: write",
  ],
  [{ kind: "revert_merge", prNodeId: "PR_1", number: 1 }, "pull_request", "contents: write, pull_requests: write"],
];

describe("the permission each effect needs (drill's column)", () => {
  test.each(TABLE)("%o on a %s needs %s", (effect, thread, needs) => {
    expect(
      requiredPermission(effect, thread)
        .map(([scope, level]) => `${scope}: ${level}`)
        .join(", "),
    ).toBe(needs);
  });
});
