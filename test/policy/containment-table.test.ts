import { describe, expect, test } from "@jest/globals";
import { strictDefaults } from "../../src/config/defaults.js";
import type { GuardrailsConfig } from "../../src/config/schema.js";
import { inverseOf } from "../../src/breaker/resume-and-undo.js";
import { incidentBody } from "../../src/breaker/incident-body.js";
import { cutOffInstructions, usableCutOffs } from "../../src/policy/breaker/cut-off.js";
import type { HistoryItem } from "../../src/policy/breaker/history-item.js";
import { planContainmentReport } from "../../src/policy/breaker/plan-containment.js";
import { knownShaKey } from "../../src/policy/breaker/reverse-agent-actions.js";
import { decide } from "../../src/policy/decide.js";
import type { Effect } from "../../src/policy/effect.js";
import { action, maintainer } from "../fixtures/actions.js";

const AGENT = "copilot-swe-agent[bot]";
type Contain = GuardrailsConfig["breaker"]["contain"];

let minute = 0;
/** An audit row of the agent's, as containment reads it (detail fields as the pipeline writes them). */
function row(actionName: string, extra: Partial<HistoryItem> = {}): HistoryItem {
  minute += 1;
  return {
    at: `2026-11-20T08:${String(minute).padStart(2, "0")}:00Z`,
    actor: AGENT,
    effectKinds: [],
    repo: "acme/widgets",
    action: actionName,
    verdict: "allow",
    targetNumber: null,
    targetNodeId: null,
    targetSha: null,
    detail: {},
    ...extra,
  };
}

const SHA = "c".repeat(40);
const shas = new Map([[knownShaKey("acme/widgets", "feature"), SHA]]);

function plan(history: HistoryItem[], contain: Contain) {
  return planContainmentReport(history, contain, new Set(), undefined, { knownShas: shas });
}

