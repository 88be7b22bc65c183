import { describe, expect, test } from "@jest/globals";
import { classifyActor } from "../../src/policy/classify-actor.js";
import { agentBranchKey, agentInCommits } from "../../src/webhooks/agent-commits.js";

const classify = (a: Parameters<typeof classifyActor>[0]) =>
  classifyActor(a, ["copilot-swe-agent[bot]", "Copilot", { id: 4242 }], "agent-guardrails[bot]");
const human = { name: "dev", email: "dev@example.com", username: "dev" };

// Which commits of a push carry a listed agent: { commit } → the agent, or none.
describe("agent commits in a push", () => {
  test.each([
    [
      "bypass: author username is a listed agent",
      [{ author: { name: "x", email: "x@example.com", username: "copilot-swe-agent[bot]" }, committer: human, message: "m" }],
      "copilot-swe-agent[bot]",
    ],
    [
      "bypass: committer username is a listed agent",
      [{ author: human, committer: { name: "x", email: "x@example.com", username: "Copilot" }, message: "m" }],
      "Copilot",
    ],
    [
      "bypass: author's noreply email ID+login",
      [{ author: { name: "x", email: "198982749+Copilot@users.noreply.github.com" }, committer: human, message: "m" }],
      "Copilot",
    ],
    [
      "bypass: noreply email naming an agent listed by id only",
      [{ author: { name: "x", email: "4242+someone@users.noreply.github.com" }, committer: human, message: "m" }],
      "someone",
    ],
    [
      "bypass: Co-authored-by trailer by name",
      [{ author: human, committer: human, message: "fix\n\nCo-authored-by: copilot-swe-agent[bot] <bot@example.com>" }],
      "copilot-swe-agent[bot]",
    ],
    [
      "bypass: Co-authored-by trailer by noreply email (any case)",
      [{ author: human, committer: human, message: "fix\n\nco-authored-by: Some Name <198982749+Copilot@users.noreply.github.com>" }],
      "Copilot",
    ],
    [
      "a human's commits only",
      [{ author: human, committer: human, message: "fix\n\nCo-authored-by: Alice <alice@example.com>" }],
      undefined,
    ],
    [
      "a trailer mid-line is not a trailer",
      [{ author: human, committer: human, message: "see Co-authored-by: Copilot <c@x> in docs" }],
      undefined,
    ],
    ["no commits", [], undefined],
  ])("%s", (_row, commits, agent) => {
    expect(agentInCommits(commits, classify)?.login).toBe(agent);
  });

  test("the branch key ignores refs/heads/ and the repo's case", () => {
    expect(agentBranchKey("Acme/Widgets", "refs/heads/feature")).toBe(agentBranchKey("acme/widgets", "feature"));
  });
});
