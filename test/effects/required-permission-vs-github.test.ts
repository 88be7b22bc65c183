import { afterEach, describe, expect, test } from "@jest/globals";
import { EscalatedError, applyEffect } from "../../src/effects/apply-effect.js";
import { GitHubError } from "../../src/github/github-adapter.js";
import { createOctokitAdapter } from "../../src/github/octokit-adapter.js";
import { requiredPermission, type EffectThread } from "../../src/policy/breaker/required-permission.js";
import type { Effect } from "../../src/policy/effect.js";
import type { StandIn } from "../../src/sim/github-stand-in.js";
import type { PermissionLevel, World } from "../../src/sim/scenario.js";
import {
  accounts,
  discussionCommentEvent,
  example,
  issueCommentEvent,
  issueOpenedEvent,
  pullRequestEvent,
  pushEvent,
  reviewCommentEvent,
} from "../fixtures/webhook-examples.js";
import { octokitFor, startStandIn } from "../sim/stand-in-client.js";

/**
 * drill's permission column (requiredPermission) against the stand-in's refusals: an
 * installation granted exactly what the table lists (and metadata: read, which every App holds)
 * applies the effect; without any one grant of the list GitHub refuses it (403 "Resource not
 * accessible by integration", or a GraphQL FORBIDDEN), which the adapter reports as `forbidden`.
 * Pushes are reverted on a protected main, where the revert is a pull request: the one refusal the
 * adapter turns into steps for a human (EscalatedError) rather than a `forbidden` failure.
 */

type Seed = (standIn: StandIn) => void;
/** Main protected: a push is reverted through a pull request. */
const PROTECTED: Partial<World> = { protected_branches: ["main"] };

const REPO = { owner: "acme", repo: "widgets" };
const BEFORE = "1".repeat(40);
const AFTER = "2".repeat(40);

/** PR #42 by the agent, open, assigned to it, labelled agent:flagged. */
const pr: Seed = (s) =>
  s.observe(
    "pull_request",
    pullRequestEvent("opened", accounts.agent, accounts.agent, (p) => {
      p.pull_request.assignees = [{ ...accounts.agent }];
      p.pull_request.labels = [{ name: "agent:flagged" }];
    }),
  );
/** Issue #7 by the agent, assigned to it, labelled agent:flagged, with comment 700 (IC_700). */
const issue: Seed = (s) => {
  s.observe(
    "issues",
    example("issues", "opened", (p) => {
      Object.assign(p, issueOpenedEvent(accounts.agent, 7));
      p.issue.assignees = [{ ...accounts.agent }];
      p.issue.labels = [{ name: "agent:flagged" }];
    }),
  );
  s.observe("issue_comment", issueCommentEvent(accounts.agent, { number: 7, commentId: 700, threadAuthor: accounts.agent }));
};
/** PR #42 with issue comment 4200 (IC_4200) in its conversation. */
const prComment: Seed = (s) => {
  pr(s);
  s.observe(
    "issue_comment",
    issueCommentEvent(accounts.agent, { number: 42, commentId: 4200, onPullRequest: true, threadAuthor: accounts.agent }),
  );
};
/** PR #42 with review comment 4300 (PRRC_4300) on its diff. */
const reviewComment: Seed = (s) => {
  pr(s);
  s.observe("pull_request_review_comment", reviewCommentEvent(accounts.agent, { number: 42, commentId: 4300, prAuthor: accounts.agent }));
};
/** PR #42 with the agent's review 5100. */
const review: Seed = (s) => {
  pr(s);
  s.observe(
    "pull_request_review",
    example("pull_request_review", "submitted", (p) => {
      p.pull_request.number = 42;
      p.pull_request.node_id = "PR_kw42";
      p.pull_request.user = { ...accounts.agent };
      p.review.id = 5100;
      p.review.user = { ...accounts.agent };
      p.review.state = "approved";
      p.sender = { ...accounts.agent };
    }),
  );
};
/** Discussion #9 (D_kw9) with comment 900 (DC_900). */
const discussionComment: Seed = (s) =>
  s.observe("discussion_comment", discussionCommentEvent(accounts.agent, { number: 9, commentId: 900 }));
/** The agent's push to main, BEFORE → AFTER, changing `paths`. */
const push =
  (paths: string[]): Seed =>
  (s) =>
    s.observe("push", pushEvent(accounts.agent, { before: BEFORE, after: AFTER, paths }));
