import { describe, expect, test } from "@jest/globals";
import { strictDefaults } from "../../src/config/defaults.js";
import type { GuardrailsConfig, Policy } from "../../src/config/schema.js";
import type { ActionKind } from "../../src/policy/agent-action.js";
import { decide } from "../../src/policy/decide.js";
import type { HeldComment } from "../../src/policy/held-comment.js";
import { neutralizeText } from "../../src/policy/neutralize-text.js";
import type { PolicyState } from "../../src/policy/policy-state.js";
import { action, agent, dev, maintainer } from "../fixtures/actions.js";

const NOW = new Date("2026-11-20T09:00:00Z");
function config(policy: Partial<Policy> = {}): GuardrailsConfig {
  return { ...strictDefaults, agents: ["copilot-swe-agent[bot]"], policy: { ...strictDefaults.policy, ...policy } };
}
const inside: PolicyState = { external: { outsideThread: false, outsideMentions: [] } };
const outsider: PolicyState = { external: { outsideThread: true, outsideMentions: [] } };
const mentionsOutsider: PolicyState = { external: { outsideThread: false, outsideMentions: ["stranger"] } };

const threads: { kind: ActionKind; surface: string; extra?: object }[] = [
  { kind: "issue_comment.created", surface: "issue_comment" },
  { kind: "pull_request_review_comment.created", surface: "review_comment" },
  { kind: "discussion_comment.created", surface: "discussion_comment", extra: { prNodeId: "D_kw1" } },
];

function agentComment(kind: ActionKind, extra: object = {}) {
  return action(kind, {
    target: {
      commentId: 900,
      nodeId: "IC_900",
      url: "https://github.com/acme/widgets/issues/42#issuecomment-900",
      body: "Fixed it, cc @stranger",
      author: dev,
      ...extra,
    },
  });
}

// policy × thread kind → effects of an agent comment.
const rows = threads.flatMap((t) => [
  {
    row: `${t.surface} · comment: allow → logged only`,
    t,
    policy: { comment: "allow" as const },
    state: inside,
    effects: [] as string[],
    held: undefined as string | undefined,
  },
  {
    row: `${t.surface} · comment: flag → thread labelled`,
    t,
    policy: { comment: "flag" as const },
    state: inside,
    effects: t.surface === "discussion_comment" ? [] : ["add_label"],
    held: undefined,
  },
  {
    row: `${t.surface} · comment: flag, thread already labelled agent:flagged → no write`,
    t: { ...t, extra: { ...t.extra, labels: ["bug", "agent:flagged"] } },
    policy: { comment: "flag" as const },
    state: inside,
    effects: [] as string[],
    held: undefined,
  },
  {
    row: `${t.surface} · comment: hide → minimized, held`,
    t,
    policy: { comment: "hide" as const },
    state: inside,
    effects: ["minimize_comment"],
    held: "hide",
  },
  {
    row: `${t.surface} · comment: hold → deleted, text held`,
    t,
    policy: { comment: "hold" as const },
    state: inside,
    effects: ["delete_comment"],
    held: "hold",
  },
  {
    row: `${t.surface} · outsider's thread → external_comment: hold`,
    t,
    policy: { comment: "allow" as const, external_comment: "hold" as const },
    state: outsider,
    effects: ["delete_comment"],
    held: "hold",
  },
  {
    row: `${t.surface} · mentions an outsider → external_comment: hold`,
    t,
    policy: { comment: "allow" as const, external_comment: "hold" as const },
    state: mentionsOutsider,
    effects: ["delete_comment"],
    held: "hold",
  },
]);

describe("permission table: agent comments", () => {
  test.each(rows)("$row", ({ t, policy, state, effects, held }) => {
    const decision = decide(agentComment(t.kind, t.extra), config(policy), state, NOW);
    expect(decision.effects.map((e) => e.kind)).toEqual(effects);
    expect(decision.holds?.[0]?.mode).toBe(held);
    if (held) {
      expect(decision.holds?.[0]).toMatchObject({
        commentId: 900,
        nodeId: "IC_900",
        surface: t.surface,
        body: "Fixed it, cc @stranger",
        status: "pending",
      });
      expect(decision.verdict).toBe("gate");
    }
  });

  test("hidden comments are minimized as OUTDATED", () => {
    const decision = decide(agentComment("issue_comment.created"), config({ comment: "hide" }), inside, NOW);
    expect(decision.effects[0]).toEqual({ kind: "minimize_comment", nodeId: "IC_900", classifier: "OUTDATED" });
  });

  test("a review summary under hold is hidden and flagged (it cannot be deleted)", () => {
    const review = action("pull_request_review.submitted", {
      target: { reviewId: 55, reviewState: "commented", nodeId: "PRR_55", body: "Looks fine to me" },
    });
    const decision = decide(review, config({ comment: "hold" }), inside, NOW);
    expect(decision.effects.map((e) => e.kind)).toEqual(["minimize_comment", "add_label"]);
    expect(decision.holds?.[0]).toMatchObject({ surface: "review", mode: "hide", commentId: 55 });
  });

  test("an agent editing an approved comment sends it back to pending", () => {
    const approved: HeldComment = {
      commentId: 900,
      nodeId: "IC_900",
      url: "",
      number: 42,
      surface: "issue_comment",
      author: agent.login,
      body: "old",
      mode: "hide",
      external: false,
      status: "approved",
    };
    const decision = decide(agentComment("issue_comment.edited"), config({ comment: "hide" }), { ...inside, heldComment: approved }, NOW);
    expect(decision.effects.map((e) => e.kind)).toEqual(["minimize_comment"]);
    expect(decision.holds?.[0]).toMatchObject({ status: "pending", body: "Fixed it, cc @stranger" });
    expect(decision.reasons.join(" ")).toContain("pending again");
  });

  test.each([
    ["allow", []],
    ["flag", ["add_label"]],
    ["close", ["close_issue"]],
  ] as const)("an agent opening an issue under issue: %s → %j", (issue, effects) => {
    const opened = action("issues.opened", { target: { isPullRequest: false, nodeId: "I_1", number: 7 } });
    expect(decide(opened, config({ issue }), {}, NOW).effects.map((e) => e.kind)).toEqual(effects);
  });
});

