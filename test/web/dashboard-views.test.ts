import { describe, expect, test } from "@jest/globals";
import type { AuditRow, BreakerRow, EffectRow } from "../../src/store/store.js";
import { activitySeries } from "../../src/web/dashboard/activity-series.js";
import { agentOverrides } from "../../src/web/dashboard/agent-overrides.js";
import { tripProgress } from "../../src/web/dashboard/owner-views.js";

let id = 0;
function row(at: string, over: Partial<AuditRow> = {}): AuditRow {
  return {
    id: ++id,
    at,
    deliveryId: null,
    org: "acme",
    repo: "acme/widgets",
    actor: "bot-agent[bot]",
    actorKind: "agent",
    action: "issue_comment.created",
    targetNumber: 1,
    targetNodeId: null,
    targetUrl: null,
    targetSha: null,
    verdict: "allow",
    reasons: [],
    effects: [],
    detail: {},
    ...over,
  };
}

describe("activity over time", () => {
  const from = new Date("2026-11-20T00:00:00.000Z");
  const to = new Date("2026-11-20T03:00:00.000Z");

  test("per hour over a short period, by verdict class and by kind; the app's own rows and humans are not the agent's actions", () => {
    const rows = [
      row("2026-11-20T00:10:00.000Z"),
      row("2026-11-20T00:20:00.000Z", { verdict: "gate", action: "pull_request.opened" }),
      row("2026-11-20T02:59:59.000Z", { verdict: "violation", action: "pull_request.merged" }),
      row("2026-11-20T01:00:00.000Z", { verdict: "contained" }),
      row("2026-11-20T01:00:00.000Z", { action: "breaker.tripped", verdict: "contained" }),
      row("2026-11-20T01:00:00.000Z", { actor: "maint", actorKind: "human", verdict: "command", action: "command.approve" }),
      row("2026-11-20T03:00:00.000Z"),
    ];
    const [series, ...others] = activitySeries(rows, from, to);
    expect(others).toEqual([]);
    expect(series!.bucket).toBe("hour");
    expect(series!.x).toEqual([0, 1, 2].map((h) => (from.getTime() + h * 3_600_000) / 1000));
    expect(series!.verdicts).toEqual([
      { label: "allowed", counts: [1, 0, 0] },
      { label: "gated", counts: [1, 0, 0] },
      { label: "contained", counts: [0, 1, 1] },
    ]);
    expect(series!.kinds.map((k) => [k.label, k.counts])).toEqual([
      ["issue_comment.created", [1, 1, 0]],
      ["pull_request.merged", [0, 0, 1]],
      ["pull_request.opened", [1, 0, 0]],
    ]);
  });

  test("per day over a week; an agent named but idle gets an empty series", () => {
    const week = activitySeries([], new Date("2026-11-13T12:00:00.000Z"), new Date("2026-11-20T12:00:00.000Z"), ["quiet-agent[bot]"]);
    expect(week).toHaveLength(1);
    expect(week[0]!.bucket).toBe("day");
    expect(week[0]!.x).toHaveLength(8);
    expect(week[0]!.verdicts.every((v) => v.counts.every((n) => n === 0))).toBe(true);
  });
});

describe("containment progress", () => {
  const breaker: BreakerRow = {
    org: "acme",
    agent: "bot-agent[bot]",
    state: "open",
    tripId: 2,
    reason: "burst",
    evidence: null,
    repo: "acme/widgets",
    trippedAt: "2026-11-20T10:00:00.000Z",
    resumedAt: null,
    resumedBy: null,
    containedAt: null,
    installationId: 1,
    plannedTripId: 2,
  };
  function effect(status: EffectRow["status"], tag: string, over: Partial<EffectRow> = {}): EffectRow {
    return {
      id: ++id,
      deliveryId: null,
      installationId: 1,
      owner: "acme",
      repo: "widgets",
      status,
      tag,
      attempts: 0,
      nextAttemptAt: null,
      lastError: null,
      createdAt: "",
      appliedAt: null,
      effect: { kind: "minimize_comment", nodeId: "n", classifier: "SPAM" } as EffectRow["effect"],
      ...over,
    };
  }

  test("counts the outbox rows of the current trip's tag by status, and finds the incident", () => {
    const tag = "trip:acme:bot-agent[bot]:2";
    const [trip] = tripProgress(
      [breaker, { ...breaker, agent: "never-tripped", tripId: 0 }],
      [
        effect("applied", tag),
        effect("applied", tag, {
          effect: { kind: "ensure_incident_issue", title: "t", body: "b", labels: [] },
          result: { url: "https://github.com/acme/widgets/issues/43" },
        }),
        effect("pending", tag),
        effect("failed", tag),
        effect("applied", "trip:acme:bot-agent[bot]:1"),
      ],
    );
    expect(trip).toMatchObject({ applied: 2, pending: 1, failed: 1, incidentUrl: "https://github.com/acme/widgets/issues/43" });
  });
});

describe("per-agent overrides from a repository's config", () => {
  test("the entries naming the agent (by login or glob), flattened; none for others or for unparsable text", () => {
    const config =
      'agents:\n  - "plain-agent"\n  - login: "*-agent[bot]"\n    policy: { comment: flag }\n  - login: other\n    owner: alice\n';
    expect(agentOverrides(config, "bot-agent[bot]")).toEqual({ "policy.comment": "flag" });
    expect(agentOverrides(config, "plain-agent")).toBeNull();
    expect(agentOverrides("agents: [", "bot-agent[bot]")).toBeNull();
    expect(agentOverrides(null, "bot-agent[bot]")).toBeNull();
  });
});
