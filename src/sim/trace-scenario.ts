/**
 * Runs a scenario through the real app: a Probot instance with the app loaded exactly as in
 * production (createGuardrails), a SQLite store, and the GitHub stand-in. Only the edges differ:
 * the clock is virtual (each event's `at`), Octokit points at the stand-in with throttling and
 * retries off (so an hour of events runs in a second), and the outbox is swept once at the end
 * instead of on a timer.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino, type Logger } from "pino";
import { Probot } from "probot";
import { CONFIG_PATH } from "../config/load-config.js";
import { createGuardrails } from "../create-guardrails.js";
import type { Store } from "../store/store.js";
import { openStore } from "../store/open-store.js";
import { unthrottledOctokit } from "./unthrottled-octokit.js";
import { startGitHubStandIn, type StandIn } from "./github-stand-in.js";
import type { Scenario } from "./scenario.js";
import { countAgentActions, tripsFrom, type SimulationResult } from "./simulation-result.js";

/** Options of a simulation run. */
export interface SimulateOptions {
  /** YAML text that replaces `world.files[".github/agent-guardrails.yml"]`. */
  config?: string;
  /** SQLite file to use (kept afterwards); default: a fresh temporary file, deleted afterwards. */
  databaseFile?: string;
  /** Where the app logs; default: nowhere. */
  log?: Logger;
  /** Called with the running stand-in before the first event: tests inject failures with `failNext`. */
  onStandIn?: (standIn: StandIn) => void;
}

/** What happened to one event of the scenario. */
export interface EventTrace {
  line: number;
  name: string;
  /** The payload's `action`, when it has one. */
  action?: string;
  deliveryId: string;
  /** Virtual time the app saw. */
  at: string;
  sender?: string;
  /** `result.requests.slice(requestsFrom, requestsTo)` are the requests this event caused. */
  requestsFrom: number;
  requestsTo: number;
  /** Why the app rejected the delivery (a malformed payload): recorded, and the run goes on. */
  error?: string;
}

/** A simulation with the per-event detail the demo reports. */
export interface SimulationTrace {
  result: SimulationResult;
  events: EventTrace[];
  /** Requests of the final outbox sweep. */
  sweep: { requestsFrom: number; requestsTo: number };
}

/** Runs the scenario and keeps per-event detail. */
export async function traceScenario(scenario: Scenario, options: SimulateOptions = {}): Promise<SimulationTrace> {
  const world = structuredClone(scenario.world);
  if (options.config !== undefined) world.files[CONFIG_PATH] = options.config;

  const firstAt = scenario.steps.find((step) => step.at !== undefined)?.at;
  let now = firstAt !== undefined ? new Date(firstAt) : new Date();
  const clock = () => new Date(now.getTime());

  const temporary = options.databaseFile === undefined ? await mkdtemp(join(tmpdir(), "agent-guardrails-sim-")) : undefined;
  const databaseFile = options.databaseFile ?? join(temporary as string, "simulate.db");
  const log = options.log ?? pino({ level: "silent" });

  const standIn = await startGitHubStandIn(world, { clock });
  options.onStandIn?.(standIn);
  const store = await openStore(databaseFile);
  const guardrails = createGuardrails({ store, clock, appLogin: world.app, sweepIntervalMs: 0, log });
  try {
    const probot = new Probot({
      githubToken: "simulate",
      log,
      Octokit: unthrottledOctokit(standIn.url),
    });
    await probot.load(guardrails.appFn, { cwd: process.cwd(), addHandler: () => {} });

    const events: EventTrace[] = [];
    for (const event of scenario.steps) {
      if (event.kind === "tick") {
        await advanceTo(
          guardrails,
          store,
          new Date(event.at),
          () => now,
          (t) => (now = t),
        );
        continue;
      }
      if (event.at !== undefined && Date.parse(event.at) > now.getTime()) {
        // Virtual time moved on: what the outbox had scheduled before this moment goes out first.
        now = new Date(event.at);
        await guardrails.sweep();
      } else if (event.at !== undefined) now = new Date(event.at);
      if (event.kind === "files") {
        standIn.commitFiles(event.files);
        continue;
      }
      const deliveryId = event.id ?? `sim-line-${event.line}`;
      const requestsFrom = standIn.requests.length;
      const trace: EventTrace = {
        line: event.line,
        name: event.name,
        deliveryId,
        at: now.toISOString(),
        requestsFrom,
        requestsTo: requestsFrom,
      };
      if (typeof event.payload.action === "string") trace.action = event.payload.action;
      const sender = (event.payload.sender as { login?: unknown } | undefined)?.login;
      if (typeof sender === "string") trace.sender = sender;

      standIn.observe(event.name, event.payload);
      try {
        // The name is whatever the scenario says: an unknown event is the app's to ignore.
        await probot.receive({ id: deliveryId, name: event.name, payload: event.payload } as Parameters<Probot["receive"]>[0]);
      } catch (error) {
        trace.error = describeError(error);
        log.warn({ line: event.line, event: event.name, err: trace.error }, "simulate: the app rejected this delivery");
      }
      trace.requestsTo = standIn.requests.length;
      events.push(trace);
    }

    const sweepFrom = standIn.requests.length;
    await drainOutbox(
      guardrails,
      store,
      () => now,
      (t) => (now = t),
    );
    const audit = await store.listAudit();
    const pending = (await store.listEffects({ status: "pending" })).map((e) => ({
      kind: e.effect.kind,
      reason: e.lastError ?? "not yet due",
    }));
    return {
      result: {
        events: scenario.events.length,
        agentActions: countAgentActions(audit),
        trips: tripsFrom(audit),
        requests: [...standIn.requests],
        invalid: [...standIn.invalid],
        audit,
        pending,
      },
      events,
      sweep: { requestsFrom: sweepFrom, requestsTo: standIn.requests.length },
    };
  } finally {
    await guardrails.close();
    await store.close();
    await standIn.close();
    if (temporary !== undefined) await rm(temporary, { recursive: true, force: true });
  }
}

