import { describe, expect, test } from "@jest/globals";
import { strictDefaults } from "../../src/config/defaults.js";
import type { GuardrailsConfig } from "../../src/config/schema.js";
import type { ActivityCounts } from "../../src/policy/breaker/activity-counts.js";
import { checkLimits } from "../../src/policy/breaker/check-limits.js";
import { checkScope, TRUNCATED_EVIDENCE } from "../../src/policy/breaker/check-scope.js";
import type { HistoryItem } from "../../src/policy/breaker/history-item.js";
import { planContainment } from "../../src/policy/breaker/plan-containment.js";
import { decide } from "../../src/policy/decide.js";
import { action, agent, maintainer } from "../fixtures/actions.js";

const NOW = new Date("2026-11-20T09:00:00Z");
const config: GuardrailsConfig = {
  ...strictDefaults,
  agents: ["copilot-swe-agent[bot]"],
  limits: {
    actions_per_hour: 60,
    comments_per_hour: 20,
    pull_requests_per_hour: 10,
    burst: { actions: 10, seconds: 60 },
    repos_per_hour: 3,
    loop: { replies: 6, seconds: 600 },
  },
};
const quiet: ActivityCounts = { actionsLastHour: 0, commentsLastHour: 0, pullRequestsLastHour: 0, actionsInBurst: 0, reposLastHour: [] };

describe("limits: the first over-limit action trips", () => {
  test.each([
    ["59 actions this hour, one more → under", "push", { actionsLastHour: 59 }, null],
    ["60 actions this hour, one more → rate", "push", { actionsLastHour: 60 }, "rate"],
    ["19 comments, one more → under", "issue_comment.created", { commentsLastHour: 19 }, null],
    ["20 comments, one more → rate", "issue_comment.created", { commentsLastHour: 20 }, "rate"],
    ["20 comments, a push → under (not a comment)", "push", { commentsLastHour: 20 }, null],
    ["10 PRs, one more → rate", "pull_request.opened", { pullRequestsLastHour: 10 }, "rate"],
    ["10 actions in the burst window, one more → burst", "push", { actionsInBurst: 10 }, "burst"],
    ["3 repos, a fourth → blast_radius", "push", { reposLastHour: ["acme/a", "acme/b", "acme/c"] }, "blast_radius"],
    ["3 repos, one of them again → under", "push", { reposLastHour: ["acme/a", "acme/b", "acme/widgets"] }, null],
    ["20 comments, a commit comment → rate", "commit_comment.created", { commentsLastHour: 20 }, "rate"],
    ["20 comments, a discussion opened → rate (outward-facing text)", "discussion.created", { commentsLastHour: 20 }, "rate"],
    ["20 comments, a discussion edited → under (not a comment)", "discussion.edited", { commentsLastHour: 20 }, null],
    [
      "10 actions in the burst window, a workflow run → under (its push was counted)",
      "workflow_run.requested",
      { actionsInBurst: 10 },
      null,
    ],
    ["10 actions in the burst window, a dispatch → burst", "workflow_dispatch", { actionsInBurst: 10 }, "burst"],
  ] as const)("%s", (_row, kind, counts, reason) => {
    expect(checkLimits(kind, "acme/widgets", { ...quiet, ...counts }, config)?.reason ?? null).toBe(reason);
  });

  test.each([
    ["2 comments in this repo, one more (per_repo 3) → under", "issue_comment.created", { commentsLastHour: 2 }, null],
    ["3 comments in this repo, one more → rate, this repository's breaker", "issue_comment.created", { commentsLastHour: 3 }, "repo"],
    ["9 actions in this repo, one more (per_repo 9) → rate in the repo", "push", { actionsLastHour: 9 }, "repo"],
  ] as const)("per-repo: %s", (_row, kind, inRepo, scope) => {
    const perRepo = { ...config, limits: { ...config.limits, per_repo: { actions_per_hour: 9, comments_per_hour: 3 } } };
    const counts = { ...quiet, inRepo: { actionsLastHour: 0, commentsLastHour: 0, pullRequestsLastHour: 0, ...inRepo } };
    const found = checkLimits(kind, "acme/widgets", counts, perRepo);
    expect(found?.scope ?? null).toBe(scope);
    if (found) expect(found.evidence).toContain("in acme/widgets");
  });

  test("a condition missing from trip_on never trips", () => {
    const noRate = { ...config, breaker: { ...config.breaker, trip_on: ["burst" as const] } };
    expect(checkLimits("push", "acme/widgets", { ...quiet, actionsLastHour: 500 }, noRate)).toBeNull();
  });
});