/** PR #42 merged by the agent. */
const merged: Seed = (s) =>
  s.observe(
    "pull_request",
    pullRequestEvent("closed", accounts.agent, accounts.agent, (p) => {
      p.pull_request.state = "closed";
      p.pull_request.merged = true;
      p.pull_request.merged_at = "2026-11-20T08:00:00Z";
    }),
  );
const nothing: Seed = () => {};
/** PR #42 by the agent with `patch` applied to the pull request (auto-merge on, reviewers requested, draft). */
const prWith =
  (patch: (pull: Record<string, unknown>) => void): Seed =>
  (s) =>
    s.observe(
      "pull_request",
      pullRequestEvent("opened", accounts.agent, accounts.agent, (p) => patch(p.pull_request)),
    );
/** PR #42 with the agent's review 5100 (PRR_5100). */
const reviewWithNode: Seed = (s) => {
  review(s);
  s.observe(
    "pull_request_review",
    example("pull_request_review", "submitted", (p) => {
      p.pull_request.number = 42;
      p.pull_request.node_id = "PR_kw42";
      p.review.id = 5100;
      p.review.node_id = "PRR_5100";
      p.review.user = { ...accounts.agent };
      p.review.state = "approved";
    }),
  );
};
/** The agent's commit comment 800 (CC_800). */
const commitComment: Seed = (s) =>
  s.observe(
    "commit_comment",
    example("commit_comment", "created", (p) => {
      p.comment.id = 800;
      p.comment.node_id = "CC_800";
      p.comment.user = { ...accounts.agent };
      p.sender = { ...accounts.agent };
    }),
  );
/** Discussion #9 (D_kw9) in repository R_widgets, with comment 900. */
const discussion: Seed = (s) =>
  s.observe("discussion_comment", discussionCommentEvent(accounts.agent, { number: 9, commentId: 900, discussionAuthor: accounts.agent }));
const REPOSITORY_NODE = "R_widgets";
const withRepositoryNode: Seed = (s) =>
  s.observe("discussion_comment", {
    ...discussionCommentEvent(accounts.agent, { number: 9, commentId: 900 }),
    repository: { ...example("discussion_comment", "created").repository, node_id: REPOSITORY_NODE },
  });
/** The agent's branch agent/x, created where main is. */
const branch: Seed = (s) =>
  s.observe(
    "create",
    example("create", undefined, (p) => {
      p.ref = "agent/x";
      p.ref_type = "branch";
      p.sender = { ...accounts.agent };
    }),
  );
/** Workflow run 30433642, in progress. */
const run: Seed = (s) =>
  s.observe(
    "workflow_run",
    example("workflow_run", "requested", (p) => {
      p.workflow_run.id = 30433642;
      p.workflow_run.status = "in_progress";
      p.workflow_run.conclusion = null;
    }),
  );
/** Release 600, published by the agent. */
const release: Seed = (s) =>
  s.observe(
    "release",
    example("release", "published", (p) => {
      p.release.id = 600;
      p.release.draft = false;
      p.sender = { ...accounts.agent };
    }),
  );
const bothThreads: Seed = (s) => {
  pr(s);
  issue(s);
};

const HEAD = "42aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

