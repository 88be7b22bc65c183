import { describe, expect, test } from "@jest/globals";
import { strictDefaults } from "../../src/config/defaults.js";
import type { GuardrailsConfig } from "../../src/config/schema.js";
import { decide } from "../../src/policy/decide.js";
import type { Effect } from "../../src/policy/effect.js";
import type { PolicyState } from "../../src/policy/policy-state.js";
import { action, agent, dependabot, dev, maintainer } from "../fixtures/actions.js";

const NOW = new Date("2026-11-20T09:00:00Z");
// Strict defaults: comment hide, pull_request draft, merge require_approval, comments_per_hour 20.
const config: GuardrailsConfig = {
  ...strictDefaults,
  owner: "dev",
  agents: ["copilot-swe-agent[bot]", { login: "helper-agent[bot]", policy: { comment: "flag" } }],
};
const trust: PolicyState["trust"] = {
  agent: agent.login,
  window: "last 28 days",
  evidence: ["40 action(s) in the last 28 days", "0 approval(s) and 0 rejection(s)"],
};

function comment(body: string, actor = maintainer) {
  return action("issue_comment.created", {
    actor,
    body,
    target: {
      commentAuthor: actor,
      nodeId: "IC_1",
      commentId: 77,
      number: 5,
      url: "https://github.com/acme/widgets/issues/5#issuecomment-77",
    },
  });
}

