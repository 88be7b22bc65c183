import { describe, expect, test } from "@jest/globals";
import { strictDefaults } from "../../src/config/defaults.js";
import type { GuardrailsConfig } from "../../src/config/schema.js";
import type { AgentAction } from "../../src/policy/agent-action.js";
import { decide } from "../../src/policy/decide.js";
import type { Effect } from "../../src/policy/effect.js";
import { action, agent, dev, HEAD } from "../fixtures/actions.js";

const NOW = new Date("2026-11-20T09:00:00Z");
const config: GuardrailsConfig = { ...strictDefaults, agents: ["copilot-swe-agent[bot]"] };
const withCancel: GuardrailsConfig = {
  ...config,
  breaker: { ...config.breaker, contain: [...config.breaker.contain, "cancel_workflows"] },
};
const halted = { breaker: { halted: true, reason: "manual" } };

const issue = { isPullRequest: false, number: 7, nodeId: "I_7", author: dev };
const discussion = {
  isPullRequest: false,
  number: 9,
  nodeId: "D_9",
  commentId: 9009,
  url: "https://github.com/acme/widgets/discussions/9",
  repositoryNodeId: "R_1",
  categoryNodeId: "DIC_1",
  title: "Announcing v2",
  body: "v2",
};

// While the agent is halted, each new action is undone as it arrives: kind, target → effects.
const rows: {
  row: string;
  act: AgentAction;
  config?: GuardrailsConfig;
  effects: (Effect | ReturnType<typeof expect.objectContaining>)[];
  held?: boolean;
}[] = [
  {
    row: "closes a human's issue → reopened",
    act: action("issues.closed", { target: issue }),
    effects: [{ kind: "reopen_issue", number: 7 }],
  },
  {
    row: "closes a human's PR → reopened",
    act: action("pull_request.closed", { target: { author: dev } }),
    effects: [{ kind: "reopen_pull_request", number: 42 }],
  },
  { row: "closes its own PR → nothing to undo", act: action("pull_request.closed"), effects: [] },
  {
    row: "adds a label → removed",
    act: action("issues.labeled", { target: { ...issue, label: "wontfix" } }),
    effects: [{ kind: "remove_label", number: 7, label: "wontfix" }],
  },
  {
    row: "removes a label → restored",
    act: action("pull_request.unlabeled", { target: { label: "agent:halted" } }),
    effects: [{ kind: "add_label", number: 42, label: "agent:halted" }],
  },
  {
    row: "edits a human's issue → text restored",
    act: action("issues.edited", { target: { ...issue, changes: { body: "orig" } } }),
    effects: [{ kind: "restore_issue_text", number: 7, body: "orig" }],
  },
  {
    row: "edits a PR title → restored",
    act: action("pull_request.edited", { target: { changes: { title: "orig" } } }),
    effects: [{ kind: "restore_issue_text", number: 42, title: "orig" }],
  },
  {
    row: "edits a discussion → restored",
    act: action("discussion.edited", { target: { ...discussion, changes: { body: "orig" } } }),
    effects: [{ kind: "restore_discussion_text", discussionNodeId: "D_9", body: "orig" }],
  },
  {
    row: "edits a human's comment → its text restored, never deleted",
    act: action("issue_comment.edited", {
      target: { ...issue, commentId: 900, nodeId: "IC_900", commentAuthor: dev, changes: { body: "orig" } },
    }),
    effects: [{ kind: "restore_comment_text", surface: "issue_comment", commentId: 900, nodeId: "IC_900", body: "orig" }],
  },
  {
    row: "edits its own comment → deleted, held",
    act: action("issue_comment.edited", { target: { ...issue, commentId: 900, nodeId: "IC_900", commentAuthor: agent, body: "new" } }),
    effects: [{ kind: "delete_comment", surface: "issue_comment", commentId: 900, nodeId: "IC_900" }],
    held: true,
  },
  {
    row: "comments on a commit → minimized",
    act: action("commit_comment.created", { target: { number: undefined, commentId: 600, nodeId: "CC_600" } }),
    effects: [{ kind: "minimize_comment", nodeId: "CC_600", classifier: "OUTDATED" }],
    held: true,
  },
  {
    row: "enables auto-merge → disabled",
    act: action("pull_request.auto_merge_enabled"),
    effects: [{ kind: "disable_auto_merge", prNodeId: "PR_kw42", number: 42 }],
  },
  {
    row: "requests a review → withdrawn",
    act: action("pull_request.review_requested", { target: { requestedReviewer: "dev" } }),
    effects: [{ kind: "remove_requested_reviewer", number: 42, login: "dev" }],
  },
  {
    row: "requests a team's review → nothing (the verb removes accounts)",
    act: action("pull_request.review_requested", { target: { requestedReviewer: "acme/core" } }),
    effects: [],
  },
  {
    row: "dismisses a review → the gate back to action_required",
    act: action("pull_request_review.dismissed", { target: { dismissedReview: { id: 51, author: dev, state: "approved" } } }),
    effects: [expect.objectContaining({ kind: "ensure_check_run", headSha: HEAD, conclusion: "action_required", number: 42 })],
  },
  {
    row: "assigns itself → unassigned",
    act: action("issues.assigned", { target: { ...issue, assignee: agent.login } }),
    effects: [{ kind: "unassign_agent", login: agent.login }],
  },
  {
    row: "assigns a human → audited (no verb unassigns someone else)",
    act: action("issues.assigned", { target: { ...issue, assignee: "dev" } }),
    effects: [],
  },
  {
    row: "opens a discussion → deleted, held",
    act: action("discussion.created", { target: discussion }),
    effects: [{ kind: "delete_discussion", discussionNodeId: "D_9", number: 9 }],
    held: true,
  },
  {
    row: "creates a branch → deleted (no sha guard: the webhook has none)",
    act: action("create", { target: { ref: "agent/x", refType: "branch" } }),
    effects: [{ kind: "delete_ref", ref: "heads/agent/x" }],
  },
  {
    row: "pushes to another branch → reverted too (nothing it does lands)",
    act: action("push", {
      target: { ref: "refs/heads/agent/x", sha: "c".repeat(40), before: "b".repeat(40), toDefaultBranch: false, paths: ["a.ts"] },
    }),
    effects: [{ kind: "revert_push", ref: "refs/heads/agent/x", sha: "c".repeat(40), before: "b".repeat(40), paths: ["a.ts"] }],
  },
  {
    row: "pushes a new branch → nothing to revert (its create deletes it)",
    act: action("push", { target: { ref: "refs/heads/agent/y", sha: "c".repeat(40), before: "0".repeat(40), toDefaultBranch: false } }),
    effects: [],
  },
  {
    row: "creates a tag → deleted",
    act: action("create", { target: { ref: "v9", refType: "tag" } }),
    effects: [{ kind: "delete_ref", ref: "tags/v9" }],
  },
  { row: "creates the default branch → never deleted", act: action("create", { target: { ref: "main", refType: "branch" } }), effects: [] },
  {
    row: "publishes a release → back to draft",
    act: action("release.published", { target: { releaseId: 77, releaseDraft: false } }),
    effects: [{ kind: "set_release_draft", releaseId: 77, draft: true }],
  },
  {
    row: "creates a draft release → nothing to undo",
    act: action("release.created", { target: { releaseId: 77, releaseDraft: true } }),
    effects: [],
  },
  {
    row: "starts a workflow run, contain has cancel_workflows → cancelled",
    act: action("workflow_run.requested", { target: { runId: 31 } }),
    config: withCancel,
    effects: [{ kind: "cancel_workflow_run", runId: 31 }],
  },
  {
    row: "starts a workflow run, default contain → audited (needs actions: write)",
    act: action("workflow_run.requested", { target: { runId: 31 } }),
    effects: [],
  },
  {
    row: "dispatches a workflow → audited (the webhook names no run)",
    act: action("workflow_dispatch", { target: { workflow: "ci.yml" } }),
    effects: [],
  },
  {
    row: "deletes a branch → audited (no sha on arrival; containment restores it)",
    act: action("delete", { target: { ref: "feature", refType: "branch" } }),
    effects: [],
  },
  { row: "deletes a human's issue → audited (cannot be undone)", act: action("issues.deleted", { target: issue }), effects: [] },
  { row: "transfers an issue → audited (cannot be undone)", act: action("issues.transferred", { target: issue }), effects: [] },
  {
    row: "deletes a discussion comment → audited (cannot be undone)",
    act: action("discussion_comment.deleted", { target: { ...discussion, commentAuthor: dev } }),
    effects: [],
  },
  { row: "deletes a release → audited (cannot be undone)", act: action("release.deleted", { target: { releaseId: 77 } }), effects: [] },
  { row: "converts its PR to draft → nothing to undo", act: action("pull_request.converted_to_draft"), effects: [] },
  {
    row: "opens a PR → closed and labelled (unchanged)",
    act: action("pull_request.opened"),
    effects: [
      { kind: "close_pull_request", number: 42 },
      { kind: "add_label", number: 42, label: "agent:halted" },
    ],
  },
];

describe("containment on arrival: a halted agent's new action is undone", () => {
  test.each(rows)("$row", ({ act, config: cfg, effects, held }) => {
    const decision = decide(act, cfg ?? config, halted, NOW);
    expect(decision.verdict).toBe("contained");
    expect(decision.effects).toEqual(effects);
    expect(decision.holds !== undefined).toBe(held === true);
    expect(decision.trip).toBeUndefined();
  });
});
