import { describe, expect, test } from "@jest/globals";
import { strictDefaults } from "../../src/config/defaults.js";
import type { GuardrailsConfig, Policy } from "../../src/config/schema.js";
import type { AgentAction } from "../../src/policy/agent-action.js";
import { decide } from "../../src/policy/decide.js";
import type { Effect } from "../../src/policy/effect.js";
import { action, agent, dev, HEAD, otherAgent } from "../fixtures/actions.js";

const NOW = new Date("2026-11-20T09:00:00Z");
function config(policy: Partial<Policy> = {}, tripOn?: GuardrailsConfig["breaker"]["trip_on"]): GuardrailsConfig {
  const base: GuardrailsConfig = {
    ...strictDefaults,
    agents: ["copilot-swe-agent[bot]", "other-agent[bot]"],
    policy: { ...strictDefaults.policy, ...policy },
  };
  return tripOn ? { ...base, breaker: { ...base.breaker, trip_on: tripOn } } : base;
}

const issue = { isPullRequest: false, number: 7, nodeId: "I_7", url: "https://github.com/acme/widgets/issues/7" };
const humanIssue = (extra: object = {}) => ({ target: { ...issue, author: dev, ...extra } });
const ownIssue = (extra: object = {}) => ({ target: { ...issue, author: agent, ...extra } });
const edit = { changes: { title: "Crash on start", body: "Steps: run it" }, title: "Nothing to see", body: "fixed, close this" };
const discussion = {
  isPullRequest: false,
  number: 9,
  nodeId: "D_9",
  commentId: 9009,
  url: "https://github.com/acme/widgets/discussions/9",
  repositoryNodeId: "R_1",
  categoryNodeId: "DIC_1",
  title: "Announcing v2",
  body: "We ship v2, cc @everyone",
};
const humanComment = { commentId: 900, nodeId: "IC_900", commentAuthor: dev, body: "agent text", changes: { body: "the human's words" } };
const release = { isPullRequest: false, number: undefined, releaseId: 77, title: "v2.0.0", author: agent };

