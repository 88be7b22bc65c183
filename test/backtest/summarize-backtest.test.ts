import { expect, test } from "@jest/globals";
import { summarizeBacktest } from "../../src/backtest/summarize-backtest.js";
import type { Effect } from "../../src/policy/effect.js";
import type { SimulationResult } from "../../src/sim/simulation-result.js";
import type { AuditRow } from "../../src/store/store.js";

let id = 0;
function row(
  actor: string,
  actorKind: AuditRow["actorKind"],
  action: string,
  verdict: string,
  effects: Effect[],
  more: Partial<AuditRow> = {},
): AuditRow {
  return {
    id: ++id,
    at: "2026-11-20T10:00:00.000Z",
    deliveryId: "d",
    org: "acme",
    repo: "acme/widgets",
    actor,
    actorKind,
    action,
    targetNumber: null,
    targetNodeId: null,
    targetUrl: null,
    targetSha: null,
    verdict,
    reasons: [],
    effects,
    detail: {},
    ...more,
  };
}
const result = (audit: AuditRow[]): SimulationResult => ({
  events: audit.length,
  agentActions: 0,
  trips: [],
  requests: [],
  invalid: [],
  audit,
  pending: [],
});
const header = { repo: "acme/widgets", since: "2026-11-20T00:00:00.000Z", until: "2026-11-21T00:00:00.000Z", notes: [] };
const draft: Effect = { kind: "convert_to_draft", prNodeId: "PR_6", number: 6 };
const hide: Effect = { kind: "minimize_comment", nodeId: "IC_1", classifier: "OUTDATED" };
const hold: Effect = { kind: "delete_comment", surface: "issue_comment", commentId: 2, nodeId: "IC_2" };
const flag: Effect = { kind: "add_label", number: 7, label: "agent:flagged" };
const incident: Effect = { kind: "ensure_incident_issue", title: "Agent guardrails tripped: bot", body: "", labels: [] };

test("audit rows become what the guardrails would have done, per agent", () => {
  const report = summarizeBacktest(
    result([
      row("bot", "agent", "pull_request.opened", "gate", [draft], { targetNumber: 6 }),
      row("bot", "agent", "pull_request.synchronize", "gate", [draft], { targetNumber: 6 }),
      row("agent-guardrails[bot]", "app", "effect.convert_to_draft", "planned", [draft], { targetNumber: 6 }),
      row("bot", "agent", "issue_comment.created", "gate", [hide], { targetNumber: 2 }),
      row("bot", "agent", "issue_comment.created", "gate", [hold], { targetNumber: 2 }),
      row("bot", "agent", "issues.opened", "gate", [flag], { targetNumber: 7 }),
      row("bot", "agent", "issue_comment.created", "allow", [], { targetNumber: 2 }),
      row("bot", "agent", "breaker.tripped", "planned", [incident, { kind: "unassign_agent", login: "bot" }, hide], {
        at: "2026-11-20T10:01:00.000Z",
        detail: { agent: "bot", reason: "burst", evidence: "11 actions within 60s" },
      }),
      row("bot", "agent", "issue_comment.created", "contained", [hold], { targetNumber: 2 }),
      row("bot", "agent", "breaker.tripped", "planned", [incident], { detail: { agent: "bot", reason: "loop", evidence: "" } }),
      row("bot", "agent", "breaker.tripped", "planned", [incident], { detail: { agent: "bot", reason: "burst", evidence: "" } }),
      row("bot", "agent", "push", "violation", [
        { kind: "revert_push", ref: "refs/heads/main", sha: "b".repeat(40), before: "a".repeat(40), paths: ["src/a.ts"] },
      ]),
      row("dev", "human", "pull_request.opened", "allow", [], { targetNumber: 8 }),
      row("speedy", "human", "pace.alert", "violation", [incident], {
        at: "2026-11-20T12:00:20.000Z",
        detail: { evidence: "11 actions within 60s (burst limit 10)" },
      }),
    ]),
    header,
    ["quiet-agent"],
  );
  expect(report.agents).toEqual([
    {
      login: "bot",
      actions: 8,
      gatedPullRequests: [6],
      hiddenComments: 1,
      heldComments: 1,
      flaggedIssues: [7],
      revertedPushes: ["b".repeat(40)],
      containedOnArrival: 1,
      trips: [
        {
          reason: "burst",
          at: "2026-11-20T10:01:00.000Z",
          evidence: "11 actions within 60s",
          times: 3,
          alsoOn: ["loop"],
          containment: { unassign_agent: 1, minimize_comment: 1 },
        },
      ],
    },
    {
      login: "quiet-agent",
      actions: 0,
      gatedPullRequests: [],
      hiddenComments: 0,
      heldComments: 0,
      flaggedIssues: [],
      revertedPushes: [],
      containedOnArrival: 0,
      trips: [],
    },
  ]);
  expect(report.pace).toEqual([{ login: "speedy", at: "2026-11-20T12:00:20.000Z", evidence: "11 actions within 60s (burst limit 10)" }]);
});
