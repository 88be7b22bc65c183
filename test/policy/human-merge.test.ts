import { describe, expect, test } from "@jest/globals";
import { strictDefaults } from "../../src/config/defaults.js";
import type { GuardrailsConfig } from "../../src/config/schema.js";
import { decide } from "../../src/policy/decide.js";
import type { PolicyState } from "../../src/policy/policy-state.js";
import { action, HEAD, maintainer } from "../fixtures/actions.js";

const NOW = new Date("2026-11-20T09:00:00Z");
const config: GuardrailsConfig = { ...strictDefaults, agents: ["copilot-swe-agent[bot]"] };
const MERGE = "f".repeat(40);
const OTHER = "c".repeat(40);

// A person merging or closing an agent's PR: theirs to do, audited (allow) with who and which head, no effect.
describe("a human's merge or close of an agent's pull request", () => {
  test.each([
    [
      "merges the approved head",
      "pull_request.merged",
      { sha: MERGE, headSha: HEAD },
      { approvedShas: [HEAD] },
      [`maint merged agent pull request #42 at head ${HEAD.slice(0, 12)}: that head was approved`],
    ],
    [
      "merges a head nobody approved",
      "pull_request.merged",
      { sha: MERGE, headSha: HEAD },
      { approvedShas: [OTHER] },
      [`maint merged agent pull request #42 at head ${HEAD.slice(0, 12)}: not an approved head (approved: ${OTHER.slice(0, 12)})`],
    ],
    [
      "merges with no approval stored",
      "pull_request.merged",
      { sha: MERGE, headSha: HEAD },
      {},
      [`maint merged agent pull request #42 at head ${HEAD.slice(0, 12)}: not an approved head (approved: none)`],
    ],
    ["closes it", "pull_request.closed", {}, {}, ["maint closed agent pull request #42: logged"]],
  ] as const)("maint %s → allow, no effect", (_row, kind, target, state: PolicyState, reasons) => {
    const decision = decide(action(kind, { actor: maintainer, target }), config, state, NOW);
    expect(decision).toEqual({ verdict: "allow", reasons, effects: [] });
  });

  test("the agent's own merge is still a violation, reverted", () => {
    const decision = decide(
      action("pull_request.merged", { target: { sha: MERGE, headSha: HEAD } }),
      { ...config, breaker: { ...config.breaker, trip_on: ["rate"] } },
      {},
      NOW,
    );
    expect(decision.verdict).toBe("violation");
    expect(decision.effects.map((e) => e.kind)).toEqual(["revert_merge"]);
  });
});
