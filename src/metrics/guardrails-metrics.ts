import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Store } from "../store/store.js";
import type { MetricsSink } from "./metrics-sink.js";

/** Delivery latency buckets (seconds): GitHub gives a webhook 10 s; the inbox may retry for minutes. */
const LATENCY_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

/**
 * The app's Prometheus metrics (prom-client), one registry per app instance so that several apps
 * in one process (tests, `simulate`) never share counters. Counters count what this process did;
 * the outbox, inbox and breaker gauges are read from the store at scrape time, so every replica
 * reports the cluster's state.
 */
export class GuardrailsMetrics implements MetricsSink {
  readonly registry = new Registry();
  private readonly deliveries: Counter<"event" | "outcome">;
  private readonly latency: Histogram<"event">;
  private readonly actions: Counter<"kind" | "verdict" | "actor_kind">;
  private readonly effects: Counter<"kind" | "outcome">;
  private readonly trips: Counter<"reason">;
  private readonly rateLimit: Gauge<"resource">;
  private store: Store | undefined;
  private now: () => Date = () => new Date();

  constructor() {
    const registers = [this.registry];
    this.deliveries = new Counter({
      name: "agent_guardrails_deliveries_total",
      help: "Webhook deliveries handled by this process, by event and outcome.",
      labelNames: ["event", "outcome"],
      registers,
    });
    this.latency = new Histogram({
      name: "agent_guardrails_delivery_seconds",
      help: "Time from a delivery's arrival to the end of its processing (inbox retries included), by event.",
      labelNames: ["event"],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.actions = new Counter({
      name: "agent_guardrails_agent_actions_total",
      help: "Actions decided by this process (agents', and humans' commands), by action kind, verdict and actor kind.",
      labelNames: ["kind", "verdict", "actor_kind"],
      registers,
    });
    this.effects = new Counter({
      name: "agent_guardrails_effect_outcomes_total",
      help: "Effects the outbox of this process applied, failed, deferred or planned, by kind and outcome.",
      labelNames: ["kind", "outcome"],
      registers,
    });
    this.trips = new Counter({
      name: "agent_guardrails_trips_total",
      help: "Circuit breakers this process tripped, by reason.",
      labelNames: ["reason"],
      registers,
    });
    this.rateLimit = new Gauge({
      name: "agent_guardrails_github_rate_limit_remaining",
      help: "Requests left in GitHub's rate limit window, from the last answer seen, by resource (core, graphql, …).",
      labelNames: ["resource"],
      registers,
    });
    this.storeGauges(registers);
  }

  /** Process and runtime metrics (CPU, memory, event loop lag, GC): only for the real server, since they sample the whole process. */
  collectProcessMetrics(): this {
    collectDefaultMetrics({ register: this.registry });
    return this;
  }

  /** The store the scrape-time gauges read (the outbox, the inbox, the breakers) and the clock their ages are measured with. */
  readFrom(store: Store, now: () => Date = () => new Date()): this {
    this.store = store;
    this.now = now;
    return this;
  }

  delivery(event: string, outcome: string, seconds?: number): void {
    this.deliveries.inc({ event, outcome });
    if (seconds !== undefined && Number.isFinite(seconds) && seconds >= 0) this.latency.observe({ event }, seconds);
  }

  agentAction(kind: string, verdict: string, actorKind: string): void {
    this.actions.inc({ kind, verdict, actor_kind: actorKind });
  }

  effect(kind: string, outcome: string): void {
    this.effects.inc({ kind, outcome });
  }

  trip(reason: string): void {
    this.trips.inc({ reason });
  }

  githubResponse(headers: Readonly<Record<string, string | number | undefined>>): void {
    const remaining = Number(headers["x-ratelimit-remaining"]);
    if (headers["x-ratelimit-remaining"] === undefined || !Number.isFinite(remaining)) return;
    this.rateLimit.set({ resource: String(headers["x-ratelimit-resource"] ?? "core") }, remaining);
  }

  /** The exposition text; throws when the store cannot be read (the route answers 503). */
  async text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /**
   * Gauges computed from the store when scraped. One read serves them all: prom-client collects
   * gauges one after another, so the first collect reads and the others reuse its snapshot.
   */
  private storeGauges(registers: Registry[]): void {
    let snapshot: Promise<StoreSnapshot> | undefined;
    const read = (): Promise<StoreSnapshot> => {
      snapshot ??= this.readSnapshot().finally(() => setImmediate(() => (snapshot = undefined)));
      return snapshot;
    };
    new Gauge({
      name: "agent_guardrails_effects",
      help: "Effects in the outbox, by kind and status (pending ones wait for a retry or their paced turn; failed ones for a human).",
      labelNames: ["kind", "status"],
      registers,
      async collect() {
        this.reset();
        const s = await read();
        for (const row of s.effects) this.inc({ kind: row.effect.kind, status: row.status });
      },
    });
    new Gauge({
      name: "agent_guardrails_outbox_oldest_pending_seconds",
      help: "Age of the oldest pending effect in the outbox (0 when none).",
      registers,
      async collect() {
        const s = await read();
        const oldest = Math.min(...s.effects.filter((e) => e.status === "pending").map((e) => Date.parse(e.createdAt)));
        this.set(Number.isFinite(oldest) ? Math.max(0, (s.now.getTime() - oldest) / 1000) : 0);
      },
    });
    new Gauge({
      name: "agent_guardrails_breaker_open",
      help: "Whether an agent's circuit breaker is open (1) or closed (0).",
      labelNames: ["org", "agent"],
      registers,
      async collect() {
        this.reset();
        for (const b of (await read()).breakers) this.set({ org: b.org, agent: b.agent }, b.state === "open" ? 1 : 0);
      },
    });
    new Gauge({
      name: "agent_guardrails_inbox_deliveries",
      help: "Deliveries in the inbox: pending (stored and answered, not yet processed or waiting for a retry) and failed (kept for a human).",
      labelNames: ["status"],
      registers,
      async collect() {
        const { inbox } = await read();
        this.set({ status: "pending" }, inbox.pending);
        this.set({ status: "failed" }, inbox.failed);
      },
    });
    new Gauge({
      name: "agent_guardrails_inbox_oldest_pending_seconds",
      help: "Age of the oldest pending delivery (0 when none).",
      registers,
      async collect() {
        const { inbox, now } = await read();
        this.set(inbox.oldestPendingAt === null ? 0 : Math.max(0, (now.getTime() - Date.parse(inbox.oldestPendingAt)) / 1000));
      },
    });
  }

  private async readSnapshot(): Promise<StoreSnapshot> {
    const store = this.store;
    const now = this.now();
    if (store === undefined) return { effects: [], breakers: [], inbox: { pending: 0, failed: 0, oldestPendingAt: null }, now };
    const [pending, failed, breakers, inbox] = await Promise.all([
      store.listEffects({ status: "pending" }),
      store.listEffects({ status: "failed" }),
      store.breakers(),
      store.inboxDepth(),
    ]);
    return { effects: [...pending, ...failed], breakers, inbox, now };
  }
}

interface StoreSnapshot {
  effects: Awaited<ReturnType<Store["listEffects"]>>;
  breakers: Awaited<ReturnType<Store["breakers"]>>;
  inbox: Awaited<ReturnType<Store["inboxDepth"]>>;
  now: Date;
}