const ROWS: [string, Effect, EffectThread, Seed, Partial<World>?][] = [
  ["convert_to_draft", { kind: "convert_to_draft", prNodeId: "PR_kw42", number: 42 }, "pull_request", pr],
  ["close_pull_request", { kind: "close_pull_request", number: 42 }, "pull_request", pr],
  ["reopen_pull_request", { kind: "reopen_pull_request", number: 42 }, "pull_request", pr],
  ["dismiss_review", { kind: "dismiss_review", number: 42, reviewId: 5100, message: "contained" }, "pull_request", review],
  [
    "ensure_check_run",
    { kind: "ensure_check_run", number: 42, headSha: HEAD, conclusion: "action_required", title: "t", summary: "s" },
    "pull_request",
    pr,
  ],
  ["add_label on an issue", { kind: "add_label", number: 7, label: "agent:halted" }, "issue", issue],
  ["add_label on a PR", { kind: "add_label", number: 42, label: "agent:halted" }, "pull_request", pr],
  ["remove_label on an issue", { kind: "remove_label", number: 7, label: "agent:flagged" }, "issue", issue],
  ["remove_label on a PR", { kind: "remove_label", number: 42, label: "agent:flagged" }, "pull_request", pr],
  ["create_comment on an issue", { kind: "create_comment", number: 7, body: "b" }, "issue", issue],
  ["create_comment on a PR", { kind: "create_comment", number: 42, body: "b" }, "pull_request", pr],
  [
    "create_comment in a discussion",
    { kind: "create_comment", number: 9, body: "b", discussionNodeId: "D_kw9" },
    "discussion",
    discussionComment,
  ],
  [
    "create_comment as a review-thread reply",
    { kind: "create_comment", number: 42, body: "b", reviewCommentId: 4300 },
    "pull_request",
    reviewComment,
  ],
  ["minimize_comment of an issue comment", { kind: "minimize_comment", nodeId: "IC_700", classifier: "OUTDATED" }, "issue", issue],
  [
    "minimize_comment of a PR's issue comment",
    { kind: "minimize_comment", nodeId: "IC_4200", classifier: "OUTDATED" },
    "pull_request",
    prComment,
  ],
  [
    "minimize_comment of a review comment",
    { kind: "minimize_comment", nodeId: "PRRC_4300", classifier: "OUTDATED" },
    "pull_request",
    reviewComment,
  ],
  [
    "minimize_comment of a discussion comment",
    { kind: "minimize_comment", nodeId: "DC_900", classifier: "OUTDATED" },
    "discussion",
    discussionComment,
  ],
  ["unminimize_comment of an issue comment", { kind: "unminimize_comment", nodeId: "IC_700" }, "issue", issue],
  ["unminimize_comment of a PR's issue comment", { kind: "unminimize_comment", nodeId: "IC_4200" }, "pull_request", prComment],
  ["unminimize_comment of a review comment", { kind: "unminimize_comment", nodeId: "PRRC_4300" }, "pull_request", reviewComment],
  ["unminimize_comment of a discussion comment", { kind: "unminimize_comment", nodeId: "DC_900" }, "discussion", discussionComment],
  [
    "delete_comment of an issue comment",
    { kind: "delete_comment", surface: "issue_comment", commentId: 700, nodeId: "IC_700" },
    "issue",
    issue,
  ],
  [
    "delete_comment of a PR's issue comment",
    { kind: "delete_comment", surface: "issue_comment", commentId: 4200, nodeId: "IC_4200" },
    "pull_request",
    prComment,
  ],
  [
    "delete_comment of a review comment",
    { kind: "delete_comment", surface: "review_comment", commentId: 4300, nodeId: "PRRC_4300" },
    "pull_request",
    reviewComment,
  ],
  [
    "delete_comment of a discussion comment",
    { kind: "delete_comment", surface: "discussion_comment", commentId: 900, nodeId: "DC_900" },
    "discussion",
    discussionComment,
  ],
  ["close_issue", { kind: "close_issue", number: 7 }, "issue", issue],
  ["reopen_issue", { kind: "reopen_issue", number: 7 }, "issue", issue],
  [
    "ensure_incident_issue",
    { kind: "ensure_incident_issue", title: "agent-guardrails: incident", body: "b", labels: [] },
    "repository",
    nothing,
  ],
  [
    "unassign_agent (an issue and a PR)",
    { kind: "unassign_agent", login: accounts.agent.login },
    "repository",
    (s) => {
      pr(s);
      issue(s);
    },
  ],
  [
    "revert_push (protected main)",
    { kind: "revert_push", ref: "refs/heads/main", sha: AFTER, before: BEFORE, paths: ["src/index.ts"] },
    "repository",
    push(["src/index.ts"]),
    PROTECTED,
  ],
  [
    "revert_push touching .github/workflows/ (protected main)",
    { kind: "revert_push", ref: "refs/heads/main", sha: AFTER, before: BEFORE, paths: [".github/workflows/ci.yml"] },
    "repository",
    push([".github/workflows/ci.yml"]),
    PROTECTED,
  ],
  ["revert_merge", { kind: "revert_merge", prNodeId: "PR_kw42", number: 42 }, "pull_request", merged],
  ["restore_issue_text of an issue", { kind: "restore_issue_text", number: 7, title: "t", body: "b" }, "issue", issue],
  ["restore_issue_text of a PR", { kind: "restore_issue_text", number: 42, title: "t", body: "b" }, "pull_request", pr],
  [
    "restore_comment_text of an issue comment",
    { kind: "restore_comment_text", surface: "issue_comment", commentId: 700, nodeId: "IC_700", body: "b" },
    "issue",
    issue,
  ],
  [
    "restore_comment_text of a PR's issue comment",
    { kind: "restore_comment_text", surface: "issue_comment", commentId: 4200, nodeId: "IC_4200", body: "b" },
    "pull_request",
    prComment,
  ],
  [
    "restore_comment_text of a review comment",
    { kind: "restore_comment_text", surface: "review_comment", commentId: 4300, nodeId: "PRRC_4300", body: "b" },
    "pull_request",
    reviewComment,
  ],
  [
    "restore_comment_text of a review",
    { kind: "restore_comment_text", surface: "review", commentId: 5100, nodeId: "PRR_5100", body: "b" },
    "pull_request",
    reviewWithNode,
  ],
  [
    "restore_comment_text of a discussion comment",
    { kind: "restore_comment_text", surface: "discussion_comment", commentId: 900, nodeId: "DC_900", body: "b" },
    "discussion",
    discussionComment,
  ],
  [
    "restore_comment_text of a commit comment",
    { kind: "restore_comment_text", surface: "commit_comment", commentId: 800, nodeId: "CC_800", body: "b" },
    "repository",
    commitComment,
  ],
  [
    "restore_discussion_text",
    { kind: "restore_discussion_text", discussionNodeId: "D_kw9", title: "t", body: "b" },
    "discussion",
    discussion,
  ],
  ["delete_discussion", { kind: "delete_discussion", discussionNodeId: "D_kw9", number: 9 }, "discussion", discussion],
  [
    "create_discussion (a re-post: its marker looked up first)",
    { kind: "create_discussion", repositoryNodeId: REPOSITORY_NODE, categoryNodeId: "DIC_kw1", title: "t", body: "b", repostOf: 9 },
    "discussion",
    withRepositoryNode,
  ],
  [
    "disable_auto_merge",
    { kind: "disable_auto_merge", prNodeId: "PR_kw42", number: 42 },
    "pull_request",
    prWith((pull) => (pull.auto_merge = { merge_method: "squash", enabled_by: { ...accounts.agent } })),
  ],
  [
    "remove_requested_reviewer",
    { kind: "remove_requested_reviewer", number: 42, login: accounts.agent.login },
    "pull_request",
    prWith((pull) => (pull.requested_reviewers = [{ ...accounts.agent }])),
  ],
  [
    "mark_ready_for_review",
    { kind: "mark_ready_for_review", prNodeId: "PR_kw42", number: 42 },
    "pull_request",
    prWith((pull) => (pull.draft = true)),
  ],
  ["delete_ref", { kind: "delete_ref", ref: "heads/agent/x" }, "repository", branch],
  ["create_ref", { kind: "create_ref", ref: "heads/restored", sha: AFTER }, "repository", push(["src/index.ts"])],
  ["cancel_workflow_run", { kind: "cancel_workflow_run", runId: 30433642 }, "repository", run],
  ["set_release_draft", { kind: "set_release_draft", releaseId: 600, draft: true }, "repository", release],
  ["assign_agent (an issue and a PR)", { kind: "assign_agent", login: accounts.agent.login, numbers: [7, 42] }, "repository", bothThreads],
  ["cut_off_agent by removing a collaborator", { kind: "cut_off_agent", login: "dev", how: "remove_collaborator" }, "repository", nothing],
  ["cut_off_agent by an org block", { kind: "cut_off_agent", login: "dev", how: "block_user" }, "repository", nothing],
  [
    "restore_agent_access as a collaborator",
    { kind: "restore_agent_access", login: "dev", how: "remove_collaborator", permission: "write" },
    "repository",
    nothing,
  ],
  ["restore_agent_access by an unblock", { kind: "restore_agent_access", login: "dev", how: "block_user" }, "repository", nothing],
];

