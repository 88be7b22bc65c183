import { describe, expect, test } from "@jest/globals";
import { summarizeAgents, type AgentSummary } from "../../src/owner/agent-summary.js";
import type { Effect } from "../../src/policy/effect.js";
import type { AuditRow, BreakerRow } from "../../src/store/store.js";
import {
  AGENT,
  REPO,
  agentRow,
  appliedEffect,
  approvePr,
  breaker,
  command,
  drill,
  gatedPr,
  heldComment,
  resolve,
  trip,
} from "./audit-rows.js";

// The week of 2026-W49: Monday 2026-11-30 to Monday 2026-12-07 (UTC).
const FROM = new Date("2026-11-30T00:00:00Z");
const TO = new Date("2026-12-07T00:00:00Z");
const at = (day: number, hour = 9, minute = 0) => new Date(Date.UTC(2026, 10, 30 + day, hour, minute)).toISOString();
const OTHER = "other-agent[bot]";

function summarize(rows: AuditRow[], breakers: BreakerRow[] = [], now = TO): AgentSummary[] {
  return summarizeAgents({ rows, breakers, from: FROM, to: TO, now });
}
function one(rows: AuditRow[], breakers: BreakerRow[] = [], agent = AGENT): AgentSummary {
  const found = summarize(rows, breakers).find((s) => s.agent === agent);
  if (!found) throw new Error(`no summary of ${agent}`);
  return found;
}

const draft: Effect = { kind: "convert_to_draft", prNodeId: "PR_1", number: 1 };
const hide: Effect = { kind: "minimize_comment", nodeId: "IC_9", classifier: "SPAM" };

describe("actions by kind and verdict, in the period only", () => {
  test.each([
    { row: "one gated PR", rows: [gatedPr(at(0), 1)], actions: [{ kind: "pull_request.opened", verdict: "gate", count: 1 }] },
    {
      row: "three comments, one gated",
      rows: [agentRow(at(1), "issue_comment.created", "allow"), agentRow(at(2), "issue_comment.created", "allow"), heldComment(at(3), 9)],
      actions: [
        { kind: "issue_comment.created", verdict: "allow", count: 2 },
        { kind: "issue_comment.created", verdict: "gate", count: 1 },
      ],
    },
    {
      row: "a row the week before is not counted",
      rows: [agentRow(at(-1), "push", "violation"), agentRow(at(0), "push", "violation")],
      actions: [{ kind: "push", verdict: "violation", count: 1 }],
    },
    {
      row: "a row at `to` belongs to the next period",
      rows: [agentRow(at(0), "push", "allow"), agentRow(TO.toISOString(), "push", "allow")],
      actions: [{ kind: "push", verdict: "allow", count: 1 }],
    },
  ])("$row", ({ rows, actions }) => {
    expect(one(rows).actions).toEqual(actions);
  });

  test("each agent apart, logins compared case-insensitively; humans and the app are no agents", () => {
    const rows = [
      agentRow(at(0), "push", "allow"),
      agentRow(at(1), "push", "allow", { actor: AGENT.toUpperCase() }),
      agentRow(at(1), "issues.opened", "gate", { actor: OTHER, repo: "acme/gadgets" }),
      command(at(2), "/guardrails status"),
      appliedEffect(at(2), "d-x", hide),
    ];
    const summaries = summarize(rows);
    expect(summaries.map((s) => [s.agent, s.repos, s.actions.reduce((n, a) => n + a.count, 0)])).toEqual([
      [AGENT, [REPO], 2],
      [OTHER, ["acme/gadgets"], 1],
    ]);
  });
});

