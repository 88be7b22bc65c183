import { beforeAll, describe, expect, test } from "@jest/globals";
import type { RecordedRequest } from "../../src/sim/github-stand-in.js";
import { runScenario, type SimulationResult } from "../../src/sim/run-scenario.js";
import type { Scenario, ScenarioEvent } from "../../src/sim/scenario.js";
import { amokAgent, issueCommentEvent } from "../fixtures/webhook-examples.js";

/**
 * An agent out of control: 500 comments over four issues in ten virtual minutes, against the
 * default-ish limits (20 comments an hour, 10 actions a minute). The breaker must trip once,
 * every comment must end hidden or deleted, and the app's own writes must stay inside GitHub's
 * secondary limits while it cleans up.
 */
const CONFIG = [
  "mode: enforce",
  "owner: maint",
  'agents: ["copilot-swe-agent[bot]", "*-agent[bot]"]',
  "approvers: write",
  "policy: { pull_request: draft, merge: require_approval, push_default_branch: revert, comment: hide, external_comment: hide, issue: flag }",
  "scope: { paths: ['**'], protected: ['.github/**'] }",
  "limits: { actions_per_hour: 60, comments_per_hour: 20, pull_requests_per_hour: 10, burst: { actions: 10, seconds: 60 }, repos_per_hour: 5 }",
  "breaker: { trip_on: [rate, burst, scope, protected, blast_radius], contain: [draft_prs, hide_comments, close_issues, revert_pushes, revert_merges], lookback: 1h }",
  "digest: off",
].join("\n");

const COMMENTS = 500;
const START = Date.parse("2026-11-20T09:00:00.000Z");
/** 500 comments in 10 minutes: one every 1.2 s. */
const SPACING_MS = 1_200;
const FIRST_COMMENT_ID = 800_000;

function floodScenario(): Scenario {
  const events: ScenarioEvent[] = [];
  for (let i = 0; i < COMMENTS; i++) {
    const payload = issueCommentEvent(amokAgent, { number: 11 + (i % 4), commentId: FIRST_COMMENT_ID + i, body: `I am still here (${i})` });
    events.push({ line: i + 2, name: "issue_comment", payload, at: new Date(START + i * SPACING_MS).toISOString(), id: `flood-${i}` });
  }
  return {
    world: {
      owner: "acme",
      repo: "widgets",
      default_branch: "main",
      app: "agent-guardrails[bot]",
      permissions: { maint: "admin", dev: "write", "amok-agent[bot]": "write" },
      members: ["maint", "dev"],
      files: { ".github/agent-guardrails.yml": CONFIG },
    },
    events,
    steps: events.map((event) => ({ kind: "event" as const, ...event })),
  };
}

/**
 * Writes as GitHub's secondary limits count them, conservatively: every REST request that is not
 * a read, and every GraphQL mutation (Octokit's throttling treats all of these as writes).
 */
function isWrite(request: RecordedRequest): boolean {
  if (request.path === "/graphql") return /^\s*mutation\b/.test(String((request.body as { query?: unknown } | undefined)?.query ?? ""));
  return request.method !== "GET" && request.method !== "HEAD";
}

/** The most timestamps inside any window of `ms` (inclusive of both ends' granularity: [t, t + ms)). */
function maxInWindow(times: readonly number[], ms: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let from = 0;
  for (let to = 0; to < sorted.length; to++) {
    while (sorted[to]! - sorted[from]! >= ms) from++;
    best = Math.max(best, to - from + 1);
  }
  return best;
}

let result: SimulationResult;

beforeAll(async () => {
  result = await runScenario(floodScenario());
}, 120_000);

