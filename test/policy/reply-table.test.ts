import { describe, expect, test } from "@jest/globals";
import { strictDefaults } from "../../src/config/defaults.js";
import type { GuardrailsConfig } from "../../src/config/schema.js";
import type { ActionKind, Target } from "../../src/policy/agent-action.js";
import { decide } from "../../src/policy/decide.js";
import type { HeldComment } from "../../src/policy/held-comment.js";
import { action, agent, maintainer } from "../fixtures/actions.js";

const NOW = new Date("2026-11-20T09:00:00Z");
const config: GuardrailsConfig = { ...strictDefaults, agents: ["copilot-swe-agent[bot]"] };
const SHA = "c".repeat(40);

/** A maintainer's `/guardrails status` written as `kind` with `target`. */
function status(kind: ActionKind, target: Partial<Target>) {
  return action(kind, {
    actor: maintainer,
    body: "/guardrails status",
    target: { commentAuthor: maintainer, commentId: 70, nodeId: "C_70", ...target },
  });
}

// Where the app answers a command: in the thread it was written in.
describe("replies go where the command was written", () => {
  test.each([
    { row: "an issue comment → the conversation", kind: "issue_comment.created", target: {}, parent: undefined, where: {} },
    {
      row: "a top-level discussion comment → a reply under it",
      kind: "discussion_comment.created",
      target: { prNodeId: "D_3", nodeId: "DC_70" },
      parent: undefined,
      where: { discussionNodeId: "D_3", replyToNodeId: "DC_70" },
    },
    {
      row: "a discussion reply → under its parent (one level of nesting)",
      kind: "discussion_comment.created",
      target: { prNodeId: "D_3", nodeId: "DC_71", isReply: true },
      parent: "DC_70",
      where: { discussionNodeId: "D_3", replyToNodeId: "DC_70" },
    },
    {
      row: "a discussion reply whose parent is unknown → the discussion's top level",
      kind: "discussion_comment.created",
      target: { prNodeId: "D_3", nodeId: "DC_71", isReply: true },
      parent: undefined,
      where: { discussionNodeId: "D_3" },
    },
    {
      row: "a review comment that starts a thread → a reply to it",
      kind: "pull_request_review_comment.created",
      target: { commentId: 900 },
      parent: undefined,
      where: { reviewCommentId: 900 },
    },
    {
      row: "a reply in a review thread → a reply to the thread's root",
      kind: "pull_request_review_comment.created",
      target: { commentId: 901, inReplyToId: 900 },
      parent: undefined,
      where: { reviewCommentId: 900 },
    },
  ] as const)("$row", ({ kind, target, parent, where }) => {
    const event = kind.split(".")[0]!;
    const act = { ...status(kind, target), event };
    const decision = decide(
      act,
      config,
      { commanderRole: "admin", agents: [], ...(parent ? { discussionParentNodeId: parent } : {}) },
      NOW,
    );
    const [effect] = decision.effects;
    expect(effect?.kind).toBe("create_comment");
    const { kind: _k, number: _n, body: _b, ...placement } = effect as Extract<typeof effect, { kind: "create_comment" }>;
    expect(placement).toEqual(where);
  });
});

/** A pending held comment of `surface`, with its placement. */
function held(surface: HeldComment["surface"], extra: Partial<HeldComment>): HeldComment {
  return {
    commentId: 901,
    nodeId: "N_901",
    url: "u",
    number: 42,
    surface,
    author: agent.login,
    body: "agent text",
    mode: "hold",
    external: false,
    status: "pending",
    ...extra,
  };
}

// What an approved held comment needs to land back in its thread.
describe("approved held comments are re-posted in their thread", () => {
  test.each([
    { row: "an issue comment → the conversation", c: held("issue_comment", {}), where: {} },
    {
      row: "a review reply → the replies route of its thread's root",
      c: held("review_comment", { placement: { inReplyToId: 900, path: "src/a.ts", line: 3, commitId: SHA } }),
      where: { reviewCommentId: 900 },
    },
    {
      row: "a review thread's root (deleted with the hold) → a new thread on the same commit, file and line",
      c: held("review_comment", { placement: { path: "src/a.ts", line: 3, side: "RIGHT", commitId: SHA } }),
      where: { reviewAnchor: { commitId: SHA, path: "src/a.ts", line: 3, side: "RIGHT" } },
    },
    { row: "a review comment held before placement was recorded → the conversation", c: held("review_comment", {}), where: {} },
    {
      row: "a discussion reply → under its parent",
      c: held("discussion_comment", { threadNodeId: "D_3", placement: { parentNodeId: "DC_70" } }),
      where: { discussionNodeId: "D_3", replyToNodeId: "DC_70" },
    },
    {
      row: "a top-level discussion comment → the discussion",
      c: held("discussion_comment", { threadNodeId: "D_3" }),
      where: { discussionNodeId: "D_3" },
    },
  ])("$row", ({ c, where }) => {
    const approve = action("issue_comment.created", {
      actor: maintainer,
      body: "/guardrails approve https://github.com/acme/widgets/pull/42#discussion_r901",
      target: { commentAuthor: maintainer },
    });
    const decision = decide(approve, config, { commanderRole: "admin", pendingComments: [c] }, NOW);
    const repost = decision.effects.find((e) => e.kind === "create_comment");
    if (repost?.kind !== "create_comment") throw new Error(`no re-post: ${JSON.stringify(decision)}`);
    const { kind: _k, number: _n, body: _b, repostOf, ...placement } = repost;
    expect(placement).toEqual(where);
    // The held comment it re-posts, whose marker is looked up before posting (posted once).
    expect(repostOf).toBe(c.commentId);
  });

  test("holding an agent's review reply records its thread root, file, line and commit", () => {
    const reply = action("pull_request_review_comment.created", {
      target: {
        commentId: 901,
        nodeId: "PRRC_901",
        inReplyToId: 900,
        path: "src/a.ts",
        line: 3,
        side: "RIGHT",
        commitId: SHA,
        body: "text",
      },
    });
    const hold = { ...config, policy: { ...config.policy, comment: "hold" as const } };
    const decision = decide({ ...reply, event: "pull_request_review_comment" }, hold, {}, NOW);
    expect(decision.holds?.[0]?.placement).toEqual({ inReplyToId: 900, path: "src/a.ts", line: 3, side: "RIGHT", commitId: SHA });
  });

  test("holding an agent's discussion reply records its parent", () => {
    const reply = action("discussion_comment.created", {
      target: { commentId: 71, nodeId: "DC_71", prNodeId: "D_3", isReply: true, body: "text" },
    });
    const hold = { ...config, policy: { ...config.policy, comment: "hold" as const } };
    const decision = decide({ ...reply, event: "discussion_comment" }, hold, { discussionParentNodeId: "DC_70" }, NOW);
    expect(decision.holds?.[0]).toMatchObject({ threadNodeId: "D_3", placement: { parentNodeId: "DC_70" } });
  });
});