describe("approvals against rejections, and the median time from the gate to the approval", () => {
  test.each([
    {
      row: "a PR approved 2 h after it was gated",
      rows: [gatedPr(at(0, 9), 1), approvePr(at(0, 11), 1)],
      approvals: 1,
      rejections: 0,
      median: 2 * 3600_000,
    },
    {
      row: "the time runs from the last gate (a push re-gates the PR)",
      rows: [gatedPr(at(0, 9), 1), gatedPr(at(0, 10), 1, AGENT, "pull_request.synchronize"), approvePr(at(0, 10, 30), 1)],
      approvals: 1,
      rejections: 0,
      median: 30 * 60_000,
    },
    {
      row: "held comments approved after 1 h and 3 h, one rejected",
      rows: [
        heldComment(at(1, 8), 11),
        heldComment(at(1, 8), 12),
        heldComment(at(1, 8), 13),
        resolve(at(1, 9), "approved", 11),
        resolve(at(1, 11), "approved", 12),
        resolve(at(1, 12), "rejected", 13),
      ],
      approvals: 2,
      rejections: 1,
      median: 2 * 3600_000,
    },
    {
      row: "an approval of a comment held before the period counts in the period",
      rows: [heldComment(at(-2), 11), resolve(at(0, 9), "approved", 11)],
      approvals: 1,
      rejections: 0,
      median: 2 * 24 * 3600_000 + 0,
    },
    {
      row: "an approval naming no agent item counts for no agent",
      rows: [gatedPr(at(0), 1), approvePr(at(1), 2)],
      approvals: 0,
      rejections: 0,
      median: null,
    },
  ])("$row", ({ rows, approvals, rejections, median }) => {
    const s = one(rows);
    expect([s.approvals, s.rejections, s.medianApproveMs]).toEqual([approvals, rejections, median]);
  });

  test("an approval goes to the agent that wrote the comment", () => {
    const rows = [heldComment(at(0), 11, "hold", OTHER), resolve(at(0, 10), "approved", 11), gatedPr(at(0), 1)];
    expect(summarize(rows).map((s) => [s.agent, s.approvals])).toEqual([
      [AGENT, 0],
      [OTHER, 1],
    ]);
  });
});

describe("trips, their incidents, and what containment applied", () => {
  test("a trip links its incident issue; its applied steps are counted, failed ones and the incident are not", () => {
    const steps: Effect[] = [draft, hide, { kind: "close_issue", number: 3 }];
    const t = trip(at(2), 1, "rate", steps);
    const rows = [
      gatedPr(at(2), 1),
      ...t.rows,
      appliedEffect(at(2, 10), "trip-delivery-1", draft),
      appliedEffect(at(2, 10), "trip-delivery-1", hide),
      appliedEffect(at(2, 10), "trip-delivery-1", { kind: "close_issue", number: 3 }, {}, "failed"),
      // An ordinary effect of the same kind elsewhere is not containment.
      appliedEffect(at(2, 10), "d-other", { kind: "convert_to_draft", prNodeId: "PR_5", number: 5 }),
    ];
    const s = one(rows);
    expect(s.trips).toEqual([{ at: at(2), reason: "rate", incidentUrl: t.incidentUrl }]);
    expect(s.contained).toBe(2);
  });

  test("an action contained on arrival counts its undo", () => {
    const undo: Effect = { kind: "close_pull_request", number: 4 };
    const rows = [
      agentRow(at(3), "pull_request.opened", "contained", { deliveryId: "d-late", effects: [undo] }),
      appliedEffect(at(3), "d-late", undo),
    ];
    expect(one(rows).contained).toBe(1);
  });

  test("a breaker tripped in the period whose audit row is not among the rows still shows, and an open one waits", () => {
    const b = breaker({ tripId: 3, reason: "scope", trippedAt: at(4), state: "open" });
    const s = one([], [b]);
    expect(s.trips).toEqual([{ at: at(4), reason: "scope", incidentUrl: null }]);
    expect(s.waiting).toEqual([{ kind: "incident", repo: REPO, number: null, url: null, since: at(4) }]);
  });

  test("an open breaker's incident links the issue its trip opened; a resumed one waits for nothing", () => {
    const t = trip(at(1), 2, "protected", []);
    expect(one(t.rows, [breaker({ tripId: 2, reason: "protected", trippedAt: at(1) })]).waiting).toEqual([
      { kind: "incident", repo: REPO, number: 102, url: t.incidentUrl, since: at(1) },
    ]);
    expect(one(t.rows, [breaker({ tripId: 2, reason: "protected", trippedAt: at(1), state: "closed" })]).waiting).toEqual([]);
  });
});