describe("scope", () => {
  const scoped = { ...config, scope: { paths: ["src/**", "docs/**"], protected: [".github/**", "package.json"] } };
  test.each([
    [["src/a.ts", "docs/x.md"], null],
    [["src/a.ts", "README.md"], "scope"],
    [[".github/workflows/ci.yml"], "protected"],
    [[".github/agent-guardrails.yml", "src/a.ts"], "protected"],
    [["package.json"], "protected"],
    [[], null],
  ] as const)("%j → %s", (paths, reason) => {
    expect(checkScope(paths, scoped)?.reason ?? null).toBe(reason);
  });

  // GitHub lists at most 3,000 files of a PR: what it did not list may be anything (fail closed).
  const onlyProtected = { ...scoped, breaker: { ...scoped.breaker, trip_on: ["protected" as const] } };
  const neither = { ...scoped, breaker: { ...scoped.breaker, trip_on: ["rate" as const] } };
  test.each([
    ["truncated, listed all in scope → scope", ["src/a.ts"], scoped, "scope", TRUNCATED_EVIDENCE],
    ["truncated, nothing listed → scope", [], scoped, "scope", TRUNCATED_EVIDENCE],
    [
      "truncated, a listed protected path → protected (graver)",
      [".github/x.yml"],
      scoped,
      "protected",
      "changed protected paths: .github/x.yml",
    ],
    ["truncated, only protected trips → protected", ["src/a.ts"], onlyProtected, "protected", TRUNCATED_EVIDENCE],
    ["truncated, neither trips → none", ["src/a.ts"], neither, null, undefined],
  ] as const)("%s", (_row, paths, cfg, reason, evidence) => {
    const found = checkScope(paths, cfg, true);
    expect(found?.reason ?? null).toBe(reason);
    expect(found?.evidence).toBe(evidence);
  });
});