// The permission table for the watched surface: actor, target, config → verdict, effects, trip.
const rows: {
  row: string;
  act: AgentAction;
  config?: GuardrailsConfig;
  verdict: string;
  effects: (Effect | ReturnType<typeof expect.objectContaining>)[];
  trip?: "tamper";
}[] = [
  // Review integrity.
  {
    row: "agent dismisses a human's changes_requested review → gate back to action_required, a comment names it, trips tamper",
    act: action("pull_request_review.dismissed", {
      target: { reviewId: 51, dismissedReview: { id: 51, author: dev, state: "changes_requested" } },
    }),
    verdict: "violation",
    effects: [
      expect.objectContaining({
        kind: "ensure_check_run",
        name: "agent-guardrails",
        number: 42,
        headSha: HEAD,
        conclusion: "action_required",
      }),
      expect.objectContaining({
        kind: "create_comment",
        number: 42,
        body: expect.stringContaining("review 51 by `dev` (changes_requested)"),
      }),
    ],
    trip: "tamper",
  },
  {
    row: "… with trip_on without tamper → still undone, no trip",
    act: action("pull_request_review.dismissed", {
      target: { reviewId: 51, dismissedReview: { id: 51, author: dev, state: "changes_requested" } },
    }),
    config: config({}, ["rate"]),
    verdict: "violation",
    effects: [
      expect.objectContaining({ kind: "ensure_check_run", conclusion: "action_required" }),
      expect.objectContaining({ kind: "create_comment" }),
    ],
  },
  {
    row: "agent dismisses another agent's review → audited",
    act: action("pull_request_review.dismissed", { target: { dismissedReview: { id: 52, author: otherAgent, state: "approved" } } }),
    verdict: "allow",
    effects: [],
  },
  {
    row: "agent approves → dismissed, trips tamper",
    act: action("pull_request_review.submitted", { target: { reviewId: 7, reviewState: "approved" } }),
    verdict: "violation",
    effects: [expect.objectContaining({ kind: "dismiss_review", number: 42, reviewId: 7 })],
    trip: "tamper",
  },
  {
    row: "agent approves with a body → dismissed, the body hidden, trips tamper",
    act: action("pull_request_review.submitted", { target: { reviewId: 7, reviewState: "approved", nodeId: "PRR_7", body: "LGTM" } }),
    verdict: "violation",
    effects: [
      expect.objectContaining({ kind: "dismiss_review", reviewId: 7 }),
      { kind: "minimize_comment", nodeId: "PRR_7", classifier: "OUTDATED" },
    ],
    trip: "tamper",
  },
  {
    row: "agent enables auto-merge → disabled, trips tamper",
    act: action("pull_request.auto_merge_enabled"),
    verdict: "violation",
    effects: [{ kind: "disable_auto_merge", prNodeId: "PR_kw42", number: 42 }],
    trip: "tamper",
  },
  {
    row: "agent requests its own review → request removed, trips tamper",
    act: action("pull_request.review_requested", { target: { requestedReviewer: agent.login } }),
    verdict: "violation",
    effects: [{ kind: "remove_requested_reviewer", number: 42, login: agent.login }],
    trip: "tamper",
  },
  {
    row: "agent requests another agent's review → request removed, trips tamper",
    act: action("pull_request.review_requested", { target: { requestedReviewer: otherAgent.login } }),
    verdict: "violation",
    effects: [{ kind: "remove_requested_reviewer", number: 42, login: otherAgent.login }],
    trip: "tamper",
  },
  {
    row: "agent requests a human's review → audited",
    act: action("pull_request.review_requested", { target: { requestedReviewer: "dev" } }),
    verdict: "allow",
    effects: [],
  },
  {
    row: "agent requests a team's review → audited",
    act: action("pull_request.review_requested", { target: { requestedReviewer: "acme/core" } }),
    verdict: "allow",
    effects: [],
  },
  {
    row: "agent removes agent:pending-approval from a PR → restored, trips tamper",
    act: action("pull_request.unlabeled", { target: { label: "agent:pending-approval" } }),
    verdict: "violation",
    effects: [{ kind: "add_label", number: 42, label: "agent:pending-approval" }],
    trip: "tamper",
  },
  {
    row: "agent removes agent:halted from an issue → restored, trips tamper",
    act: action("issues.unlabeled", humanIssue({ label: "agent:halted" })),
    verdict: "violation",
    effects: [{ kind: "add_label", number: 7, label: "agent:halted" }],
    trip: "tamper",
  },
  {
    row: "agent removes agent:flagged from its own issue → restored, trips tamper",
    act: action("issues.unlabeled", ownIssue({ label: "agent:flagged" })),
    verdict: "violation",
    effects: [{ kind: "add_label", number: 7, label: "agent:flagged" }],
    trip: "tamper",
  },
  {
    row: "agent removes another label → audited",
    act: action("issues.unlabeled", humanIssue({ label: "bug" })),
    verdict: "allow",
    effects: [],
  },

  // Text an agent changes.
  {
    row: "agent edits a human's issue → title and body restored, trips tamper",
    act: action("issues.edited", humanIssue(edit)),
    verdict: "violation",
    effects: [{ kind: "restore_issue_text", number: 7, title: "Crash on start", body: "Steps: run it" }],
    trip: "tamper",
  },
  {
    row: "agent edits a human's PR body → restored, trips tamper",
    act: action("pull_request.edited", { target: { author: dev, changes: { body: "why" } } }),
    verdict: "violation",
    effects: [{ kind: "restore_issue_text", number: 42, body: "why" }],
    trip: "tamper",
  },
  {
    row: "agent edits a human's PR base branch only → audited",
    act: action("pull_request.edited", { target: { author: dev } }),
    verdict: "allow",
    effects: [],
  },
  {
    row: "agent edits a human's discussion → restored, trips tamper",
    act: action("discussion.edited", { target: { ...discussion, author: dev, changes: { title: "Question" } } }),
    verdict: "violation",
    effects: [{ kind: "restore_discussion_text", discussionNodeId: "D_9", title: "Question" }],
    trip: "tamper",
  },
  {
    row: "agent edits a human's issue comment → restored, trips tamper",
    act: action("issue_comment.edited", humanIssue(humanComment)),
    verdict: "violation",
    effects: [{ kind: "restore_comment_text", surface: "issue_comment", commentId: 900, nodeId: "IC_900", body: "the human's words" }],
    trip: "tamper",
  },
  {
    row: "agent edits a human's review comment → restored, trips tamper",
    act: action("pull_request_review_comment.edited", { target: { ...humanComment, nodeId: "PRRC_900" } }),
    verdict: "violation",
    effects: [{ kind: "restore_comment_text", surface: "review_comment", commentId: 900, nodeId: "PRRC_900", body: "the human's words" }],
    trip: "tamper",
  },
  {
    row: "agent edits a human's discussion comment → restored, trips tamper",
    act: action("discussion_comment.edited", { target: { ...discussion, ...humanComment, nodeId: "DC_900" } }),
    verdict: "violation",
    effects: [{ kind: "restore_comment_text", surface: "discussion_comment", commentId: 900, nodeId: "DC_900", body: "the human's words" }],
    trip: "tamper",
  },
  {
    row: "agent edits its own comment → the comment rules (hide: minimized)",
    act: action("issue_comment.edited", ownIssue({ ...humanComment, commentAuthor: agent })),
    verdict: "gate",
    effects: [{ kind: "minimize_comment", nodeId: "IC_900", classifier: "OUTDATED" }],
  },
  {
    row: "agent edits a human's release → trips tamper (its text kept in the audit log)",
    act: action("release.edited", { target: { ...release, author: dev, releaseDraft: false, changes: { body: "notes" } } }),
    verdict: "violation",
    effects: [],
    trip: "tamper",
  },
  {
    row: "own issue body · comment: allow → audited",
    act: action("issues.edited", ownIssue(edit)),
    config: config({ comment: "allow" }),
    verdict: "allow",
    effects: [],
  },
  {
    row: "own issue body · comment: flag → flagged",
    act: action("issues.edited", ownIssue(edit)),
    config: config({ comment: "flag" }),
    verdict: "gate",
    effects: [{ kind: "add_label", number: 7, label: "agent:flagged" }],
  },
  {
    row: "own issue body · comment: hide → flagged (a body cannot be minimized)",
    act: action("issues.edited", ownIssue(edit)),
    verdict: "gate",
    effects: [{ kind: "add_label", number: 7, label: "agent:flagged" }],
  },
  {
    row: "own issue body · comment: hide, already flagged → no write",
    act: action("issues.edited", ownIssue({ ...edit, labels: ["agent:flagged"] })),
    verdict: "gate",
    effects: [],
  },
  {
    row: "own issue body · comment: hold → the text before the edit restored",
    act: action("issues.edited", ownIssue(edit)),
    config: config({ comment: "hold" }),
    verdict: "gate",
    effects: [{ kind: "restore_issue_text", number: 7, title: "Crash on start", body: "Steps: run it" }],
  },
  {
    row: "own PR body · comment: hold → restored",
    act: action("pull_request.edited", { target: { changes: { body: "v1" } } }),
    config: config({ comment: "hold" }),
    verdict: "gate",
    effects: [{ kind: "restore_issue_text", number: 42, body: "v1" }],
  },
  {
    row: "own discussion · external_comment: hold → restored",
    act: action("discussion.edited", { target: { ...discussion, author: agent, changes: { body: "v1" } } }),
    verdict: "gate",
    effects: [{ kind: "restore_discussion_text", discussionNodeId: "D_9", body: "v1" }],
  },
  {
    row: "own discussion · external_comment: flag → flagged in the audit log (no issues-API label on a discussion)",
    act: action("discussion.edited", { target: { ...discussion, author: agent, changes: { body: "v1" } } }),
    config: config({ external_comment: "flag" }),
    verdict: "gate",
    effects: [],
  },

  // Outward-facing publication.
  {
    row: "agent publishes a release · release: draft → back to draft",
    act: action("release.published", { target: { ...release, releaseDraft: false } }),
    verdict: "gate",
    effects: [{ kind: "set_release_draft", releaseId: 77, draft: true }],
  },
  {
    row: "agent publishes a release · release: allow → audited",
    act: action("release.published", { target: { ...release, releaseDraft: false } }),
    config: config({ release: "allow" }),
    verdict: "allow",
    effects: [],
  },
  {
    row: "agent creates a published release → back to draft",
    act: action("release.created", { target: { ...release, releaseDraft: false } }),
    verdict: "gate",
    effects: [{ kind: "set_release_draft", releaseId: 77, draft: true }],
  },
  {
    row: "agent creates a draft release → audited",
    act: action("release.created", { target: { ...release, releaseDraft: true } }),
    verdict: "allow",
    effects: [],
  },
  {
    row: "agent edits its published release → back to draft",
    act: action("release.edited", { target: { ...release, releaseDraft: false } }),
    verdict: "gate",
    effects: [{ kind: "set_release_draft", releaseId: 77, draft: true }],
  },
  { row: "agent deletes a release → audited", act: action("release.deleted", { target: release }), verdict: "allow", effects: [] },
  {
    row: "agent opens a discussion · external_comment: hold → deleted, held",
    act: action("discussion.created", { target: { ...discussion, author: agent } }),
    verdict: "gate",
    effects: [{ kind: "delete_discussion", discussionNodeId: "D_9", number: 9 }],
  },
  {
    row: "agent opens a discussion · external_comment: hide → flagged (cannot be minimized)",
    act: action("discussion.created", { target: { ...discussion, author: agent } }),
    config: config({ external_comment: "hide" }),
    verdict: "gate",
    effects: [],
  },
  {
    row: "agent opens a discussion · external_comment: allow → audited",
    act: action("discussion.created", { target: { ...discussion, author: agent } }),
    config: config({ external_comment: "allow" }),
    verdict: "allow",
    effects: [],
  },

  // The rest of the surface.
  {
    row: "agent closes a human's issue → flagged",
    act: action("issues.closed", humanIssue()),
    verdict: "gate",
    effects: [{ kind: "add_label", number: 7, label: "agent:flagged" }],
  },
  { row: "agent closes its own issue → audited", act: action("issues.closed", ownIssue()), verdict: "allow", effects: [] },
  {
    row: "agent closes a human's PR → flagged",
    act: action("pull_request.closed", { target: { author: dev } }),
    verdict: "gate",
    effects: [{ kind: "add_label", number: 42, label: "agent:flagged" }],
  },
  { row: "agent closes its own PR → audited", act: action("pull_request.closed"), verdict: "allow", effects: [] },
  { row: "agent labels an issue → audited", act: action("issues.labeled", humanIssue({ label: "bug" })), verdict: "allow", effects: [] },
  { row: "agent labels a PR → audited", act: action("pull_request.labeled", { target: { label: "bug" } }), verdict: "allow", effects: [] },
  {
    row: "agent assigns an issue → audited",
    act: action("issues.assigned", humanIssue({ assignee: agent.login })),
    verdict: "allow",
    effects: [],
  },
  { row: "agent converts its PR to draft → audited", act: action("pull_request.converted_to_draft"), verdict: "allow", effects: [] },
  {
    row: "agent transfers a human's issue → trips tamper",
    act: action("issues.transferred", humanIssue({ transferredTo: "acme/elsewhere" })),
    verdict: "violation",
    effects: [],
    trip: "tamper",
  },
  {
    row: "agent transfers its own issue → audited",
    act: action("issues.transferred", ownIssue({ transferredTo: "acme/elsewhere" })),
    verdict: "allow",
    effects: [],
  },
  {
    row: "agent deletes a human's issue → trips tamper",
    act: action("issues.deleted", humanIssue()),
    verdict: "violation",
    effects: [],
    trip: "tamper",
  },
  { row: "agent deletes its own issue → audited", act: action("issues.deleted", ownIssue()), verdict: "allow", effects: [] },
  {
    row: "agent deletes a human's discussion comment → trips tamper",
    act: action("discussion_comment.deleted", { target: { ...discussion, commentId: 900, commentAuthor: dev } }),
    verdict: "violation",
    effects: [],
    trip: "tamper",
  },
  {
    row: "agent deletes its own discussion comment → audited",
    act: action("discussion_comment.deleted", { target: { ...discussion, commentId: 900, commentAuthor: agent } }),
    verdict: "allow",
    effects: [],
  },
  {
    row: "agent creates a branch → audited",
    act: action("create", { target: { ref: "agent/x", refType: "branch" } }),
    verdict: "allow",
    effects: [],
  },
  { row: "agent deletes a tag → audited", act: action("delete", { target: { ref: "v1", refType: "tag" } }), verdict: "allow", effects: [] },
  {
    row: "agent dispatches a workflow → audited",
    act: action("workflow_dispatch", { target: { workflow: ".github/workflows/ci.yml" } }),
    verdict: "allow",
    effects: [],
  },
  {
    row: "agent starts a workflow run → audited",
    act: action("workflow_run.requested", { target: { runId: 31, workflow: ".github/workflows/ci.yml" } }),
    verdict: "allow",
    effects: [],
  },
  {
    row: "agent comments on a commit · comment: hide → minimized",
    act: action("commit_comment.created", { target: { number: undefined, commentId: 600, nodeId: "CC_600", body: "nice" } }),
    verdict: "gate",
    effects: [{ kind: "minimize_comment", nodeId: "CC_600", classifier: "OUTDATED" }],
  },
  {
    row: "agent comments on a commit · comment: hold → minimized (no thread to re-post into)",
    act: action("commit_comment.created", { target: { number: undefined, commentId: 600, nodeId: "CC_600", body: "nice" } }),
    config: config({ comment: "hold" }),
    verdict: "gate",
    effects: [{ kind: "minimize_comment", nodeId: "CC_600", classifier: "OUTDATED" }],
  },
  {
    row: "agent comments on a commit · comment: flag → no thread to label",
    act: action("commit_comment.created", { target: { number: undefined, commentId: 600, nodeId: "CC_600", body: "nice" } }),
    config: config({ comment: "flag" }),
    verdict: "gate",
    effects: [],
  },
];

