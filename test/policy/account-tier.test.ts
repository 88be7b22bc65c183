import { describe, expect, test } from "@jest/globals";
import { accountTier, accountTiers, type TierRow } from "../../src/policy/tier/account-tier.js";

const marker = { signal: "marker", agent: "OpenAI Codex", match: "chatgpt.com/codex/tasks/", source: "pull request body" };
const trailer = {
  signal: "trailer",
  agent: "Claude Code",
  match: "noreply@anthropic.com",
  source: "commit 1234567890ab",
  sha: "1234567890ab",
};
const row = (at: string, actor: string, action: string, detail: Record<string, unknown>): TierRow => ({ at, actor, action, detail });

describe("accounts by tier, from audit rows (what the digest and dashboard list)", () => {
  const rows = [
    row("2026-11-20T09:00:00Z", "bob", "push", { tier: "assisted", evidence: [trailer] }),
    row("2026-11-20T09:01:00Z", "alice", "pull_request.opened", { tier: "suspected", evidence: [marker], threadAuthor: "alice" }),
    // A maintainer's push to alice's PR counts for alice's account (the PR's tier).
    row("2026-11-20T09:02:00Z", "maint", "pull_request.synchronize", { tier: "suspected", evidence: [marker], threadAuthor: "alice" }),
    row("2026-11-20T09:03:00Z", "alice", "tier.alert", { tier: "suspected", evidence: [marker] }),
    row("2026-11-20T09:04:00Z", "carol", "issue_comment.created", { tier: "human" }),
    row("2026-11-20T09:05:00Z", "Copilot", "pull_request.opened", { tier: "agent" }),
  ];

  test("the suspected first, then the assisted; alerts, humans and listed agents are not listed", () => {
    expect(accountTiers(rows).map((a) => [a.login, a.tier, a.actions.suspected, a.actions.assisted])).toEqual([
      ["alice", "suspected", 2, 0],
      ["bob", "assisted", 0, 1],
    ]);
    expect(accountTiers(rows)[0]).toMatchObject({ lastEvidenceAt: "2026-11-20T09:02:00Z", evidence: [marker] });
  });

  test("one account: the strongest tier seen, or human", () => {
    expect(accountTier(rows, "ALICE").tier).toBe("suspected");
    expect(accountTier(rows, "carol")).toMatchObject({ tier: "human", actions: { human: 1 } });
    expect(accountTier(rows, "nobody")).toEqual({
      login: "nobody",
      tier: "human",
      actions: { agent: 0, suspected: 0, assisted: 0, human: 0 },
      evidence: [],
    });
  });

  test("rows written before tiers existed (no detail.tier) are human", () => {
    expect(accountTier([row("2026-11-01T00:00:00Z", "dave", "issue_comment.created", {})], "dave").tier).toBe("human");
  });
});
