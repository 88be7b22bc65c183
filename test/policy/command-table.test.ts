import { describe, expect, test } from "@jest/globals";
import { strictDefaults } from "../../src/config/defaults.js";
import type { GuardrailsConfig } from "../../src/config/schema.js";
import { decide } from "../../src/policy/decide.js";
import type { PolicyState } from "../../src/policy/policy-state.js";
import type { HeldComment } from "../../src/policy/held-comment.js";
import { action, agent, dependabot, dev, HEAD, maintainer } from "../fixtures/actions.js";

const NOW = new Date("2026-11-20T09:00:00Z");
const config: GuardrailsConfig = { ...strictDefaults, agents: ["copilot-swe-agent[bot]"] };
const agentPr: PolicyState["pullRequest"] = {
  number: 42,
  nodeId: "PR_kw42",
  headSha: HEAD,
  url: "",
  authorLogin: agent.login,
  authorId: agent.id,
  authorKind: "agent",
};

function comment(body: string, actor = maintainer, extra: { commentAuthor?: typeof maintainer } = {}) {
  return action("issue_comment.created", {
    actor,
    body,
    target: { commentAuthor: extra.commentAuthor ?? actor, nodeId: "IC_1", commentId: 1 },
  });
}

// Who may approve: { commenter, role, body } → honoured or refused.
const rows: { row: string; act: ReturnType<typeof comment>; state: PolicyState; verdict: string; effects: string[] }[] = [
  {
    row: "maintainer (admin) approves → check success, label removed",
    act: comment("/guardrails approve"),
    state: { commanderRole: "admin", pullRequest: agentPr },
    verdict: "command",
    effects: ["ensure_check_run", "remove_label"],
  },
  {
    row: "writer approves (approvers: write) → honoured",
    act: comment("LGTM\n/guardrails approve", dev),
    state: { commanderRole: "write", pullRequest: agentPr },
    verdict: "command",
    effects: ["ensure_check_run", "remove_label"],
  },
  {
    row: "reader approves → refused",
    act: comment("/guardrails approve", dev),
    state: { commanderRole: "read", pullRequest: agentPr },
    verdict: "refused",
    effects: [],
  },
  {
    row: "triage approves (approvers: write) → refused",
    act: comment("/guardrails approve", dev),
    state: { commanderRole: "triage", pullRequest: agentPr },
    verdict: "refused",
    effects: [],
  },
  {
    row: "no access approves → refused",
    act: comment("/guardrails approve", dev),
    state: { commanderRole: "none", pullRequest: agentPr },
    verdict: "refused",
    effects: [],
  },
  {
    row: "the agent approves itself → its comment is hidden like any other, the command ignored",
    act: comment("/guardrails approve", agent),
    state: { pullRequest: agentPr },
    verdict: "gate",
    effects: ["minimize_comment"],
  },
  {
    row: "a bot approves → refused",
    act: comment("/guardrails approve", dependabot),
    state: { pullRequest: agentPr },
    verdict: "refused",
    effects: [],
  },
  {
    row: "approval in a quote → refused",
    act: comment("> /guardrails approve\nquoting the above"),
    state: { commanderRole: "admin", pullRequest: agentPr },
    verdict: "refused",
    effects: [],
  },
  {
    row: "approval in a code fence → refused",
    act: comment("```\n/guardrails approve\n```"),
    state: { commanderRole: "admin", pullRequest: agentPr },
    verdict: "refused",
    effects: [],
  },
  {
    row: "approval mid-line → refused",
    act: comment("please /guardrails approve"),
    state: { commanderRole: "admin", pullRequest: agentPr },
    verdict: "refused",
    effects: [],
  },
  {
    row: "maintainer's comment edited by someone else → refused",
    act: comment("/guardrails approve", dev, { commentAuthor: maintainer }),
    state: { pullRequest: agentPr },
    verdict: "refused",
    effects: [],
  },
  {
    row: "approve on a human PR → nothing to approve",
    act: comment("/guardrails approve"),
    state: { commanderRole: "admin", pullRequest: { ...agentPr, authorLogin: "dev", authorKind: "human" } },
    verdict: "command",
    effects: [],
  },
];

describe("permission table: who may approve", () => {
  test.each(rows)("$row", ({ act, state, verdict, effects }) => {
    const decision = decide(act, config, state, NOW);
    expect(decision.verdict).toBe(verdict);
    expect(decision.effects.map((e) => e.kind)).toEqual(effects);
    expect(decision.reasons.length).toBeGreaterThan(0);
    if (verdict !== "command") expect(decision.reasons.join(" ")).toMatch(/ignored|below approvers/);
    if (verdict === "command" && effects.length) {
      expect(decision.approval).toEqual({ number: 42, headSha: HEAD, approver: act.actor.login });
      expect(decision.effects[0]).toMatchObject({ conclusion: "success", headSha: HEAD });
    } else {
      expect(decision.approval).toBeUndefined();
    }
  });

  test("approvers: admin refuses a maintainer with maintain", () => {
    const strict = { ...config, approvers: "admin" as const };
    expect(decide(comment("/guardrails approve"), strict, { commanderRole: "maintain", pullRequest: agentPr }, NOW).verdict).toBe(
      "refused",
    );
  });

  test("merge: deny — an approval cannot pass the check", () => {
    const deny = { ...config, policy: { ...config.policy, merge: "deny" as const } };
    const decision = decide(comment("/guardrails approve"), deny, { commanderRole: "admin", pullRequest: agentPr }, NOW);
    expect(decision.verdict).toBe("refused");
    expect(decision.effects).toEqual([]);
  });

  // Bypass: the approve rule looked the PR author's entry up with id 0, so an agent listed only by
  // numeric id lost its own `merge: deny` and a maintainer's approve passed the check.
  test("bypass: an agent listed only by numeric id with merge: deny cannot be approved past the check", () => {
    const copilot = { login: "Copilot", id: 198982749 };
    const byId: GuardrailsConfig = { ...config, agents: [{ id: copilot.id, policy: { merge: "deny" } }] };
    const pr = { ...agentPr, authorLogin: copilot.login, authorId: copilot.id };
    const decision = decide(comment("/guardrails approve"), byId, { commanderRole: "admin", pullRequest: pr }, NOW);
    expect(decision.verdict).toBe("refused");
    expect(decision.effects).toEqual([]);
    expect(decision.approval).toBeUndefined();
    expect(decision.reasons.join(" ")).toMatch(/merge is deny for Copilot/);
  });
});