describe("decide with the breaker", () => {
  test("the over-limit action itself is contained and trips the breaker", () => {
    const comment = action("issue_comment.created", { target: { commentId: 5, nodeId: "IC_5", body: "spam" } });
    const decision = decide(comment, config, { activity: { ...quiet, commentsLastHour: 20 } }, NOW);
    expect(decision.verdict).toBe("contained");
    expect(decision.trip).toMatchObject({ agent: agent.login, reason: "rate" });
    expect(decision.effects.map((e) => e.kind)).toEqual(["delete_comment"]);
    expect(decision.holds?.[0]).toMatchObject({ body: "spam", mode: "hold" });
  });

  test("a halted agent's PR is closed on arrival", () => {
    const decision = decide(action("pull_request.opened"), config, { breaker: { halted: true, reason: "manual" } }, NOW);
    expect(decision.verdict).toBe("contained");
    expect(decision.trip).toBeUndefined();
    expect(decision.effects.map((e) => e.kind)).toEqual(["close_pull_request", "add_label"]);
  });

  test("an agent PR touching a protected path trips on protected", () => {
    const decision = decide(action("pull_request.opened"), config, { prFiles: [".github/workflows/release.yml"] }, NOW);
    expect(decision.trip?.reason).toBe("protected");
  });

  test("an agent PR whose file list GitHub truncated trips on scope, the reason in the decision", () => {
    const decision = decide(action("pull_request.opened"), config, { prFiles: ["src/a.ts"], prFilesTruncated: true }, NOW);
    expect(decision.trip).toMatchObject({ reason: "scope", evidence: TRUNCATED_EVIDENCE });
    expect(decision.reasons.join("\n")).toContain("truncated at 3,000 files");
  });

  test("halt @agent reason → a manual trip", () => {
    const halt = action("issue_comment.created", {
      actor: maintainer,
      body: "/guardrails halt @amok-agent[bot] flooding us",
      target: { commentAuthor: maintainer },
    });
    const decision = decide(halt, config, { commanderRole: "admin" }, NOW);
    expect(decision.trip).toEqual({ agent: "amok-agent[bot]", reason: "manual", evidence: "/guardrails halt by maint: flooding us" });
  });

  test("halt --repo → a manual trip of this repository's breaker", () => {
    const halt = action("issue_comment.created", {
      actor: maintainer,
      body: "/guardrails halt @amok-agent[bot] --repo looping",
      target: { commentAuthor: maintainer },
    });
    expect(decide(halt, config, { commanderRole: "admin" }, NOW).trip).toEqual({
      agent: "amok-agent[bot]",
      reason: "manual",
      scope: "repo",
      evidence: "/guardrails halt by maint in acme/widgets: looping",
    });
  });

  test("halt all → the org-wide halt", () => {
    const halt = action("issue_comment.created", {
      actor: maintainer,
      body: "/guardrails halt all",
      target: { commentAuthor: maintainer },
    });
    expect(decide(halt, config, { commanderRole: "admin" }, NOW).trip?.agent).toBe("*");
  });

  test("resume @agent --undo", () => {
    const resume = action("issue_comment.created", {
      actor: maintainer,
      body: "/guardrails resume @amok-agent[bot] --undo",
      target: { commentAuthor: maintainer },
    });
    expect(decide(resume, config, { commanderRole: "admin" }, NOW).resume).toEqual({ agent: "amok-agent[bot]", undo: true });
  });

  test("a reader cannot halt", () => {
    const halt = action("issue_comment.created", {
      actor: maintainer,
      body: "/guardrails halt all",
      target: { commentAuthor: maintainer },
    });
    expect(decide(halt, config, { commanderRole: "read" }, NOW).trip).toBeUndefined();
  });
});

