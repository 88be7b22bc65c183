import { describe, expect, test } from "@jest/globals";
import { renderStates } from "../../src/breaker/finish-containment.js";
import { incidentBody, TIMELINE_MAX, type TimelineAction } from "../../src/breaker/incident-body.js";
import type { Effect } from "../../src/policy/effect.js";

const trip = { agent: "amok-agent[bot]", reason: "rate" as const, evidence: "21 comments in the last hour (limit 20)" };
const step = (nodeId: string): { owner: string; repo: string; effect: Effect } => ({
  owner: "acme",
  repo: "widgets",
  effect: { kind: "minimize_comment", nodeId, classifier: "OUTDATED" },
});
const action = (i: number, url: string | null = `https://github.com/acme/widgets/issues/11#issuecomment-${i}`): TimelineAction => ({
  at: `2026-11-20T09:00:${String(i).padStart(2, "0")}.000Z`,
  repo: "acme/widgets",
  action: "issue_comment.created",
  verdict: "gate",
  targetNumber: 11,
  url,
});

describe("the incident body: the debrief", () => {
  test("what the agent did, oldest first with its links; the plan with each step pending; the proposed demotion", () => {
    const body = incidentBody({
      owner: "maint",
      trip,
      tripId: 3,
      at: "2026-11-20T09:01:00.000Z",
      steps: [step("IC_1"), step("IC_2")],
      actions: [action(1), action(2)],
      demotion: "/guardrails demote @amok-agent[bot] comment=hold",
    });
    expect(body).toContain("@maint: the circuit breaker for `amok-agent[bot]` tripped at 2026-11-20T09:01:00.000Z (trip 3).");
    expect(body).toContain("**What the agent did** (2 action(s) in the lookback window, oldest first):");
    expect(body).toContain(
      "- 2026-11-20T09:00:01.000Z `issue_comment.created` acme/widgets#11 (https://github.com/acme/widgets/issues/11#issuecomment-1): gate",
    );
    expect(body.indexOf("issuecomment-1")).toBeLessThan(body.indexOf("issuecomment-2"));
    expect(body).toContain("1. `minimize_comment` acme/widgets comment IC_1 — pending");
    expect(body).toContain("**To tighten this agent:** `/guardrails demote @amok-agent[bot] comment=hold`");
  });

  test("only GitHub links are printed; a long history shows the newest and counts the rest", () => {
    const actions = Array.from({ length: TIMELINE_MAX + 5 }, (_, i) =>
      action(i % 60, i === TIMELINE_MAX + 4 ? "javascript:alert(1)" : undefined),
    );
    const body = incidentBody({ owner: "", trip, tripId: 1, at: "2026-11-20T09:01:00.000Z", steps: [], actions });
    expect(body).toContain("- … 5 earlier action(s)");
    expect(body).not.toContain("javascript:");
    expect(body.match(/`issue_comment\.created`/g)).toHaveLength(TIMELINE_MAX);
  });

  test("renderStates: each step's state as it drains, the progress line replaced, again and again", () => {
    const body = incidentBody({
      owner: "maint",
      trip,
      tripId: 3,
      at: "2026-11-20T09:01:00.000Z",
      steps: [step("IC_1"), step("IC_2"), step("IC_3")],
    });
    const first = renderStates(body, ["applied", "pending", "pending"], "Containment in progress: 1 of 3 step(s) applied.");
    expect(first).toContain("1. `minimize_comment` acme/widgets comment IC_1 — **applied**");
    expect(first).toContain("2. `minimize_comment` acme/widgets comment IC_2 — pending");
    expect(first).toContain("Containment in progress: 1 of 3 step(s) applied.");
    expect(first).not.toContain("This list is updated when containment finishes.");
    const last = renderStates(first, ["applied", "failed", "applied"], "Containment finished 40s after the trip.");
    expect(last).toContain("2. `minimize_comment` acme/widgets comment IC_2 — **failed**");
    expect(last).toContain("3. `minimize_comment` acme/widgets comment IC_3 — **applied**");
    expect(last).toContain("Containment finished 40s after the trip.");
    expect(last).not.toContain("Containment in progress");
  });
});
