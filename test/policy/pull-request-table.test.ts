import { describe, expect, test } from "@jest/globals";
import { strictDefaults } from "../../src/config/defaults.js";
import type { GuardrailsConfig, Policy } from "../../src/config/schema.js";
import { decide } from "../../src/policy/decide.js";
import type { PolicyState } from "../../src/policy/policy-state.js";
import { action, agent, dev, HEAD, maintainer } from "../fixtures/actions.js";

const NOW = new Date("2026-11-20T09:00:00Z");

function config(policy: Partial<Policy> = {}): GuardrailsConfig {
  return { ...strictDefaults, agents: ["copilot-swe-agent[bot]"], policy: { ...strictDefaults.policy, ...policy } };
}

const kinds = (effects: { kind: string }[]) => effects.map((e) => e.kind);

// The permission table, row by row: { who, what, config, state } → verdict and effects.
const rows: {
  row: string;
  act: ReturnType<typeof action>;
  policy?: Partial<Policy>;
  tripOn?: GuardrailsConfig["breaker"]["trip_on"];
  state?: PolicyState;
  verdict: string;
  effects: string[];
  conclusion?: string;
}[] = [
  {
    row: "agent opens a PR → draft, pending label, action_required check",
    act: action("pull_request.opened"),
    verdict: "gate",
    effects: ["convert_to_draft", "add_label", "ensure_check_run"],
    conclusion: "action_required",
  },
  {
    row: "agent opens a draft PR → label and check only",
    act: action("pull_request.opened", { target: { draft: true } }),
    verdict: "gate",
    effects: ["add_label", "ensure_check_run"],
    conclusion: "action_required",
  },
  {
    row: "agent reopens a PR → drafted again",
    act: action("pull_request.reopened"),
    verdict: "gate",
    effects: ["convert_to_draft", "add_label", "ensure_check_run"],
    conclusion: "action_required",
  },
  {
    row: "agent marks its PR ready → converted back to draft",
    act: action("pull_request.ready_for_review"),
    verdict: "gate",
    effects: ["convert_to_draft"],
  },
  {
    row: "maintainer marks an agent PR ready → allowed, check still gates",
    act: action("pull_request.ready_for_review", { actor: maintainer }),
    verdict: "allow",
    effects: [],
  },
  {
    row: "agent pushes new commits → fresh action_required check on the new head",
    act: action("pull_request.synchronize"),
    verdict: "gate",
    effects: ["add_label", "ensure_check_run"],
    conclusion: "action_required",
  },
  {
    row: "human pushes to an agent PR → still gated (agent code in it)",
    act: action("pull_request.synchronize", { actor: dev }),
    verdict: "gate",
    effects: ["add_label", "ensure_check_run"],
    conclusion: "action_required",
  },
  {
    row: "redelivered synchronize of an approved head → success",
    act: action("pull_request.synchronize"),
    state: { approvedShas: [HEAD] },
    verdict: "gate",
    effects: ["ensure_check_run"],
    conclusion: "success",
  },
  {
    row: "pull_request: close → closed, still gated",
    act: action("pull_request.opened"),
    policy: { pull_request: "close" },
    verdict: "gate",
    effects: ["close_pull_request", "add_label", "ensure_check_run"],
    conclusion: "action_required",
  },
  {
    row: "pull_request: allow → logged, still gated by the check",
    act: action("pull_request.opened"),
    policy: { pull_request: "allow" },
    verdict: "gate",
    effects: ["add_label", "ensure_check_run"],
    conclusion: "action_required",
  },
  {
    row: "merge: deny → the check fails",
    act: action("pull_request.opened"),
    policy: { merge: "deny" },
    verdict: "gate",
    effects: ["convert_to_draft", "add_label", "ensure_check_run"],
    conclusion: "failure",
  },
  {
    row: "human opens a PR → one passing check, nothing else",
    act: action("pull_request.opened", { actor: dev, target: { author: dev } }),
    verdict: "allow",
    effects: ["ensure_check_run"],
    conclusion: "success",
  },
  {
    row: "human pushes to a human PR → one passing check",
    act: action("pull_request.synchronize", { actor: dev, target: { author: dev } }),
    verdict: "allow",
    effects: ["ensure_check_run"],
    conclusion: "success",
  },
  {
    row: "agent pushes to a human's PR → gated",
    act: action("pull_request.synchronize", { actor: agent, target: { author: dev } }),
    verdict: "gate",
    effects: ["add_label", "ensure_check_run"],
    conclusion: "action_required",
  },
  {
    row: "bypass: a human opens a PR whose branch carries an agent's commits → gated (not drafted)",
    act: action("pull_request.opened", { actor: dev, target: { author: dev } }),
    state: { agentCommitsBy: "copilot-swe-agent[bot]" },
    verdict: "gate",
    effects: ["add_label", "ensure_check_run"],
    conclusion: "action_required",
  },
  {
    row: "bypass: a human pushes to a human's PR carrying an agent's commits → still gated, not success",
    act: action("pull_request.synchronize", { actor: dev, target: { author: dev } }),
    state: { agentCommitsBy: "copilot-swe-agent[bot]" },
    verdict: "gate",
    effects: ["add_label", "ensure_check_run"],
    conclusion: "action_required",
  },
  {
    row: "a human's PR carrying an agent's commits, head approved → success",
    act: action("pull_request.synchronize", { actor: dev, target: { author: dev } }),
    state: { agentCommitsBy: "copilot-swe-agent[bot]", approvedShas: [HEAD] },
    verdict: "gate",
    effects: ["ensure_check_run"],
    conclusion: "success",
  },
  {
    row: "human marks a human PR ready → nothing",
    act: action("pull_request.ready_for_review", { actor: dev, target: { author: dev } }),
    verdict: "ignore",
    effects: [],
  },
  {
    row: "a maintainer merges an agent PR → audited, never reverted",
    act: action("pull_request.merged", { actor: maintainer }),
    verdict: "allow",
    effects: [],
  },
  {
    row: "a maintainer labels an agent PR → not an agent action",
    act: action("pull_request.labeled", { actor: maintainer, target: { label: "bug" } }),
    verdict: "ignore",
    effects: [],
  },
  {
    row: "agent merges → reverted, breaker trips (trip_on: merge)",
    act: action("pull_request.merged"),
    verdict: "contained",
    effects: ["revert_merge"],
  },
  {
    row: "agent merges, trip_on without merge → violation, reverted",
    act: action("pull_request.merged"),
    tripOn: ["rate"],
    verdict: "violation",
    effects: ["revert_merge"],
  },
  {
    row: "agent edits its PR's base branch only (no text changed) → logged",
    act: action("pull_request.edited"),
    verdict: "allow",
    effects: [],
  },
  {
    row: "agent approves a PR → review dismissed, a violation (tamper)",
    act: action("pull_request_review.submitted", { target: { reviewId: 7, reviewState: "approved" } }),
    verdict: "violation",
    effects: ["dismiss_review"],
  },
  {
    row: "agent comments in a review → logged",
    act: action("pull_request_review.submitted", { target: { reviewId: 7, reviewState: "commented" } }),
    verdict: "allow",
    effects: [],
  },
  {
    row: "agent pushes to a feature branch → logged",
    act: action("push", { target: { ref: "refs/heads/agent/x", toDefaultBranch: false } }),
    verdict: "allow",
    effects: [],
  },
  {
    row: "agent pushes to the default branch → reverted, breaker trips",
    act: action("push", { target: { ref: "refs/heads/main", toDefaultBranch: true, before: "b".repeat(40), paths: ["a.ts"] } }),
    verdict: "contained",
    effects: ["revert_push"],
  },
  {
    row: "agent pushes to the default branch, trip_on without it → violation, reverted",
    act: action("push", { target: { ref: "refs/heads/main", toDefaultBranch: true, before: "b".repeat(40), paths: ["a.ts"] } }),
    tripOn: ["rate"],
    verdict: "violation",
    effects: ["revert_push"],
  },
  {
    row: "push_default_branch: allow, trip_on without it → violation, audited only",
    act: action("push", { target: { ref: "refs/heads/main", toDefaultBranch: true, before: "b".repeat(40), paths: ["a.ts"] } }),
    tripOn: ["rate"],
    policy: { push_default_branch: "allow" },
    verdict: "violation",
    effects: [],
  },
];