describe("permission table: the watched surface", () => {
  test.each(rows)("$row", ({ act, config: cfg, verdict, effects, trip }) => {
    const decision = decide(act, cfg ?? config(), {}, NOW);
    expect(decision.verdict).toBe(verdict);
    expect(decision.effects).toEqual(effects);
    expect(decision.trip?.reason).toBe(trip);
    if (trip) expect(decision.trip).toMatchObject({ agent: agent.login, evidence: expect.stringContaining("acme/widgets") });
    expect(decision.reasons.length).toBeGreaterThan(0);
  });

  test("a human acting on the same surface is not an agent action", () => {
    for (const kind of [
      "issues.edited",
      "issues.closed",
      "release.published",
      "discussion.created",
      "create",
      "workflow_dispatch",
    ] as const) {
      expect(decide(action(kind, { actor: dev, target: { ...issue, author: dev } }), config(), {}, NOW).verdict).toBe("ignore");
    }
  });

  test("the dismissal comment names the review without echoing the agent's text", () => {
    const act = action("pull_request_review.dismissed", {
      target: {
        reviewId: 51,
        body: "<img src=x> @maint ignore this",
        dismissedReview: { id: 51, author: dev, state: "changes_requested" },
      },
    });
    const comment = decide(act, config(), {}, NOW).effects.find((e) => e.kind === "create_comment");
    expect(comment && "body" in comment ? comment.body : "").not.toMatch(/<img|@maint/);
  });

  test("a held discussion keeps what createDiscussion needs to re-post it", () => {
    const decision = decide(action("discussion.created", { target: { ...discussion, author: agent } }), config(), {}, NOW);
    expect(decision.holds).toEqual([
      expect.objectContaining({
        commentId: 9009,
        nodeId: "D_9",
        number: 9,
        body: discussion.body,
        mode: "hold",
        external: true,
        status: "pending",
        placement: { discussion: { repositoryNodeId: "R_1", categoryNodeId: "DIC_1", title: "Announcing v2" } },
      }),
    ]);
  });

  test("a discussion whose payload lacks the node ids to re-post it is flagged, not deleted", () => {
    const decision = decide(
      action("discussion.created", { target: { ...discussion, author: agent, categoryNodeId: undefined } }),
      config(),
      {},
      NOW,
    );
    expect(decision.effects).toEqual([]);
    expect(decision.holds).toBeUndefined();
  });
});
