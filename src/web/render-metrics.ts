import type { BreakerRow, EffectRow, InboxDepth } from "../store/store.js";

/** What `/metrics` reports: this process's delivery counters and the store's current state. */
export interface MetricsInput {
  deliveries: [string, string, number][];
  effects: Pick<EffectRow, "status" | "effect">[];
  breakers: Pick<BreakerRow, "org" | "agent" | "state">[];
  /** The inbox's depth, and the time to measure the oldest pending delivery's age against. */
  inbox?: InboxDepth & { now: Date };
}

/**
 * The Prometheus text exposition format (version 0.0.4). Label values are escaped as the format
 * requires, since agent logins and event names come from webhooks.
 */
export function renderMetrics(input: MetricsInput): string {
  const lines: string[] = [];
  lines.push("# HELP agent_guardrails_deliveries_total Webhook deliveries handled by this process, by event and outcome.");
  lines.push("# TYPE agent_guardrails_deliveries_total counter");
  for (const [event, outcome, n] of input.deliveries) lines.push(`agent_guardrails_deliveries_total{event="${esc(event)}",outcome="${esc(outcome)}"} ${n}`);

  lines.push("# HELP agent_guardrails_effects Effects in the outbox, by kind and status (pending ones are waiting for a retry or their paced turn).");
  lines.push("# TYPE agent_guardrails_effects gauge");
  const effects = new Map<string, number>();
  for (const row of input.effects) {
    const key = `${row.effect.kind}\u0000${row.status}`;
    effects.set(key, (effects.get(key) ?? 0) + 1);
  }
  for (const [key, n] of [...effects].sort()) {
    const [kind, status] = key.split("\u0000") as [string, string];
    lines.push(`agent_guardrails_effects{kind="${esc(kind)}",status="${esc(status)}"} ${n}`);
  }

  lines.push("# HELP agent_guardrails_breaker_open Whether an agent's circuit breaker is open (1) or closed (0).");
  lines.push("# TYPE agent_guardrails_breaker_open gauge");
  for (const b of input.breakers) lines.push(`agent_guardrails_breaker_open{org="${esc(b.org)}",agent="${esc(b.agent)}"} ${b.state === "open" ? 1 : 0}`);
  if (input.inbox) {
    const { pending, failed, oldestPendingAt, now } = input.inbox;
    lines.push("# HELP agent_guardrails_inbox_deliveries Deliveries in the inbox: pending (stored and answered, not yet processed or waiting for a retry) and failed (kept for a human).");
    lines.push("# TYPE agent_guardrails_inbox_deliveries gauge");
    lines.push(`agent_guardrails_inbox_deliveries{status="pending"} ${pending}`);
    lines.push(`agent_guardrails_inbox_deliveries{status="failed"} ${failed}`);
    lines.push("# HELP agent_guardrails_inbox_oldest_pending_seconds Age of the oldest pending delivery (0 when none).");
    lines.push("# TYPE agent_guardrails_inbox_oldest_pending_seconds gauge");
    const age = oldestPendingAt === null ? 0 : Math.max(0, (now.getTime() - Date.parse(oldestPendingAt)) / 1000);
    lines.push(`agent_guardrails_inbox_oldest_pending_seconds ${age}`);
  }
  return lines.join("\n") + "\n";
}

function esc(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}
