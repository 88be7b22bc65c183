import { describe, expect, test } from "@jest/globals";
import { strictDefaults } from "../../src/config/defaults.js";
import type { GuardrailsConfig } from "../../src/config/schema.js";
import { proposeDemotion } from "../../src/policy/breaker/propose-demotion.js";
import type { TripReason } from "../../src/policy/breaker/trip.js";

const AGENT = "amok-agent[bot]";
// Looser than the strict defaults, so that each trip has something to tighten.
const loose: GuardrailsConfig = {
  ...strictDefaults,
  agents: ["*-agent[bot]"],
  policy: { ...strictDefaults.policy, comment: "flag", pull_request: "draft", push_default_branch: "allow", merge: "require_approval" },
  limits: { ...strictDefaults.limits, actions_per_hour: 60, comments_per_hour: 20, repos_per_hour: 5 },
};

// What tripped → the demotion the incident proposes.
const rows: { reason: TripReason; evidence: string; config?: GuardrailsConfig; proposal: string | null }[] = [
  { reason: "rate", evidence: "21 comments in the last hour (limit 20)", proposal: `/guardrails demote @${AGENT} comment=hold` },
  {
    reason: "rate",
    evidence: "61 actions in the last hour (limit 60)",
    proposal: `/guardrails demote @${AGENT} limits.actions_per_hour=30`,
  },
  { reason: "loop", evidence: "6 replies", proposal: `/guardrails demote @${AGENT} comment=hold` },
  { reason: "scope", evidence: "changed src/x outside scope", proposal: `/guardrails demote @${AGENT} pull_request=close` },
  { reason: "merge", evidence: "merged #4", proposal: `/guardrails demote @${AGENT} merge=deny` },
  { reason: "push_default_branch", evidence: "pushed", proposal: `/guardrails demote @${AGENT} push_default_branch=revert` },
  { reason: "blast_radius", evidence: "6 repositories", proposal: `/guardrails demote @${AGENT} limits.repos_per_hour=2` },
  {
    reason: "rate",
    evidence: "21 comments in the last hour",
    config: { ...loose, policy: { ...loose.policy, comment: "hold" } },
    proposal: `/guardrails demote @${AGENT} limits.comments_per_hour=10`,
  },
  { reason: "merge", evidence: "merged", config: { ...loose, policy: { ...loose.policy, merge: "deny" } }, proposal: null },
  { reason: "merge", evidence: "merged", config: { ...loose, locked: ["policy.merge"] }, proposal: null },
];

describe("proposeDemotion: a trip proposes the tightening that fits what tripped", () => {
  test.each(rows)("$reason ($evidence) → $proposal", ({ reason, evidence, config, proposal }) => {
    expect(proposeDemotion({ agent: AGENT, reason, evidence }, config ?? loose)).toBe(proposal);
  });

  test("the org-wide halt proposes nothing (there is no one agent to demote)", () => {
    expect(proposeDemotion({ agent: "*", reason: "manual", evidence: "halt all" }, loose)).toBeNull();
  });
});