type Row = {
  row: string;
  body: string;
  actor?: typeof maintainer;
  role?: PolicyState["commanderRole"];
  config?: GuardrailsConfig;
  verdict: "command" | "refused";
  reason: RegExp;
};
const rows: Row[] = [
  {
    row: "an approver promotes a key one step looser → a pull request",
    body: "/guardrails promote @copilot-swe-agent[bot] comment=flag",
    verdict: "command",
    reason: /asked to promote copilot-swe-agent\[bot\]: comment=flag/,
  },
  {
    row: "several keys at once, a limit among them",
    body: "/guardrails promote @copilot-swe-agent[bot] comment=allow limits.comments_per_hour=40",
    verdict: "command",
    reason: /comment=allow, limits.comments_per_hour=40/,
  },
  {
    row: "an approver demotes → a pull request",
    body: "/guardrails demote @helper-agent[bot] comment=hold",
    verdict: "command",
    reason: /asked to demote helper-agent\[bot\]: comment=hold/,
  },
  {
    row: "promote that tightens → refused, says to use demote",
    body: "/guardrails promote @helper-agent[bot] comment=hold",
    verdict: "refused",
    reason: /promote must widen comment for helper-agent\[bot\]: hold is stricter than flag .*use \/guardrails demote/,
  },
  {
    row: "demote that widens → refused",
    body: "/guardrails demote @copilot-swe-agent[bot] pull_request=allow",
    verdict: "refused",
    reason: /demote must tighten pull_request .*allow is looser than draft/,
  },
  {
    row: "demote to the same value → refused",
    body: "/guardrails demote @copilot-swe-agent[bot] comment=hide",
    verdict: "refused",
    reason: /it is already hide/,
  },
  {
    row: "a value the schema refuses → refused with the order",
    body: "/guardrails promote @copilot-swe-agent[bot] comment=shout",
    verdict: "refused",
    reason: /comment=shout is not a valid value \(hold → hide → flag → allow/,
  },
  {
    row: "a limit that is no number → refused",
    body: "/guardrails promote @copilot-swe-agent[bot] limits.comments_per_hour=lots",
    verdict: "refused",
    reason: /not a valid value/,
  },
  {
    row: "an unknown key → refused with the keys",
    body: "/guardrails promote @copilot-swe-agent[bot] approvers=read",
    verdict: "refused",
    reason: /approvers is not a key an agent's entry may change/,
  },
  { row: "no agent named → refused", body: "/guardrails promote comment=allow", verdict: "refused", reason: /name the agent/ },
  {
    row: "an account that is no listed agent → refused",
    body: "/guardrails promote @someone comment=allow",
    verdict: "refused",
    reason: /someone is not a listed agent/,
  },
  { row: "no key → refused", body: "/guardrails promote @copilot-swe-agent[bot]", verdict: "refused", reason: /name a key and its value/ },
  {
    row: "an org-locked key → refused with the lock, no PR",
    body: "/guardrails promote @copilot-swe-agent[bot] comment=flag",
    config: { ...config, locked: ["policy.comment"] },
    verdict: "refused",
    reason: /comment is locked by the organization's config \(locked: policy.comment\).*no pull request/,
  },
  {
    row: "a locked `limits` covers its keys",
    body: "/guardrails demote @copilot-swe-agent[bot] limits.comments_per_hour=5",
    config: { ...config, locked: ["limits"] },
    verdict: "refused",
    reason: /locked: limits/,
  },
  {
    row: "the owner below approvers may ask",
    body: "/guardrails promote @copilot-swe-agent[bot] comment=flag",
    actor: dev,
    role: "read",
    verdict: "command",
    reason: /dev asked to promote/,
  },
  {
    row: "anyone else below approvers may not",
    body: "/guardrails promote @copilot-swe-agent[bot] comment=flag",
    actor: { ...dev, login: "stranger" },
    role: "read",
    verdict: "refused",
    reason: /below approvers/,
  },
  {
    row: "the owner below approvers cannot halt",
    body: "/guardrails halt @copilot-swe-agent[bot]",
    actor: dev,
    role: "read",
    verdict: "refused",
    reason: /below approvers/,
  },
  {
    row: "a bot never",
    body: "/guardrails promote @copilot-swe-agent[bot] comment=flag",
    actor: dependabot,
    verdict: "refused",
    reason: /commands from bots are ignored/,
  },
  {
    row: "in a quote it is no command",
    body: "> /guardrails promote @copilot-swe-agent[bot] comment=flag",
    verdict: "refused",
    reason: /commands in quotes are not commands/,
  },
];

describe("permission table: /guardrails promote and demote", () => {
  test.each(rows)("$row", ({ body, actor, role, config: c, verdict, reason }) => {
    const decision = decide(comment(body, actor), c ?? config, { commanderRole: role ?? "admin", trust }, NOW);
    expect(decision.verdict).toBe(verdict);
    expect(decision.reasons.join("\n")).toMatch(reason);
    // A refusal on the merits is answered in the thread; one of who asked is only audited.
    const answered =
      verdict === "command"
        ? ["open_config_pull_request"]
        : /below approvers|ignored|not commands/.test(decision.reasons.join(" "))
          ? []
          : ["create_comment"];
    expect(decision.effects.map((e) => e.kind)).toEqual(answered);
    if (answered[0] === "create_comment") expect((decision.effects[0] as { body: string }).body).toContain("was not done: ");
  });

  test("the effect names the file, the change, a branch of its own per request and the evidence; the reply links the PR", () => {
    const decision = decide(
      comment("/guardrails promote @copilot-swe-agent[bot] comment=flag"),
      config,
      { commanderRole: "admin", trust },
      NOW,
    );
    const effect = decision.effects[0] as Extract<Effect, { kind: "open_config_pull_request" }>;
    expect(effect).toMatchObject({
      path: ".github/agent-guardrails.yml",
      agent: "copilot-swe-agent[bot]",
      changes: [{ key: "comment", value: "flag" }],
      branch: "agent-guardrails/promote-copilot-swe-agent-bot-77",
      title: "agent-guardrails: promote copilot-swe-agent[bot] (comment=flag)",
    });
    expect(effect.body).toContain("`comment`: hide → **flag**");
    expect(effect.body).toContain("Nothing changes until a human merges it");
    expect(effect.body).toContain("- 40 action(s) in the last 28 days");
    expect(effect.reply).toMatchObject({ kind: "create_comment", number: 5 });
    expect(effect.reply?.body).toContain("{pull_request}");
  });

  test("limits: a promote compares with the agent's own limit when it has one", () => {
    const own: GuardrailsConfig = { ...config, agents: [{ login: agent.login, limits: { comments_per_hour: 50 } }] };
    const decision = decide(
      comment("/guardrails promote @copilot-swe-agent[bot] limits.comments_per_hour=40"),
      own,
      { commanderRole: "admin" },
      NOW,
    );
    expect(decision.verdict).toBe("refused");
    expect(decision.reasons[0]).toMatch(/40 is stricter than 50/);
  });
});