describe("what waits for a human", () => {
  test.each([
    { row: "a gated PR not approved", rows: [gatedPr(at(0), 1)], waiting: [["pull_request", 1]] },
    { row: "a gated PR approved", rows: [gatedPr(at(0), 1), approvePr(at(1), 1)], waiting: [] },
    {
      row: "approved, then new commits",
      rows: [gatedPr(at(0), 1), approvePr(at(1), 1), gatedPr(at(2), 1, AGENT, "pull_request.synchronize")],
      waiting: [["pull_request", 1]],
    },
    {
      row: "closed by the agent",
      rows: [gatedPr(at(0), 1), agentRow(at(1), "pull_request.closed", "allow", { targetNumber: 1 })],
      waiting: [],
    },
    { row: "a held comment", rows: [heldComment(at(0), 11)], waiting: [["comment", 7]] },
    { row: "a held comment rejected", rows: [heldComment(at(0), 11), resolve(at(1), "rejected", 11)], waiting: [] },
    {
      row: "edited after its approval: held again",
      rows: [heldComment(at(0), 11), resolve(at(1), "approved", 11), heldComment(at(2), 11)],
      waiting: [["comment", 7]],
    },
    {
      row: "a release back to draft",
      rows: [agentRow(at(0), "release.published", "gate", { targetNumber: 9 })],
      waiting: [["release", 9]],
    },
    { row: "observe mode holds nothing", rows: [{ ...gatedPr(at(0), 1), detail: { mode: "observe" } }], waiting: [] },
  ])("$row", ({ rows, waiting }) => {
    expect(one(rows).waiting.map((w) => [w.kind, w.number])).toEqual(waiting);
  });

  test("the held comment's link is where it was written", () => {
    expect(one([heldComment(at(0), 11)]).waiting).toEqual([
      { kind: "comment", repo: REPO, number: 7, url: `https://github.com/${REPO}/issues/7#issuecomment-11`, since: at(0) },
    ]);
  });
});

describe("the last kill-switch drill", () => {
  test.each([
    { row: "none", rows: [gatedPr(at(0), 1)], last: null },
    {
      row: "of this agent by name, weeks ago (the last ever counts)",
      rows: [gatedPr(at(0), 1), drill(at(-20), `/guardrails drill @${AGENT}`, "someone")],
      last: at(-20),
    },
    { row: "in the agent's own thread", rows: [gatedPr(at(0), 1), drill(at(1))], last: at(1) },
    { row: "of all agents", rows: [gatedPr(at(0), 1), drill(at(2), "/guardrails drill all", "someone")], last: at(2) },
    { row: "of another agent", rows: [gatedPr(at(0), 1), drill(at(2), `/guardrails drill @${OTHER}`, "someone")], last: null },
    { row: "a drill refused (no reply planned)", rows: [gatedPr(at(0), 1), { ...drill(at(2)), effects: [] }], last: null },
  ])("$row", ({ rows, last }) => {
    expect(one(rows).lastDrill).toBe(last);
  });
});

describe("recommendations with their evidence", () => {
  const month = (n: number, rejectedEvery = 0): AuditRow[] =>
    Array.from({ length: n }, (_, i) => {
      const day = -27 + Math.floor((i * 33) / n);
      return [
        heldComment(at(day, 8), 1000 + i),
        resolve(at(day, 9), rejectedEvery && i % rejectedEvery === 0 ? "rejected" : "approved", 1000 + i),
      ];
    }).flat();

  test.each([
    {
      row: "40 comments over 4 weeks, none rejected",
      rows: month(40),
      expected: [
        {
          text: "consider `comment: flag`",
          evidence: "0 rejections in 40 comments over 4 weeks, no trip",
          change: { key: "comment", value: "flag" },
        },
      ],
    },
    { row: "too few comments", rows: month(10), expected: [] },
    { row: "one rejection", rows: month(40, 39), expected: [] },
    { row: "a trip in the month", rows: [...month(40), ...trip(at(-10), 1, "burst", []).rows], expected: [] },
    { row: "not 4 weeks of history yet", rows: month(40).filter((r) => r.at >= at(-14)), expected: [] },
    {
      row: "two trips this week",
      rows: [...trip(at(1), 1, "rate", []).rows, ...trip(at(3), 2, "scope", []).rows],
      expected: [{ text: "tighten its policy or limits, and debrief the incidents", evidence: "2 trips this week (rate, scope)" }],
    },
    {
      row: "hidden comments rejected often",
      rows: [
        heldComment(at(0), 1, "hide"),
        heldComment(at(0), 2, "hide"),
        heldComment(at(0), 3, "hide"),
        resolve(at(1), "rejected", 1, 2),
        resolve(at(1), "approved", 3),
      ],
      expected: [
        {
          text: "consider `comment: hold`",
          evidence: "2 of 3 reviewed comments rejected this week",
          change: { key: "comment", value: "hold" },
        },
      ],
    },
  ])("$row", ({ rows, expected }) => {
    expect(one(rows).recommendations).toEqual(expected);
  });
});