describe("containment plan: each contain option, history rows → steps", () => {
  test.each<[string, Contain, HistoryItem[], Effect[]]>([
    [
      "reopen_closed: a human's issue it closed is reopened",
      ["reopen_closed"],
      [row("issues.closed", { targetNumber: 3, detail: { threadAuthor: "dev", threadAuthorKind: "human" } })],
      [{ kind: "reopen_issue", number: 3 }],
    ],
    [
      "reopen_closed: a human's PR it closed is reopened",
      ["reopen_closed"],
      [row("pull_request.closed", { targetNumber: 4, detail: { threadAuthorKind: "human", isPullRequest: true } })],
      [{ kind: "reopen_pull_request", number: 4 }],
    ],
    [
      "reopen_closed: its own issue closed stays closed",
      ["reopen_closed"],
      [row("issues.closed", { targetNumber: 3, detail: { threadAuthorKind: "agent" } })],
      [],
    ],
    [
      "reopen_closed: not asked for, nothing",
      ["restore_labels"],
      [row("issues.closed", { targetNumber: 3, detail: { threadAuthorKind: "human" } })],
      [],
    ],
    [
      "restore_labels: a label it removed is added back",
      ["restore_labels"],
      [row("issues.unlabeled", { targetNumber: 3, detail: { label: "bug" } })],
      [{ kind: "add_label", number: 3, label: "bug" }],
    ],
    [
      "restore_labels: a label it added is removed",
      ["restore_labels"],
      [row("pull_request.labeled", { targetNumber: 4, detail: { label: "ship-it" } })],
      [{ kind: "remove_label", number: 4, label: "ship-it" }],
    ],
    [
      "restore_labels: the app's own label it added is never removed",
      ["restore_labels"],
      [row("issues.labeled", { targetNumber: 3, detail: { label: "agent:flagged" } })],
      [],
    ],
    [
      "restore_labels: added then removed: the oldest touch decides (removal, idempotent), once",
      ["restore_labels"],
      [
        row("issues.labeled", { targetNumber: 3, detail: { label: "bug" } }),
        row("issues.unlabeled", { targetNumber: 3, detail: { label: "bug" } }),
      ],
      [{ kind: "remove_label", number: 3, label: "bug" }],
    ],
    [
      "restore_labels: a required label already restored on arrival is not restored twice",
      ["restore_labels"],
      [row("pull_request.unlabeled", { targetNumber: 4, effectKinds: ["add_label"], detail: { label: "agent:pending-approval" } })],
      [],
    ],
    [
      "restore_text: a human's issue title and body, from changes (the text before), the agent's title kept for undo",
      ["restore_text"],
      [
        row("issues.edited", {
          targetNumber: 3,
          detail: {
            changes: { title: "Crash on save", body: "Steps…" },
            title: "Fixed",
            textAuthorKind: "human",
            threadAuthorKind: "human",
          },
        }),
      ],
      [{ kind: "restore_issue_text", number: 3, title: "Crash on save", body: "Steps…", replaced: { title: "Fixed" } }],
    ],
    [
      "restore_text: the oldest edit's text is the human's",
      ["restore_text"],
      [
        row("issues.edited", { targetNumber: 3, detail: { changes: { body: "human" }, textAuthorKind: "human" } }),
        row("issues.edited", { targetNumber: 3, detail: { changes: { body: "agent's first" }, textAuthorKind: "human" } }),
      ],
      [{ kind: "restore_issue_text", number: 3, body: "human" }],
    ],
    [
      "restore_text: its own PR's body is not its to restore here",
      ["restore_text"],
      [
        row("pull_request.edited", {
          targetNumber: 4,
          detail: { changes: { body: "x" }, textAuthorKind: "agent", threadAuthorKind: "agent" },
        }),
      ],
      [],
    ],
    [
      "restore_text: already restored on arrival, not twice",
      ["restore_text"],
      [
        row("issues.edited", {
          targetNumber: 3,
          effectKinds: ["restore_issue_text"],
          detail: { changes: { body: "x" }, textAuthorKind: "human" },
        }),
      ],
      [],
    ],
    [
      "restore_text: a human's comment (not hidden: it is the human's)",
      ["restore_text", "hide_comments"],
      [
        row("issue_comment.edited", {
          targetNumber: 3,
          targetNodeId: "IC_9",
          detail: { changes: { body: "mine" }, textAuthorKind: "human", commentId: 9 },
        }),
      ],
      [{ kind: "restore_comment_text", surface: "issue_comment", commentId: 9, nodeId: "IC_9", body: "mine" }],
    ],
    [
      "restore_text: a human's discussion (outward-facing)",
      ["restore_text"],
      [
        row("discussion.edited", {
          targetNumber: 2,
          targetNodeId: "D_2",
          detail: { changes: { title: "Roadmap" }, textAuthorKind: "human" },
        }),
      ],
      [{ kind: "restore_discussion_text", discussionNodeId: "D_2", title: "Roadmap" }],
    ],
    [
      "delete_refs: a tag it created, without guard",
      ["delete_refs"],
      [row("create", { detail: { ref: "v9.9.9", refType: "tag" } })],
      [{ kind: "delete_ref", ref: "tags/v9.9.9" }],
    ],
    [
      "delete_refs: a branch it created, guarded by the last sha seen",
      ["delete_refs"],
      [row("create", { detail: { ref: "feature", refType: "branch" } })],
      [{ kind: "delete_ref", ref: "heads/feature", sha: SHA }],
    ],
    [
      "delete_refs: a branch with no sha seen is not deleted blindly",
      ["delete_refs"],
      [row("create", { detail: { ref: "unknown", refType: "branch" } })],
      [],
    ],
    [
      "restore_branches: a branch it deleted, at the last sha seen",
      ["restore_branches"],
      [row("delete", { detail: { ref: "feature", refType: "branch" } })],
      [{ kind: "create_ref", ref: "heads/feature", sha: SHA }],
    ],
    [
      "restore_branches + delete_refs: created then deleted by it: the oldest (create) decides",
      ["restore_branches", "delete_refs"],
      [row("create", { detail: { ref: "feature", refType: "branch" } }), row("delete", { detail: { ref: "feature", refType: "branch" } })],
      [{ kind: "delete_ref", ref: "heads/feature", sha: SHA }],
    ],
    [
      "disable_auto_merge",
      ["disable_auto_merge"],
      [row("pull_request.auto_merge_enabled", { targetNumber: 4, targetNodeId: "PR_4" })],
      [{ kind: "disable_auto_merge", prNodeId: "PR_4", number: 4 }],
    ],
    [
      "disable_auto_merge: already disabled on arrival",
      ["disable_auto_merge"],
      [row("pull_request.auto_merge_enabled", { targetNumber: 4, targetNodeId: "PR_4", effectKinds: ["disable_auto_merge"] })],
      [],
    ],
    [
      "cancel_workflows: a run it started",
      ["cancel_workflows"],
      [row("workflow_run.requested", { detail: { runId: 77, workflow: "deploy" } })],
      [{ kind: "cancel_workflow_run", runId: 77 }],
    ],
    [
      "cancel_workflows: opt-in, not in the defaults (unassign aside)",
      strictDefaults.breaker.contain.filter((c) => c !== "unassign"),
      [row("workflow_run.requested", { detail: { runId: 77 } })],
      [],
    ],
    [
      "draft_releases: a published release back to draft",
      ["draft_releases"],
      [row("release.published", { detail: { releaseId: 5, releaseDraft: false } })],
      [{ kind: "set_release_draft", releaseId: 5, draft: true }],
    ],
    [
      "a merged PR is not drafted (its merge is reverted)",
      ["draft_prs", "revert_merges"],
      [
        row("pull_request.opened", { targetNumber: 42, targetNodeId: "PR_42" }),
        row("pull_request.merged", { targetNumber: 42, targetNodeId: "PR_42" }),
      ],
      [{ kind: "revert_merge", prNodeId: "PR_42", number: 42 }],
    ],
    ["draft_releases: a draft stays", ["draft_releases"], [row("release.created", { detail: { releaseId: 5, releaseDraft: true } })], []],
    [
      "draft_releases: a human's release the agent edited stays published",
      ["draft_releases"],
      [row("release.edited", { detail: { releaseId: 5, releaseDraft: false, textAuthorKind: "human" } })],
      [],
    ],
  ])("%s", (_row, contain, history, effects) => {
    expect(plan(history, contain).steps.map((s) => s.effect)).toEqual(effects);
  });

  test("outward-facing first (a release, a discussion), then newest; the app's own label never removed by two asks", () => {
    const history = [
      row("issues.unlabeled", { targetNumber: 3, detail: { label: "bug" } }),
      row("release.published", { detail: { releaseId: 5 } }),
      row("issues.closed", { targetNumber: 3, detail: { threadAuthorKind: "human" } }),
    ];
    expect(plan(history, ["reopen_closed", "restore_labels", "draft_releases"]).steps.map((s) => [s.effect.kind, s.outward])).toEqual([
      ["set_release_draft", true],
      ["reopen_issue", false],
      ["add_label", false],
    ]);
  });

  test.each<[string, HistoryItem, RegExp]>([
    [
      "an issue deleted",
      row("issues.deleted", { targetNumber: 3, url: "https://github.com/acme/widgets/issues/3" }),
      /issue #3 deleted by the agent: GitHub cannot restore/,
    ],
    [
      "an issue transferred",
      row("issues.transferred", { targetNumber: 3, detail: { transferredTo: "acme/other" } }),
      /transferred by the agent to acme\/other/,
    ],
    ["a release deleted", row("release.deleted", { detail: { releaseId: 5 } }), /release 5 deleted/],
    [
      "a discussion comment deleted",
      row("discussion_comment.deleted", { detail: { textAuthor: "dev" } }),
      /written by @dev.*cannot restore/,
    ],
    [
      "a review dismissed",
      row("pull_request_review.dismissed", {
        targetNumber: 4,
        detail: { dismissedReview: { id: 1, author: "maint", authorKind: "human", state: "CHANGES_REQUESTED" } },
      }),
      /review by @maint \(changes_requested\) on #4 dismissed/,
    ],
    [
      "a deleted branch the app never saw",
      row("delete", { detail: { ref: "gone", refType: "branch" } }),
      /branch `gone` deleted.*never saw its last sha/,
    ],
    [
      "a created branch the app never saw",
      row("create", { detail: { ref: "new", refType: "branch" } }),
      /branch `new` created.*not deleted blindly/,
    ],
  ])("needs a human: %s", (_row, item, what) => {
    const { steps, needsHuman } = plan([item], [...strictDefaults.breaker.contain, "restore_branches", "delete_refs"]);
    expect(steps.filter((s) => s.effect.kind !== "unassign_agent")).toEqual([]);
    expect(needsHuman).toHaveLength(1);
    expect(needsHuman[0]!.what).toMatch(what);
    if (item.url) expect(needsHuman[0]!.url).toBe(item.url);
  });

  test("cut_off: first, per repository for remove_collaborator, once for block_user", () => {
    const history = [row("issues.closed", { targetNumber: 3, detail: { threadAuthorKind: "human" } }), row("push", { repo: "acme/other" })];
    const { steps } = planContainmentReport(
      history,
      ["reopen_closed", "unassign"],
      new Set(),
      { repo: "acme/widgets", agent: "rogue" },
      { cutOff: ["remove_collaborator", "block_user"] },
    );
    expect(steps.slice(0, 3).map((s) => [s.repo, s.effect])).toEqual([
      ["widgets", { kind: "cut_off_agent", login: "rogue", how: "remove_collaborator" }],
      ["other", { kind: "cut_off_agent", login: "rogue", how: "remove_collaborator" }],
      ["widgets", { kind: "cut_off_agent", login: "rogue", how: "block_user" }],
    ]);
    expect(steps[3]!.effect.kind).toBe("unassign_agent");
  });

  test.each<[string, { login: string; isBot?: boolean }, Record<string, string> | undefined, string[]]>([
    ["a user account, administration: write", { login: "rogue", isBot: false }, { administration: "write" }, ["remove_collaborator"]],
    [
      "a user account, both granted",
      { login: "rogue", isBot: false },
      { administration: "write", organization_user_blocking: "write" },
      ["remove_collaborator", "block_user"],
    ],
    ["a user account, administration: read only", { login: "rogue", isBot: false }, { administration: "read" }, []],
    ["permissions unknown", { login: "rogue", isBot: false }, undefined, []],
    ["an App's bot", { login: AGENT, isBot: true }, { administration: "write", organization_user_blocking: "write" }, []],
    ["Copilot's coding agent", { login: "Copilot" }, { administration: "write" }, []],
  ])("usable cut-offs: %s", (_row, agent, permissions, usable) => {
    expect(usableCutOffs(["remove_collaborator", "block_user"], agent, permissions)).toEqual(usable);
  });
});