/**
 * Runs the outbox to empty in virtual time: sweep, then jump the clock to the next scheduled
 * attempt (paced containment, retry-after) and sweep again. Bounded: at most a simulated day and
 * 10,000 sweeps, so a step that keeps failing cannot hold the run.
 */
async function drainOutbox(
  guardrails: { sweep(): Promise<number> },
  store: Store,
  getNow: () => Date,
  setNow: (t: Date) => void,
): Promise<void> {
  const deadline = getNow().getTime() + 86_400_000;
  for (let i = 0; i < 10_000; i++) {
    await guardrails.sweep();
    const pending = await store.listEffects({ status: "pending" });
    if (pending.length === 0) {
      // Each sweep closes the books on finished containments (incident update, time-to-zero), which may queue one more step.
      return;
    }
    const next = Math.min(...pending.map((e) => (e.nextAttemptAt ? Date.parse(e.nextAttemptAt) : getNow().getTime())));
    if (next > deadline) return;
    if (next > getNow().getTime()) setNow(new Date(next));
  }
}

/**
 * A `tick`: virtual time moves to `target` as it would in the real process, whose sweep timer
 * would have fired at every moment an effect fell due on the way (paced containment, a
 * retry-after): sweep at each pending effect's `nextAttemptAt` up to `target`, then at `target`.
 */
async function advanceTo(
  guardrails: { sweep(): Promise<number>; digest(): Promise<unknown> },
  store: Store,
  target: Date,
  getNow: () => Date,
  setNow: (t: Date) => void,
): Promise<void> {
  for (let i = 0; i < 10_000; i++) {
    await guardrails.sweep();
    const due = (await store.listEffects({ status: "pending" }))
      .map((e) => (e.nextAttemptAt ? Date.parse(e.nextAttemptAt) : Number.NaN))
      .filter((t) => t > getNow().getTime() && t <= target.getTime());
    if (due.length === 0) break;
    setNow(new Date(Math.min(...due)));
  }
  if (target.getTime() > getNow().getTime()) setNow(target);
  await guardrails.sweep();
  // The digest timer would have fired at the boundaries on the way: the due periods are posted now.
  await guardrails.digest();
}

function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return error.errors.map((e: unknown) => (e instanceof Error ? e.message : String(e))).join("; ");
  }
  return error instanceof Error ? error.message : String(error);
}