let standIn: StandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

/** Applies `effect` against a fresh stand-in granted `grants` (plus metadata: read), seeded by `seed`. */
async function applyWith(
  grants: Record<string, PermissionLevel>,
  effect: Effect,
  seed: Seed,
  world: Partial<World> = {},
): Promise<Record<string, unknown>> {
  await standIn?.close();
  standIn = await startStandIn({ ...world, installation_permissions: { metadata: "read", ...grants } });
  seed(standIn);
  return applyEffect(createOctokitAdapter(octokitFor(standIn)), REPO, effect);
}

function grantsOf(effect: Effect, thread: EffectThread): Record<string, PermissionLevel> {
  return Object.fromEntries(requiredPermission(effect, thread));
}

describe("requiredPermission against GitHub's refusals", () => {
  test("every effect kind has a row", () => {
    const kinds: Effect["kind"][] = [
      "convert_to_draft",
      "close_pull_request",
      "reopen_pull_request",
      "dismiss_review",
      "ensure_check_run",
      "add_label",
      "remove_label",
      "create_comment",
      "minimize_comment",
      "unminimize_comment",
      "delete_comment",
      "close_issue",
      "reopen_issue",
      "ensure_incident_issue",
      "unassign_agent",
      "revert_push",
      "revert_merge",
      "restore_issue_text",
      "restore_comment_text",
      "restore_discussion_text",
      "delete_discussion",
      "create_discussion",
      "disable_auto_merge",
      "remove_requested_reviewer",
      "mark_ready_for_review",
      "delete_ref",
      "create_ref",
      "cancel_workflow_run",
      "set_release_draft",
      "assign_agent",
      "cut_off_agent",
      "restore_agent_access",
    ];
    expect(new Set(ROWS.map(([, effect]) => effect.kind))).toEqual(new Set(kinds));
  });

  // Every row five long: a callback taking more arguments than its row has gets jest's `done`.
  const rows = ROWS.map(([name, effect, thread, seed, world]) => [name, effect, thread, seed, world ?? {}] as const);
  test.each(rows)("%s: granted exactly the table's permissions, it is applied", async (_name, effect, thread, seed, world) => {
    await expect(applyWith(grantsOf(effect, thread), effect, seed, world)).resolves.toBeDefined();
    // Nothing was refused on the way (an idempotent verb must not have swallowed a 403).
    expect(standIn!.requests.filter((r) => r.status === 403)).toEqual([]);
  });

  const without = ROWS.flatMap(([name, effect, thread, seed, world]) =>
    requiredPermission(effect, thread).map(([scope, level]) => [name, `${scope}: ${level}`, scope, effect, thread, seed, world] as const),
  );
  test.each(without)("%s: without %s, GitHub refuses it", async (_name, _grant, scope, effect, thread, seed, world) => {
    const grants = grantsOf(effect, thread);
    delete grants[scope];
    const failure = await applyWith(grants, effect, seed, world).then(
      (result) => result,
      (error: unknown) => error,
    );
    if (failure instanceof EscalatedError) {
      // A revert GitHub refuses hands a human the steps, after GitHub's 403: the revert PR
      // (pull_requests), or the ref update of a workflow change (workflows, in GitHub's words).
      expect(effect.kind).toBe("revert_push");
      if (scope === "workflows") {
        expect(failure.why).toContain("needs the app's workflows permission");
        expect(describe403(standIn!)).toEqual(["PATCH /repos/acme/widgets/git/refs/heads/main"]);
      } else {
        expect(failure.why).toContain("to open a pull request");
        expect(describe403(standIn!)).toEqual(["POST /repos/acme/widgets/pulls"]);
      }
      return;
    }
    expect(failure).toBeInstanceOf(GitHubError);
    expect(failure).toMatchObject({ kind: "forbidden" });
  });

  test("on an unprotected branch contents: write alone reverts a push (pull_requests: write is for the revert PR)", async () => {
    const effect: Effect = { kind: "revert_push", ref: "refs/heads/main", sha: AFTER, before: BEFORE, paths: ["src/index.ts"] };
    await expect(applyWith({ contents: "write" }, effect, push(["src/index.ts"]))).resolves.toMatchObject({
      revertCommit: expect.any(String),
    });
    await expect(applyWith({ pull_requests: "write" }, effect, push(["src/index.ts"]))).rejects.toMatchObject({ kind: "forbidden" });
  });

  test("on a protected branch the revert is a pull request", async () => {
    const effect: Effect = { kind: "revert_push", ref: "refs/heads/main", sha: AFTER, before: BEFORE, paths: ["src/index.ts"] };
    await expect(applyWith(grantsOf(effect, "repository"), effect, push(["src/index.ts"]), PROTECTED)).resolves.toMatchObject({
      revertPullRequest: expect.any(Number),
    });
  });
});

/** The requests the stand-in refused with 403, as `METHOD path`. */
function describe403(s: StandIn): string[] {
  return s.requests.filter((r) => r.status === 403).map((r) => `${r.method} ${r.path}`);
}
