import { describe, expect, test } from "@jest/globals";
import { DeliveryCounter } from "../../src/web/delivery-counter.js";
import { renderMetrics } from "../../src/web/render-metrics.js";

describe("/metrics", () => {
  test("the inbox: pending and failed deliveries, and the oldest pending one's age", () => {
    const text = renderMetrics({
      deliveries: [],
      effects: [],
      breakers: [],
      inbox: { pending: 3, failed: 1, oldestPendingAt: "2026-11-20T09:00:00.000Z", now: new Date("2026-11-20T09:00:42.500Z") },
    });
    expect(text).toContain('agent_guardrails_inbox_deliveries{status="pending"} 3');
    expect(text).toContain('agent_guardrails_inbox_deliveries{status="failed"} 1');
    expect(text).toContain("agent_guardrails_inbox_oldest_pending_seconds 42.5");
  });

  test("counts deliveries, outbox effects by kind and status, and open breakers; escapes label values", () => {
    const deliveries = new DeliveryCounter();
    deliveries.add("pull_request", "committed");
    deliveries.add("pull_request", "committed");
    deliveries.add("issue_comment", "irrelevant");
    const text = renderMetrics({
      deliveries: deliveries.rows(),
      effects: [
        { status: "pending", effect: { kind: "minimize_comment", nodeId: "IC_1", classifier: "OUTDATED" } },
        { status: "pending", effect: { kind: "minimize_comment", nodeId: "IC_2", classifier: "OUTDATED" } },
        { status: "failed", effect: { kind: "convert_to_draft", prNodeId: "PR_1", number: 1 } },
      ],
      breakers: [
        { org: "acme", agent: 'evil"agent\nx', state: "open" },
        { org: "acme", agent: "Copilot", state: "closed" },
      ],
    });
    expect(text).toContain('agent_guardrails_deliveries_total{event="issue_comment",outcome="irrelevant"} 1');
    expect(text).toContain('agent_guardrails_deliveries_total{event="pull_request",outcome="committed"} 2');
    expect(text).toContain('agent_guardrails_effects{kind="minimize_comment",status="pending"} 2');
    expect(text).toContain('agent_guardrails_effects{kind="convert_to_draft",status="failed"} 1');
    expect(text).toContain('agent_guardrails_breaker_open{org="acme",agent="evil\\"agent\\nx"} 1');
    expect(text).toContain('agent_guardrails_breaker_open{org="acme",agent="Copilot"} 0');
    expect(text.split("\n").filter((l) => l.startsWith("agent_guardrails_breaker_open"))).toHaveLength(2);
  });
});
