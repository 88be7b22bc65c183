import type { Logger } from "pino";
import type { GuardrailsConfig } from "../config/schema.js";
import { executeEffects, type OutboxTuning } from "../effects/execute-effects.js";
import type { GitHubAdapter } from "../github/github-adapter.js";
import type { AgentAction } from "../policy/agent-action.js";
import type { Trip } from "../policy/breaker/trip.js";
import { auditEntryFor } from "../store/audit-entry-for.js";
import type { MetricsSink } from "../metrics/metrics-sink.js";
import type { Store } from "../store/store.js";
import { commitContainment } from "./commit-containment.js";

export { tripTag } from "./trip-tag.js";

/** What tripping needs from the pipeline. */
export interface BreakerDeps {
  store: Store;
  clock: () => Date;
  appLogin: string;
  log: Logger;
  /** The outbox's lease and backoff (the executor's defaults when absent). */
  outbox?: OutboxTuning;
  /** The installation's granted permissions (cached): `breaker.cut_off` is planned only where granted. */
  installationPermissions?: (installationId: number) => Promise<Readonly<Record<string, string>>>;
  /** Counts the trips this process opened (none collected when absent). */
  metrics?: MetricsSink;
}

/**
 * Makes a trip real, once: the compare-and-set in the store opens the breaker (stopping the
 * source: from now on every action of the agent is contained on arrival); only the caller that
 * opened it plans containment (`commitContainment`) and applies what is due now. The rest drains
 * through the outbox sweep, which survives restarts; a crash before the plan's commit leaves the
 * breaker open without a plan, which the sweep's `repairBreakers` finds and plans.
 *
 * `afterOpen` runs once the breaker is open (or found open), before the plan: the pipeline sends
 * the tripping action's own effects there, so the source is stopped before anything is written
 * and the action that tripped is undone before the past is.
 */
export async function tripAndContain(
  deps: BreakerDeps,
  github: GitHubAdapter,
  action: AgentAction,
  trip: Trip,
  config: GuardrailsConfig,
  by: string,
  afterOpen: () => Promise<void> = () => Promise.resolve(),
): Promise<void> {
  const { store, clock, log } = deps;
  const now = clock();
  const org = action.org;
  const repo = `${action.repo.owner}/${action.repo.repo}`;
  // A breaker's scope: the org, or `owner/repo` for a trip of this repository only.
  const scope = trip.scope === "repo" ? repo : org;
  // Observe mode records what would trip and plans its containment, but never opens the
  // breaker: an open breaker contains on arrival, and switching to enforce must not act on a
  // trip nobody was told about (no incident was posted).
  const observe = config.mode === "observe";
  let tripId: number | null = null;
  if (!observe) {
    const { tripped, breaker } = await store.tripBreaker({
      org: scope,
      agent: trip.agent,
      reason: trip.reason,
      evidence: trip.evidence,
      repo,
      at: now.toISOString(),
      installationId: action.installationId,
    });
    await afterOpen();
    if (!tripped) {
      log.info({ agent: trip.agent }, "breaker already open: nothing more to contain");
      return;
    }
    tripId = breaker.tripId;
    deps.metrics?.trip(trip.reason);
  }
  if (observe) await afterOpen();
  // Read only when the owner opted in to cutting agents off: the plan needs to know it is granted.
  const permissions =
    config.breaker.cut_off.length > 0 && deps.installationPermissions
      ? await deps.installationPermissions(action.installationId).catch(() => undefined)
      : undefined;
  const self = trip.agent.toLowerCase() === action.actor.login.toLowerCase();
  const committed = await commitContainment(store, {
    ...(permissions ? { permissions } : {}),
    ...(self ? { agentIsBot: action.actor.isBot } : {}),
    trip,
    tripId,
    origin: { deliveryId: action.deliveryId, event: action.event, installationId: action.installationId, org, repo },
    config,
    by,
    now,
    audit: (row) => auditEntryFor(action, now, row),
  });
  if (!committed) {
    log.info({ agent: trip.agent, tripId }, "containment already planned (by the repair sweep)");
    return;
  }
  log.warn(
    { audit: true, agent: trip.agent, reason: trip.reason, steps: committed.steps, tripId: tripId ?? 0 },
    observe ? "observe mode: would trip the breaker (not opened)" : "breaker tripped: agent halted, containment planned",
  );
  const executor = { store, clock, log, appLogin: deps.appLogin, outbox: deps.outbox };
  await executeEffects(executor, github, committed.effects);
}