describe("approving and rejecting held comments", () => {
  const hidden: HeldComment = {
    commentId: 900,
    nodeId: "IC_900",
    url: "https://github.com/acme/widgets/issues/42#issuecomment-900",
    number: 42,
    surface: "issue_comment",
    author: agent.login,
    body: "hi @alice ![x](http://evil/p.png)",
    mode: "hide",
    external: false,
    status: "pending",
  };
  const held: HeldComment = {
    ...hidden,
    commentId: 901,
    nodeId: "IC_901",
    url: "https://github.com/acme/widgets/issues/42#issuecomment-901",
    mode: "hold",
  };
  const onIssue = (body: string, who = maintainer) =>
    action("issue_comment.created", { actor: who, body, target: { isPullRequest: false, author: dev, commentAuthor: who, number: 42 } });

  test("approve in the thread restores every pending comment: unminimize the hidden, re-post the held", () => {
    const decision = decide(onIssue("/guardrails approve"), config(), { commanderRole: "write", pendingComments: [hidden, held] }, NOW);
    expect(decision.verdict).toBe("command");
    expect(decision.effects.map((e) => e.kind)).toEqual(["unminimize_comment", "create_comment"]);
    const repost = decision.effects[1] as { body: string };
    expect(repost.body).toContain("approved by `maint`");
    expect(repost.body).toContain("@\u200balice");
    expect(repost.body).not.toMatch(/!\[/);
    expect(decision.resolutions).toEqual([
      { commentId: 900, status: "approved", resolver: "maint" },
      { commentId: 901, status: "approved", resolver: "maint" },
    ]);
  });

  test("approve <url> approves only that comment", () => {
    const decision = decide(
      onIssue("/guardrails approve https://github.com/acme/widgets/issues/42#issuecomment-901"),
      config(),
      { commanderRole: "write", pendingComments: [hidden, held] },
      NOW,
    );
    expect(decision.resolutions?.map((r) => r.commentId)).toEqual([901]);
  });

  test("reject removes pending comments: the hidden one is deleted, the held one stays gone", () => {
    const decision = decide(onIssue("/guardrails reject"), config(), { commanderRole: "write", pendingComments: [hidden, held] }, NOW);
    expect(decision.effects).toEqual([{ kind: "delete_comment", surface: "issue_comment", commentId: 900, nodeId: "IC_900" }]);
    expect(decision.resolutions?.map((r) => r.status)).toEqual(["rejected", "rejected"]);
  });

  test.each([
    ["a reader", onIssue("/guardrails approve", dev), { commanderRole: "read" as const }],
    ["the agent", onIssue("/guardrails approve", agent), {}],
    ["a quote", onIssue("> /guardrails approve"), { commanderRole: "admin" as const }],
    ["a code fence", onIssue("```\n/guardrails approve\n```"), { commanderRole: "admin" as const }],
  ])("approval spoofed by %s restores nothing", (_who, act, state) => {
    const decision = decide(act, config(), { ...state, pendingComments: [hidden, held] }, NOW);
    expect(decision.effects.filter((e) => e.kind === "unminimize_comment" || e.kind === "create_comment")).toEqual([]);
    expect(decision.resolutions ?? []).toEqual([]);
  });

  test("neutralizeText quotes every line and defuses mentions, images and HTML", () => {
    expect(neutralizeText("hi @bob\n<img src=x>\n/guardrails approve")).toBe("> hi @\u200bbob\n> &lt;img src=x>\n> /guardrails approve");
    expect(neutralizeText("mail me@example.com")).toBe("> mail me@example.com");
  });
});
