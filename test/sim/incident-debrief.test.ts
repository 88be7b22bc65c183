import { beforeAll, describe, expect, test } from "@jest/globals";
import type { RecordedRequest } from "../../src/sim/github-stand-in.js";
import { runScenario, type SimulationResult } from "../../src/sim/run-scenario.js";
import type { Scenario, ScenarioStep } from "../../src/sim/scenario.js";
import { amokAgent, issueCommentEvent } from "../fixtures/webhook-examples.js";

/**
 * The incident issue is the debrief: a flood of comments trips the breaker; the issue opened at
 * the trip lists what the agent did (with links) and the plan (every step pending), proposes a
 * demotion and is assigned to the owner; as the sweep drains the plan it is updated, once per
 * sweep and not once per step, until its last body shows every step applied.
 */
const CONFIG = [
  "owner: maint",
  'agents: ["*-agent[bot]"]',
  "policy: { comment: allow }",
  "limits: { actions_per_hour: 500, comments_per_hour: 99, burst: { actions: 500, seconds: 60 } }",
  "breaker: { trip_on: [rate], contain: [hide_comments], lookback: 1h }",
  "digest: off",
].join("\n");
const START = Date.parse("2026-11-20T09:00:00.000Z");
// More steps than go out in one minute (80, GitHub's pace): the plan drains over several sweeps.
const COMMENTS = 100;

function flood(): Scenario {
  const steps: ScenarioStep[] = [];
  for (let i = 0; i < COMMENTS; i++) {
    const payload = issueCommentEvent(amokAgent, { number: 11 + (i % 3), commentId: 900 + i, body: `again ${i}` });
    steps.push({ kind: "event", line: i + 2, name: "issue_comment", payload, at: new Date(START + i * 2_000).toISOString(), id: `c-${i}` });
  }
  // Ten minutes of sweeps after the trip: the plan drains at its pace.
  for (let s = 1; s <= 20; s++)
    steps.push({ kind: "tick", line: 100 + s, at: new Date(START + COMMENTS * 2_000 + s * 30_000).toISOString() });
  const world = {
    owner: "acme",
    repo: "widgets",
    default_branch: "main",
    app: "agent-guardrails[bot]",
    permissions: { maint: "admin" as const },
    members: ["maint"],
    files: { ".github/agent-guardrails.yml": CONFIG },
  };
  return { world, events: steps.filter((s) => s.kind === "event"), steps };
}

const bodyOf = (r: RecordedRequest) => String((r.body as { body?: unknown }).body ?? "");

describe("the incident issue is the debrief, updated as containment drains", () => {
  let result: SimulationResult;
  let opened: RecordedRequest;
  let updates: RecordedRequest[];
  beforeAll(async () => {
    result = await runScenario(flood());
    const creates = result.requests.filter((r) => r.method === "POST" && r.path === "/repos/acme/widgets/issues");
    expect(creates).toHaveLength(1);
    opened = creates[0]!;
    const number = String(
      result.audit.find((r) => r.action === "effect.ensure_incident_issue" && r.verdict === "applied")?.detail.issueNumber,
    );
    updates = result.requests.filter((r) => r.method === "PATCH" && r.path === `/repos/acme/widgets/issues/${number}`);
  }, 60_000);

  test("it trips once and nothing is left pending", () => {
    expect(result.trips).toHaveLength(1);
    expect(result.invalid).toEqual([]);
    expect(result.pending).toEqual([]);
  });

  test("the first body: what the agent did with links, each step pending, the demotion proposed; assigned to the owner", () => {
    const body = bodyOf(opened);
    expect((opened.body as { assignees?: unknown }).assignees).toEqual(["maint"]);
    expect(body).toContain("@maint: the circuit breaker for `amok-agent[bot]` tripped");
    expect(body).toMatch(/\*\*What the agent did\*\* \(100 action\(s\) in the lookback window, oldest first\):/);
    // The newest 50 are listed, the rest counted.
    expect(body).toContain("- … 50 earlier action(s)");
    expect(body).toContain("`issue_comment.created` acme/widgets#11 (https://github.com/acme/widgets/issues/11#issuecomment-951): allow");
    const steps = body.split("\n").filter((l) => /^\d+\. `minimize_comment`/.test(l));
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.every((l) => l.endsWith(" — pending"))).toBe(true);
    expect(body).toContain("**To tighten this agent:** `/guardrails demote @amok-agent[bot] comment=hold`");
    // Agent text is never re-posted in the incident.
    expect(body).not.toContain("again 1");
  });

  test("updated as it drains, at most once per sweep, each update different; the last shows every step applied", () => {
    expect(updates.length).toBeGreaterThan(0);
    const steps = bodyOf(opened)
      .split("\n")
      .filter((l) => /^\d+\. `minimize_comment`/.test(l)).length;
    // Not one update per step: the sweeps batch them (20 ticks at most, the final one included).
    expect(updates.length).toBeLessThanOrEqual(Math.min(steps, 21));
    expect(updates.length).toBeLessThan(5);
    const bodies = updates.map(bodyOf);
    expect(new Set(bodies).size).toBe(bodies.length);
    // While it drains, an update says how far it got.
    expect(bodies.some((b) => /^Containment in progress: \d+ of \d+ step\(s\) applied/m.test(b))).toBe(true);
    const last = bodies.at(-1)!;
    const lines = last.split("\n").filter((l) => /^\d+\. `minimize_comment`/.test(l));
    expect(lines).toHaveLength(steps);
    expect(lines.every((l) => l.endsWith(" — **applied**"))).toBe(true);
    expect(last).toMatch(/Containment finished \d+s after the trip\./);
  });
});
