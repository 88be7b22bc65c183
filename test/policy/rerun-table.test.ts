import { describe, expect, test } from "@jest/globals";
import { strictDefaults } from "../../src/config/defaults.js";
import type { GuardrailsConfig } from "../../src/config/schema.js";
import type { Actor } from "../../src/policy/agent-action.js";
import { decide } from "../../src/policy/decide.js";
import type { RerunPullRequest } from "../../src/policy/policy-state.js";
import { action, agent, dev, HEAD, maintainer } from "../fixtures/actions.js";

// Re-run on the gate, as a table: who clicked, the PR as the edge read it, and the check it gets.
const NOW = new Date("2026-11-20T09:00:00Z");
const config: GuardrailsConfig = {
  ...strictDefaults,
  agents: ["copilot-swe-agent[bot]", { login: "claude[bot]", policy: { merge: "deny" } }],
};
const OLD = "0123456789abcdef0123456789abcdef01234567";
const claude: Actor = { login: "claude[bot]", id: 5001, kind: "agent", isBot: true };
const pr = (author: Actor, extra: Partial<RerunPullRequest> = {}): RerunPullRequest => ({
  number: 42,
  nodeId: "PR_kw42",
  url: "https://github.com/acme/widgets/pull/42",
  headSha: HEAD,
  author,
  approvedShas: [],
  ...extra,
});
const rerun = (clicker: Actor, sha = HEAD, checkName = "agent-guardrails") =>
  action("check_run.rerequested", {
    actor: clicker,
    target: {
      number: undefined,
      sha,
      pullNumbers: [42],
      checkName,
      author: undefined,
      isPullRequest: undefined,
      nodeId: undefined,
      prNodeId: undefined,
    },
  });

describe("check_run.rerequested: the gate decided again from the PR, not the click", () => {
  test.each([
    ["a maintainer re-runs an agent PR's approved head → success", maintainer, HEAD, pr(agent, { approvedShas: [HEAD] }), "success"],
    ["a maintainer re-runs an agent PR not approved → action_required", maintainer, HEAD, pr(agent), "action_required"],
    [
      "re-run on a stale, approved sha: the head is not approved → action_required",
      dev,
      OLD,
      pr(agent, { approvedShas: [OLD] }),
      "action_required",
    ],
    [
      "a human's PR carrying an agent's commits, not approved → action_required",
      maintainer,
      HEAD,
      pr(dev, { agentCommitsBy: "copilot-swe-agent[bot]" }),
      "action_required",
    ],
    [
      "a human's PR carrying an agent's commits, head approved → success",
      dev,
      HEAD,
      pr(dev, { agentCommitsBy: "copilot-swe-agent[bot]", approvedShas: [HEAD] }),
      "success",
    ],
    ["a human's PR no agent touched → success", dev, HEAD, pr(dev), "success"],
    ["an agent re-runs its own PR, not approved → action_required", agent, HEAD, pr(agent), "action_required"],
    [
      "the PR author's own policy applies (claude: merge deny) → failure even if approved",
      maintainer,
      HEAD,
      pr(claude, { approvedShas: [HEAD] }),
      "failure",
    ],
  ] as const)("%s", (_row, clicker, sha, facts, conclusion) => {
    const decision = decide(rerun(clicker, sha), config, { rerun: { pullRequests: [facts] } }, NOW);
    const checks = decision.effects.filter((e) => e.kind === "ensure_check_run");
    expect(checks).toEqual([expect.objectContaining({ name: "agent-guardrails", number: 42, headSha: HEAD, conclusion })]);
  });

  test("each PR of the check gets its own check on its own head", () => {
    const other = pr(dev, { number: 43, headSha: OLD });
    const decision = decide(rerun(maintainer), config, { rerun: { pullRequests: [pr(agent), other] } }, NOW);
    const checks = decision.effects.flatMap((e) => (e.kind === "ensure_check_run" ? [[e.number, e.headSha, e.conclusion]] : []));
    expect(checks).toEqual([
      [42, HEAD, "action_required"],
      [43, OLD, "success"],
    ]);
    expect(decision.verdict).toBe("gate");
  });

  test("another check's Re-run, or one on no open PR, is ignored", () => {
    expect(decide(rerun(maintainer, HEAD, "ci"), config, { rerun: { pullRequests: [pr(agent)] } }, NOW).verdict).toBe("ignore");
    expect(decide(rerun(maintainer), config, { rerun: { pullRequests: [] } }, NOW).effects).toEqual([]);
  });
});