describe("a 500-comment flood through simulate", () => {
  test("the breaker trips exactly once, on the burst limit, at the 11th comment", () => {
    expect(result.trips).toEqual([{ actor: "amok-agent[bot]", reason: "burst", at: new Date(START + 10 * SPACING_MS).toISOString() }]);
    expect(result.agentActions).toBe(COMMENTS);
  });

  test("every one of the 500 comments ends hidden or deleted", () => {
    const hidden = new Set<string>();
    const deleted = new Set<string>();
    for (const request of result.requests) {
      if (request.operation === "minimizeComment") hidden.add(String(request.variables?.subjectId));
      const match = /^\/repos\/acme\/widgets\/issues\/comments\/(\d+)$/.exec(request.path);
      if (request.method === "DELETE" && match) deleted.add(`IC_${match[1]}`);
    }
    // The stand-in answered every one of those writes with success.
    const failed = result.audit.filter((row) => row.action.startsWith("effect.") && row.verdict !== "applied");
    expect(failed).toEqual([]);
    const missing: string[] = [];
    for (let i = 0; i < COMMENTS; i++) {
      const nodeId = `IC_${FIRST_COMMENT_ID + i}`;
      if (!hidden.has(nodeId) && !deleted.has(nodeId)) missing.push(nodeId);
    }
    expect(missing).toEqual([]);
    // The first ten were within the limits: hidden by the permission table. From the trip on, each is deleted on arrival (its text kept in the audit log).
    expect(deleted.size).toBe(COMMENTS - 10);
    const held = result.audit.filter((row) => row.action === "issue_comment.created" && Array.isArray(row.detail.held));
    expect(held).toHaveLength(COMMENTS);
  });

  test("one incident issue is opened, titled for the agent, and updated once containment finishes", () => {
    const created = result.requests.filter((r) => r.method === "POST" && r.path === "/repos/acme/widgets/issues");
    expect(created).toHaveLength(1);
    expect(created[0]!.body).toMatchObject({ title: "Agent guardrails tripped: amok-agent[bot]", labels: ["agent:halted"] });
    expect((created[0]!.body as { body: string }).body).toContain("@maint");
    const updates = result.requests.filter(
      (r) =>
        r.method === "PATCH" && /^\/repos\/acme\/widgets\/issues\/\d+$/.test(r.path) && (r.body as { body?: unknown }).body !== undefined,
    );
    expect(updates).toHaveLength(1);
    expect((updates[0]!.body as { body: string }).body).toMatch(/Containment finished \d+s after the trip/);
  });

  test("time-to-zero is recorded once", () => {
    const contained = result.audit.filter((row) => row.action === "breaker.contained");
    expect(contained).toHaveLength(1);
    expect(contained[0]!.detail).toMatchObject({ agent: "amok-agent[bot]", tripId: 1 });
    expect(typeof contained[0]!.detail.timeToZeroSeconds).toBe("number");
    expect(Date.parse(contained[0]!.at)).toBeGreaterThanOrEqual(START + 10 * SPACING_MS);
  });

  test("the app's writes stay within GitHub's secondary limits: ≤ 80 in any minute, ≤ 500 content-creating ones in any hour", () => {
    // Each applied effect is one audit row at the virtual time it went out; an effect may take
    // more than one write (ensure_incident_issue reads, then creates or updates), so the rows are
    // checked against the recorded writes first.
    const effectRows = result.audit.filter((row) => row.action.startsWith("effect.") && row.verdict === "applied");
    expect(effectRows.length).toBe(result.requests.filter(isWrite).length);
    const times = effectRows.map((row) => Date.parse(row.at));
    expect(maxInWindow(times, 60_000)).toBeLessThanOrEqual(80);
    const creating = effectRows.filter((row) =>
      ["effect.create_comment", "effect.ensure_incident_issue", "effect.revert_push", "effect.revert_merge"].includes(row.action),
    );
    expect(
      maxInWindow(
        creating.map((row) => Date.parse(row.at)),
        3_600_000,
      ),
    ).toBeLessThanOrEqual(500);
  });

  test("time to zero visible: the last comment is out of sight within a minute of its arrival (GitHub's pace, 80 writes a minute, is faster than the flood)", () => {
    // 500 hides and deletes do not wait for the hour's 500 content-creating writes: they create nothing.
    const hides = result.audit.filter(
      (row) => (row.action === "effect.minimize_comment" || row.action === "effect.delete_comment") && row.verdict === "applied",
    );
    expect(hides).toHaveLength(COMMENTS);
    const lastArrival = START + (COMMENTS - 1) * SPACING_MS;
    expect(Math.max(...hides.map((row) => Date.parse(row.at))) - lastArrival).toBeLessThanOrEqual(60_000);
  });
});