describe("resume --undo: each containment step → its undo, or why not", () => {
  test.each<[string, Effect, Record<string, unknown>, Effect | null]>([
    [
      "hidden comment shown",
      { kind: "minimize_comment", nodeId: "IC_1", classifier: "OUTDATED" },
      {},
      { kind: "unminimize_comment", nodeId: "IC_1" },
    ],
    ["closed issue reopened", { kind: "close_issue", number: 3 }, {}, { kind: "reopen_issue", number: 3 }],
    ["closed PR reopened", { kind: "close_pull_request", number: 4 }, {}, { kind: "reopen_pull_request", number: 4 }],
    ["reopened issue closed again", { kind: "reopen_issue", number: 3 }, {}, { kind: "close_issue", number: 3 }],
    ["reopened PR closed again", { kind: "reopen_pull_request", number: 4 }, {}, { kind: "close_pull_request", number: 4 }],
    [
      "halted label removed",
      { kind: "add_label", number: 4, label: "agent:halted" },
      {},
      { kind: "remove_label", number: 4, label: "agent:halted" },
    ],
    [
      "a label removed by containment added back",
      { kind: "add_label", number: 3, label: "ship-it" },
      {},
      { kind: "remove_label", number: 3, label: "ship-it" },
    ],
    ["the gate's pending label stays", { kind: "add_label", number: 4, label: "agent:pending-approval" }, {}, null],
    [
      "a restored label removed again",
      { kind: "remove_label", number: 3, label: "bug" },
      {},
      { kind: "add_label", number: 3, label: "bug" },
    ],
    [
      "draft marked ready",
      { kind: "convert_to_draft", prNodeId: "PR_4", number: 4 },
      {},
      { kind: "mark_ready_for_review", prNodeId: "PR_4", number: 4 },
    ],
    [
      "unassigned: assigned again to the numbers recorded",
      { kind: "unassign_agent", login: AGENT },
      { numbers: [3, 4] },
      { kind: "assign_agent", login: AGENT, numbers: [3, 4] },
    ],
    ["unassigned from nothing: nothing to undo", { kind: "unassign_agent", login: AGENT }, { numbers: [] }, null],
    [
      "text: the agent's text from the step",
      { kind: "restore_issue_text", number: 3, body: "human", replaced: { body: "agent" } },
      {},
      { kind: "restore_issue_text", number: 3, body: "agent" },
    ],
    [
      "text: the agent's text from the result first",
      { kind: "restore_comment_text", surface: "issue_comment", commentId: 9, nodeId: "IC_9", body: "human" },
      { replaced: { body: "agent" } },
      { kind: "restore_comment_text", surface: "issue_comment", commentId: 9, nodeId: "IC_9", body: "agent" },
    ],
    [
      "a created ref deleted: restored at its sha",
      { kind: "delete_ref", ref: "heads/feature", sha: SHA },
      {},
      { kind: "create_ref", ref: "heads/feature", sha: SHA },
    ],
    [
      "a restored branch deleted again, guarded",
      { kind: "create_ref", ref: "heads/feature", sha: SHA },
      {},
      { kind: "delete_ref", ref: "heads/feature", sha: SHA },
    ],
    [
      "a release drafted: published again",
      { kind: "set_release_draft", releaseId: 5, draft: true },
      {},
      { kind: "set_release_draft", releaseId: 5, draft: false },
    ],
    [
      "cut off: access restored with the role it had",
      { kind: "cut_off_agent", login: "rogue", how: "remove_collaborator" },
      { permission: "push" },
      { kind: "restore_agent_access", login: "rogue", how: "remove_collaborator", permission: "push" },
    ],
    [
      "blocked: unblocked",
      { kind: "cut_off_agent", login: "rogue", how: "block_user" },
      {},
      { kind: "restore_agent_access", login: "rogue", how: "block_user" },
    ],
    [
      "revert PR still open: closed",
      { kind: "revert_push", ref: "refs/heads/main", sha: SHA, before: "b".repeat(40), paths: [] },
      { revertPullRequest: 12 },
      { kind: "close_pull_request", number: 12 },
    ],
    [
      "merge's revert PR: closed",
      { kind: "revert_merge", prNodeId: "PR_8", number: 8 },
      { revertPullRequest: 13 },
      { kind: "close_pull_request", number: 13 },
    ],
    ["the incident stays", { kind: "ensure_incident_issue", title: "t", body: "b", labels: [] }, {}, null],
  ])("%s", (_row, step, result, undo) => {
    const inverse = inverseOf(step, result);
    expect(inverse === null ? null : "effect" in inverse ? inverse.effect : inverse).toEqual(undo);
  });

  test.each<[string, Effect, Record<string, unknown>, RegExp]>([
    [
      "a revert commit already on the branch",
      { kind: "revert_push", ref: "refs/heads/main", sha: SHA, before: "b".repeat(40), paths: [] },
      { revertCommit: "d".repeat(40) },
      /revert commit ddddddd is already on `refs\/heads\/main`/,
    ],
    ["a cancelled run", { kind: "cancel_workflow_run", runId: 77 }, {}, /run 77 was cancelled: a cancelled run cannot be resumed/],
    ["auto-merge disabled", { kind: "disable_auto_merge", prNodeId: "PR_4", number: 4 }, {}, /auto-merge on #4 stays off/],
    [
      "text whose agent version was not recorded",
      { kind: "restore_issue_text", number: 3, body: "human" },
      {},
      /agent's body was not recorded/,
    ],
    ["a deleted tag with no sha", { kind: "delete_ref", ref: "tags/v1" }, {}, /`tags\/v1` was deleted at a sha the app did not record/],
    ["unassigned numbers not recorded", { kind: "unassign_agent", login: AGENT }, {}, /were not recorded/],
    ["a merge's revert PR not recorded", { kind: "revert_merge", prNodeId: "PR_8", number: 8 }, {}, /revert PR of #8 was not recorded/],
  ])("cannot: %s", (_row, step, result, why) => {
    const inverse = inverseOf(step, result);
    expect(inverse !== null && "cannot" in inverse ? inverse.cannot : undefined).toMatch(why);
  });
});

describe("stop the source: what a human must do", () => {
  test("a user-account agent: the collaborator page and API, the org block page and API", () => {
    const text = cutOffInstructions("rogue", "acme/widgets", false).join("\n");
    expect(text).toContain("https://github.com/acme/widgets/settings/access");
    expect(text).toContain("`DELETE /repos/acme/widgets/collaborators/rogue`");
    expect(text).toContain("`PUT /orgs/acme/blocks/rogue`");
  });

  test("an App's bot cannot be removed by another App: the installation settings; Copilot: its repository settings", () => {
    expect(cutOffInstructions(AGENT, "acme/widgets", true).join("\n")).toMatch(
      /another App cannot remove or block.*organizations\/acme\/settings\/installations/,
    );
    expect(cutOffInstructions("Copilot", "acme/widgets").join("\n")).toContain(
      "https://github.com/acme/widgets/settings/copilot/coding_agent",
    );
  });

  test("the incident lists what needs a human, with links, and how to cut the agent off", () => {
    const body = incidentBody({
      owner: "maint",
      trip: { agent: "rogue", reason: "tamper", evidence: "edited a human's issue" },
      tripId: 1,
      at: "2026-11-20T09:00:00Z",
      steps: [
        {
          owner: "acme",
          repo: "widgets",
          effect: { kind: "delete_ref", ref: "tags/v9", sha: undefined },
          outward: false,
          thread: "repository",
        },
      ],
      needsHuman: [
        {
          repo: "acme/widgets",
          at: "2026-11-20T08:59:00Z",
          action: "issues.deleted",
          what: "issue #3 deleted by the agent",
          url: "https://github.com/acme/widgets/issues/3",
        },
      ],
      cutOff: cutOffInstructions("rogue", "acme/widgets", false),
    });
    expect(body).toContain("1. `delete_ref` acme/widgets `tags/v9` — pending");
    expect(body).toContain("**Needs a human** (1: containment cannot undo these):");
    expect(body).toContain(
      "- acme/widgets 2026-11-20T08:59:00Z `issues.deleted`: issue #3 deleted by the agent (https://github.com/acme/widgets/issues/3)",
    );
    expect(body).toContain("`PUT /orgs/acme/blocks/rogue`");
  });

  const statusOf = (config: GuardrailsConfig, halted: boolean, agent = "rogue") => {
    const command = action("issue_comment.created", {
      actor: maintainer,
      body: "/guardrails status",
      target: { number: 42, commentAuthor: maintainer },
    });
    const decision = decide(
      command,
      config,
      { commanderRole: "admin", agents: [{ agent, halted, reason: "tamper", pendingComments: 0, pendingEffects: 0 }] },
      new Date("2026-11-20T09:00:00Z"),
    );
    return (decision.effects[0] as { body: string }).body;
  };
  const config: GuardrailsConfig = { ...strictDefaults, agents: ["rogue", AGENT] };

  test.each<[string, GuardrailsConfig, boolean, string, boolean]>([
    ["halted, no cut_off: status says it", config, true, "rogue", true],
    ["not halted: nothing to say", config, false, "rogue", false],
    [
      "halted, cut_off on: the app did it",
      { ...config, breaker: { ...config.breaker, cut_off: ["remove_collaborator"] } },
      true,
      "rogue",
      false,
    ],
    [
      "halted App bot, cut_off on: still a human's job",
      { ...config, breaker: { ...config.breaker, cut_off: ["remove_collaborator"] } },
      true,
      AGENT,
      true,
    ],
  ])("status: %s", (_row, cfg, halted, agent, says) => {
    expect(statusOf(cfg, halted, agent).includes("To cut `")).toBe(says);
  });
});

describe("drill: the cut-off a trip would plan", () => {
  const cfg: GuardrailsConfig = {
    ...strictDefaults,
    agents: ["rogue"],
    breaker: { ...strictDefaults.breaker, cut_off: ["remove_collaborator"] },
  };
  test.each<[string, Record<string, string>, boolean]>([
    ["granted administration: write: first step", { administration: "write", issues: "write", pull_requests: "write" }, true],
    ["not granted: not planned", { issues: "write", pull_requests: "write" }, false],
  ])("%s", (_row, permissions, planned) => {
    const drill = action("issue_comment.created", {
      actor: maintainer,
      body: "/guardrails drill @rogue",
      target: { number: 42, commentAuthor: maintainer },
    });
    const decision = decide(
      drill,
      cfg,
      { commanderRole: "admin", drill: { agent: "rogue", history: [], permissions } },
      new Date("2026-11-20T09:00:00Z"),
    );
    const body = (decision.effects[0] as { body: string }).body;
    expect(/\| 1 \| `cut_off_agent` /.test(body)).toBe(planned);
  });
});
