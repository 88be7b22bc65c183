import { describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { runScenario } from "../../src/sim/run-scenario.js";
import { parseScenario } from "../../src/sim/scenario.js";
import type { RecordedRequest } from "../../src/sim/github-stand-in.js";
import { traceScenario } from "../../src/sim/trace-scenario.js";

const scenarioFile = (name: string) => parseScenario(readFileSync(new URL(`../../examples/scenarios/${name}`, import.meta.url), "utf8"));

const writes = (requests: RecordedRequest[]) => requests.filter((r) => r.method !== "GET");
const checkRuns = (requests: RecordedRequest[]) =>
  requests
    .filter((r) => r.method === "POST" && r.path === "/repos/acme/widgets/check-runs")
    .map((r) => {
      const body = r.body as { name: string; head_sha: string; conclusion: string };
      return `${body.name} ${body.head_sha.slice(0, 3)} ${body.conclusion}`;
    });

describe("simulate runs the real app against the stand-in", () => {
  test("the demo: gated agent PR, refused approvals, a maintainer's approval, a re-gate on push, a human PR with one write, a held reply to an outsider", async () => {
    const trace = await traceScenario(scenarioFile("demo.jsonl"));
    const { result, events } = trace;
    expect(Object.keys(result)).toEqual(["events", "agentActions", "trips", "requests", "invalid", "audit", "pending"]);
    expect(result.pending).toEqual([]);
    expect(result.events).toBe(11);
    expect(result.trips).toEqual([]);
    expect(events.every((e) => e.error === undefined)).toBe(true);
    const of = (index: number) => result.requests.slice(events[index]?.requestsFrom, events[index]?.requestsTo);

    // 1. opened: drafted, pending check, label.
    expect(of(0).some((r) => r.operation === "convertPullRequestToDraft")).toBe(true);
    expect(checkRuns(of(0))).toEqual(["agent-guardrails 42a action_required"]);
    expect(of(0)).toContainEqual(
      expect.objectContaining({
        method: "POST",
        path: "/repos/acme/widgets/issues/42/labels",
        body: { labels: ["agent:pending-approval"] },
      }),
    );
    // 2. marked ready by the agent: drafted again.
    expect(of(1).some((r) => r.operation === "convertPullRequestToDraft")).toBe(true);
    // 3-5. a read user's approval, the agent's own, a quoted one: none passes the check.
    for (const index of [2, 3, 4]) expect(checkRuns(of(index))).not.toContain("agent-guardrails 42a success");
    // 6. the maintainer's approval: success, label removed.
    expect(checkRuns(of(5))).toEqual(["agent-guardrails 42a success"]);
    expect(of(5)).toContainEqual(
      expect.objectContaining({ method: "DELETE", path: "/repos/acme/widgets/issues/42/labels/agent:pending-approval" }),
    );
    // 7. the agent pushes again: the approval was for the old head.
    expect(checkRuns(of(6))).toEqual(["agent-guardrails 42b action_required"]);
    // 8. a human's PR: one write, the passing check.
    expect(writes(of(7))).toHaveLength(1);
    expect(checkRuns(of(7))).toEqual(["agent-guardrails 43c success"]);
    // 9. an outsider opens an issue: a human's event costs no request.
    expect(of(8)).toEqual([]);
    // 10. the agent replies to the outsider: deleted and held (external_comment: hold), text in the audit log.
    expect(writes(of(9))).toEqual([expect.objectContaining({ method: "DELETE", path: "/repos/acme/widgets/issues/comments/2005" })]);
    const reply = result.audit.find(
      (row) => row.deliveryId === "demo-10-agent-replies-to-outsider" && row.action === "issue_comment.created",
    );
    expect(reply?.detail.held).toEqual([expect.objectContaining({ commentId: 2005, mode: "hold", external: true })]);
    // 11. the maintainer approves: the app re-posts it, mentions neutralised, naming the approver.
    const reposts = writes(of(10));
    expect(reposts.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /repos/acme/widgets/issues/44/comments"]);
    const repost = String((reposts[0]?.body as { body?: unknown }).body);
    expect(repost).toContain("approved by `maint`");
    expect(repost).toContain("@\u200bstranger");

    expect(result.agentActions).toBeGreaterThanOrEqual(3);
    // Virtual time: the audit rows carry the events' times, not the wall clock.
    expect(result.audit.every((row) => row.at.startsWith("2026-11-20T09:"))).toBe(true);
  });

  test("a redelivery does nothing; a human's comment costs no request", async () => {
    const { result, events } = await traceScenario(scenarioFile("redelivery-and-humans.jsonl"));
    expect(events[0]?.requestsTo).toBeGreaterThan(events[0]?.requestsFrom ?? 0);
    expect(events[1]?.requestsTo).toBe(events[1]?.requestsFrom);
    expect(events[2]?.requestsTo).toBe(events[2]?.requestsFrom);
    expect(result.audit.filter((row) => row.deliveryId === "delivery-50" && !row.action.startsWith("effect.")).length).toBe(1);
  });

  test("--config replaces the world's config file: in observe mode nothing is written", async () => {
    const result = await runScenario(scenarioFile("demo.jsonl"), { config: "mode: observe\nowner: maint\n" });
    expect(result.requests.length).toBeGreaterThan(0);
    expect(writes(result.requests)).toEqual([]);
    expect(result.audit.length).toBeGreaterThan(0);
  });

  test("a malformed payload is skipped, never a crash", async () => {
    const scenario = scenarioFile("redelivery-and-humans.jsonl");
    scenario.events.unshift({
      line: 0,
      name: "pull_request",
      payload: { action: "opened", installation: { id: 4242 } },
      at: "2026-11-20T08:59:00.000Z",
    });
    const result = await runScenario(scenario);
    expect(result.events).toBe(5);
    expect(checkRuns(result.requests)).toContain("agent-guardrails 51d success");
  });

  test("a delivery whose read GitHub failed stays in the inbox and is retried when virtual time moves on; its redelivery then does nothing", async () => {
    const { result, events } = await traceScenario(scenarioFile("redelivery-and-humans.jsonl"), {
      onStandIn: (standIn) => standIn.failNext({ method: "GET", pathPrefix: "/repos/acme/widgets/contents/" }, 502),
    });
    expect(events[0]?.error).toMatch(/502/);
    expect(events.slice(1).every((e) => e.error === undefined)).toBe(true);
    // Nothing was committed for the failed delivery: the inbox retried it in the sweep that ran when
    // virtual time moved on (its backoff over), before the redelivery (same id), which finds it done.
    expect(writes(result.requests.slice(events[0]?.requestsTo, events[1]?.requestsFrom)).length).toBeGreaterThan(0);
    expect(events[1]?.requestsTo).toBe(events[1]?.requestsFrom);
    expect(checkRuns(result.requests)).toEqual(["agent-guardrails 50a action_required", "agent-guardrails 51d success"]);
  });

  test("a write that fails with a 5xx stays pending and the outbox sweep applies it once virtual time passes its backoff", async () => {
    const { result } = await traceScenario(scenarioFile("redelivery-and-humans.jsonl"), {
      onStandIn: (standIn) => standIn.failNext({ method: "POST", pathPrefix: "/repos/acme/widgets/check-runs" }, 502),
    });
    // The failed attempt, then the retry: the same check run sent twice.
    expect(checkRuns(result.requests).filter((c) => c === "agent-guardrails 50a action_required")).toHaveLength(2);
    const checkEffects = result.audit.filter((row) => row.action === "effect.ensure_check_run").map((row) => row.verdict);
    expect(checkEffects).toContain("pending");
    expect(checkEffects.filter((v) => v === "applied")).toHaveLength(2);
  });
});