describe("permission table: approve binds to the head the approver saw", () => {
  const B = "b".repeat(40);
  const approve = (body: string, pullRequest: PolicyState["pullRequest"]) =>
    decide(comment(body), config, { commanderRole: "admin", pullRequest }, NOW);
  const bound: { row: string; body: string; pr: PolicyState["pullRequest"]; verdict: string; reason?: RegExp }[] = [
    {
      row: "bypass: agent commits on a human's PR → approvable",
      body: "/guardrails approve",
      pr: { ...agentPr!, authorLogin: "dev", authorId: 2, authorKind: "human", agentCommitsBy: agent.login },
      verdict: "command",
    },
    {
      row: "bypass: the head moved after the comment → refused",
      body: "/guardrails approve",
      pr: { ...agentPr!, headSha: B, headAtCommand: HEAD },
      verdict: "refused",
      reason: /the head moved to bbbbbbb after you commented: approve again/,
    },
    {
      row: "bypass: the head at the comment is unknown → refused",
      body: "/guardrails approve",
      pr: { ...agentPr!, headSha: B, headAtCommand: null },
      verdict: "refused",
      reason: /head moved/,
    },
    {
      row: "the head at the comment is the current head → approved",
      body: "/guardrails approve",
      pr: { ...agentPr!, headAtCommand: HEAD },
      verdict: "command",
    },
    {
      row: "a named sha prefix of the current head → approved even after a move",
      body: `/guardrails approve ${B.slice(0, 7)}`,
      pr: { ...agentPr!, headSha: B, headAtCommand: HEAD },
      verdict: "command",
    },
    {
      row: "bypass: a named sha that is not the head → refused",
      body: `/guardrails approve ${HEAD.slice(0, 7)}`,
      pr: { ...agentPr!, headSha: B, headAtCommand: HEAD },
      verdict: "refused",
      reason: /the head is bbbbbbb, not/,
    },
  ];
  test.each(bound)("$row", ({ body, pr, verdict, reason }) => {
    const decision = approve(body, pr);
    expect(decision.verdict).toBe(verdict);
    if (reason) expect(decision.reasons.join(" ")).toMatch(reason);
    if (verdict === "command") {
      expect(decision.approval).toEqual({ number: 42, headSha: pr!.headSha, approver: maintainer.login });
      expect(decision.effects[0]).toMatchObject({ kind: "ensure_check_run", conclusion: "success", headSha: pr!.headSha });
    } else {
      expect(decision.approval).toBeUndefined();
      expect(decision.effects).toEqual([]);
    }
  });
});

describe("a held discussion is approved by its URL", () => {
  const held: HeldComment = {
    commentId: 9009,
    nodeId: "D_9",
    url: "https://github.com/acme/widgets/discussions/9",
    number: 9,
    threadNodeId: "D_9",
    surface: "discussion_comment",
    placement: { discussion: { repositoryNodeId: "R_1", categoryNodeId: "DIC_1", title: "Announcing v2" } },
    author: agent.login,
    body: "We ship v2, cc @everyone",
    mode: "hold",
    external: true,
    status: "pending",
  };
  const state: PolicyState = { commanderRole: "admin", pendingComments: [held] };

  test("approve → re-posted with createDiscussion, the agent's text neutralized", () => {
    const decision = decide(comment("/guardrails approve https://github.com/acme/widgets/discussions/9"), config, state, NOW);
    expect(decision.verdict).toBe("command");
    expect(decision.effects).toEqual([
      {
        kind: "create_discussion",
        repositoryNodeId: "R_1",
        categoryNodeId: "DIC_1",
        title: "Announcing v2",
        body: expect.stringContaining("> We ship v2, cc @\u200beveryone"),
        repostOf: 9009,
      },
    ]);
    expect(decision.resolutions).toEqual([{ commentId: 9009, status: "approved", resolver: maintainer.login }]);
  });

  test("reject → resolved, nothing re-posted", () => {
    const decision = decide(comment("/guardrails reject https://github.com/acme/widgets/discussions/9"), config, state, NOW);
    expect(decision.effects).toEqual([]);
    expect(decision.resolutions).toEqual([{ commentId: 9009, status: "rejected", resolver: maintainer.login }]);
  });

  test("a discussion comment's URL does not name the held discussion", () => {
    const decision = decide(
      comment("/guardrails approve https://github.com/acme/widgets/discussions/9#discussioncomment-5"),
      config,
      state,
      NOW,
    );
    expect(decision.effects).toEqual([]);
    expect(decision.verdict).toBe("refused");
  });
});