describe("containment plan", () => {
  const item = (at: string, actionName: string, extra: Partial<HistoryItem> = {}): HistoryItem => ({
    at,
    actor: "copilot-swe-agent[bot]",
    effectKinds: [],
    repo: "acme/widgets",
    action: actionName,
    verdict: "gate",
    targetNumber: 1,
    targetNodeId: null,
    targetSha: null,
    detail: {},
    ...extra,
  });
  const history: HistoryItem[] = [
    item("2026-11-20T08:10:00Z", "pull_request.opened", { targetNumber: 7, targetNodeId: "PR_7" }),
    item("2026-11-20T08:20:00Z", "issue_comment.created", { targetNodeId: "IC_old" }),
    item("2026-11-20T08:30:00Z", "issue_comment.created", {
      targetNodeId: "IC_outside",
      detail: { held: [{ external: true, mode: "hide" }] },
    }),
    item("2026-11-20T08:40:00Z", "issue_comment.created", { targetNodeId: "IC_held", detail: { held: [{ mode: "hold" }] } }),
    item("2026-11-20T08:50:00Z", "issues.opened", { targetNumber: 9 }),
    item("2026-11-20T08:55:00Z", "push", {
      targetSha: "s".repeat(40),
      detail: { toDefaultBranch: true, ref: "refs/heads/main", before: "b".repeat(40), paths: ["x"] },
    }),
    item("2026-11-20T08:56:00Z", "pull_request.merged", { targetNumber: 8, targetNodeId: "PR_8", repo: "acme/other" }),
    item("2026-11-20T08:57:00Z", "issue_comment.created", { targetNodeId: "IC_old" }),
  ];

  test("the source first (unassign per repo), then outward-facing, then newest; each target once; held (deleted) comments skipped", () => {
    const plan = planContainment(history, strictDefaults.breaker.contain);
    expect(plan.map((s) => `${s.effect.kind}${"nodeId" in s.effect ? ":" + s.effect.nodeId : ""}`)).toEqual([
      "unassign_agent",
      "unassign_agent",
      "minimize_comment:IC_outside",
      "minimize_comment:IC_old",
      "revert_merge",
      "revert_push",
      "close_issue",
      "convert_to_draft",
      "add_label",
    ]);
    expect(
      plan
        .slice(0, 2)
        .map((s) => s.repo)
        .sort(),
    ).toEqual(["other", "widgets"]);
    expect(plan[4]).toMatchObject({ owner: "acme", repo: "other" });
  });

  test("actions already contained on arrival (the one that tripped, any while halted) are not contained again", () => {
    const contained = [
      item("2026-11-20T08:58:00Z", "push", {
        verdict: "contained",
        targetSha: "t".repeat(40),
        detail: { toDefaultBranch: true, ref: "refs/heads/main", before: "s".repeat(40), paths: ["x"] },
      }),
      item("2026-11-20T08:59:00Z", "pull_request.merged", { verdict: "contained", targetNumber: 10, targetNodeId: "PR_10" }),
      item("2026-11-20T08:59:30Z", "pull_request.opened", { verdict: "contained", targetNumber: 11, targetNodeId: "PR_11" }),
    ];
    expect(planContainment([...history, ...contained], strictDefaults.breaker.contain)).toEqual(
      planContainment(history, strictDefaults.breaker.contain),
    );
  });

  test("comments still hidden and pending approval are not hidden again", () => {
    const plan = planContainment(history, ["hide_comments"], new Set(["IC_old"]));
    expect(plan.map((s) => ("nodeId" in s.effect ? s.effect.nodeId : s.effect.kind))).toEqual(["IC_outside"]);
  });

  test("the trip's own repository is unassigned even with no history there (once, first); not for `*` nor without unassign", () => {
    const source = { repo: "acme/fresh", agent: "Copilot" };
    expect(planContainment([], strictDefaults.breaker.contain, new Set(), source)).toEqual([
      { owner: "acme", repo: "fresh", effect: { kind: "unassign_agent", login: "Copilot" }, outward: false, thread: "repository" },
    ]);
    const plan = planContainment(history, strictDefaults.breaker.contain, new Set(), {
      repo: "acme/widgets",
      agent: "copilot-swe-agent[bot]",
    });
    // Where the history already unassigns it, no second step: the same plan, that repository first.
    expect(plan).toHaveLength(planContainment(history, strictDefaults.breaker.contain).length);
    expect(plan.slice(0, 2).map((s) => [s.effect.kind, s.repo])).toEqual([
      ["unassign_agent", "widgets"],
      ["unassign_agent", "other"],
    ]);
    expect(planContainment([], strictDefaults.breaker.contain, new Set(), { repo: "acme/fresh", agent: "*" })).toEqual([]);
    expect(planContainment([], ["hide_comments"], new Set(), source)).toEqual([]);
  });

  test("contain: close_prs closes instead of drafting; an empty contain list plans nothing", () => {
    expect(planContainment(history, ["close_prs"]).map((s) => s.effect.kind)).toEqual(["close_pull_request", "add_label"]);
    expect(planContainment(history, [])).toEqual([]);
  });

  test("drill reports the plan and which steps the installation would refuse, changing nothing", () => {
    const drill = action("issue_comment.created", {
      actor: maintainer,
      body: "/guardrails drill @copilot-swe-agent[bot]",
      target: { commentAuthor: maintainer },
    });
    const decision = decide(
      drill,
      config,
      {
        commanderRole: "admin",
        drill: { agent: agent.login, history, permissions: { issues: "write", pull_requests: "write", contents: "read" } },
      },
      NOW,
    );
    expect(decision.effects.map((e) => e.kind)).toEqual(["create_comment"]);
    const body = (decision.effects[0] as { body: string }).body;
    expect(body).toContain("9 step(s)");
    expect(body).toMatch(/revert_push.*❌ refused/);
    expect(body).toMatch(/minimize_comment.*✅/);
    expect(decision.trip).toBeUndefined();
  });
});