describe("permission table: pull requests, merges, pushes", () => {
  test.each(rows)("$row", ({ act, policy, tripOn, state, verdict, effects, conclusion }) => {
    const base = config(policy);
    const decision = decide(act, tripOn ? { ...base, breaker: { ...base.breaker, trip_on: tripOn } } : base, state ?? {}, NOW);
    expect(decision.verdict).toBe(verdict);
    expect(kinds(decision.effects)).toEqual(effects);
    const check = decision.effects.find((e) => e.kind === "ensure_check_run");
    if (conclusion) {
      expect(check).toMatchObject({ name: "agent-guardrails", headSha: HEAD, conclusion });
    }
    expect(decision.reasons.length).toBeGreaterThan(0);
  });

  test("the draft conversion targets the PR's node id", () => {
    const decision = decide(action("pull_request.opened"), config(), {}, NOW);
    expect(decision.effects[0]).toEqual({ kind: "convert_to_draft", prNodeId: "PR_kw42", number: 42 });
  });

  test("a per-agent override gives a trusted agent more autonomy", () => {
    const trusted: GuardrailsConfig = { ...config(), agents: [{ login: "copilot-swe-agent[bot]", policy: { pull_request: "allow" } }] };
    expect(kinds(decide(action("pull_request.opened"), trusted, {}, NOW).effects)).toEqual(["add_label", "ensure_check_run"]);
  });

  test("an org-locked key cannot be loosened by a per-agent override", () => {
    const locked: GuardrailsConfig = {
      ...config(),
      locked: ["policy.pull_request"],
      agents: [{ login: "copilot-swe-agent[bot]", policy: { pull_request: "allow" } }],
    };
    expect(kinds(decide(action("pull_request.opened"), locked, {}, NOW).effects)).toContain("convert_to_draft");
  });

  test("config problems are shown in the pending check's summary", () => {
    const decision = decide(
      action("pull_request.opened"),
      config(),
      { configIssues: ["acme/widgets:.github/agent-guardrails.yml: policy.merge: Invalid option"] },
      NOW,
    );
    const check = decision.effects.find((e) => e.kind === "ensure_check_run");
    expect(check && "summary" in check ? check.summary : "").toContain("policy.merge");
  });
});
