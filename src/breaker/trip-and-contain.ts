import type { Logger } from "pino";
import type { GuardrailsConfig } from "../config/schema.js";
import { executeEffects } from "../effects/execute-effects.js";
import type { GitHubAdapter } from "../github/github-adapter.js";
import type { AgentAction } from "../policy/agent-action.js";
import { historyItemOf, isAgentAction } from "./history-item-of.js";
import { lookbackMs } from "../policy/breaker/lookback-ms.js";
import { planContainment } from "../policy/breaker/plan-containment.js";
import type { Trip } from "../policy/breaker/trip.js";
import { LABELS, type Effect } from "../policy/effect.js";
import { auditEntryFor } from "../store/audit-entry-for.js";
import type { NewEffect, Store } from "../store/store.js";
import { incidentBody, incidentTitle } from "./incident-body.js";
import { paceSteps } from "./pace-steps.js";

/** What tripping needs from the pipeline. */
export interface BreakerDeps {
  store: Store;
  clock: () => Date;
  appLogin: string;
  log: Logger;
}

/** Comments hidden by the permission table and still pending approval, in these repositories. */
async function stillHidden(store: Store, repos: readonly string[]): Promise<Set<string>> {
  const hidden = new Set<string>();
  for (const full of new Set(repos)) {
    const [owner, repo] = full.split("/") as [string, string];
    for (const held of await store.heldComments({ owner, repo, status: "pending" })) if (held.mode === "hide") hidden.add(held.nodeId);
  }
  return hidden;
}

/** Names the outbox rows of one containment; `scope` is the org, or `owner/repo` for a repository's breaker. */
export function tripTag(scope: string, agent: string, tripId: number): string {
  return `trip:${scope}:${agent}:${tripId}`;
}


/**
 * Makes a trip real, once: the compare-and-set in the store opens the breaker (stopping the
 * source: from now on every action of the agent is contained on arrival); only the caller that
 * opened it plans containment from the audit log over `breaker.lookback`, persists the plan paced
 * within GitHub's limits with the incident issue first, and applies what is due now. The rest
 * drains through the outbox sweep, which survives restarts.
 */
export async function tripAndContain(deps: BreakerDeps, github: GitHubAdapter, action: AgentAction, trip: Trip, config: GuardrailsConfig, by: string): Promise<void> {
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
  let tripId = 0;
  if (!observe) {
    const { tripped, breaker } = await store.tripBreaker({ org: scope, agent: trip.agent, reason: trip.reason, evidence: trip.evidence, repo, at: now.toISOString() });
    if (!tripped) {
      log.info({ agent: trip.agent }, "breaker already open: nothing more to contain");
      return;
    }
    tripId = breaker.tripId;
  }
  const since = new Date(now.getTime() - lookbackMs(config.breaker.lookback)).toISOString();
  const rows = await store.listAudit({ org, since, ...(trip.scope === "repo" ? { repo } : {}), ...(trip.agent === "*" ? {} : { actor: trip.agent }), limit: 10_000 });
  const history = rows.filter(isAgentAction).map(historyItemOf);
  const steps = planContainment(history, config.breaker.contain, await stillHidden(store, history.map((h) => h.repo)), { repo, agent: trip.agent });
  const incident: Effect = {
    kind: "ensure_incident_issue",
    title: incidentTitle(trip.agent),
    body: incidentBody({ owner: config.owner, trip, tripId, at: now.toISOString(), steps }),
    labels: [LABELS.halted],
  };
  // An observed trip's plan is tagged apart: nothing that drains or undoes a containment finds it.
  const tag = observe ? `observed:${scope}:${trip.agent}:${action.deliveryId}` : tripTag(scope, trip.agent, tripId);
  const status = observe ? "planned" : "pending";
  const outbox: NewEffect[] = [
    { deliveryId: action.deliveryId, installationId: action.installationId, owner: action.repo.owner, repo: action.repo.repo, effect: incident, status, tag },
    ...steps.map((s, i): NewEffect => ({
      deliveryId: action.deliveryId,
      installationId: action.installationId,
      owner: s.owner,
      repo: s.repo,
      effect: s.effect,
      status,
      tag,
      nextAttemptAt: paceSteps(now, i + 1).toISOString(),
    })),
  ];
  const committed = await store.commitDecision({
    deliveryId: `${action.deliveryId}:trip`,
    event: action.event,
    at: now.toISOString(),
    audit: auditEntryFor(action, now, {
      actor: trip.agent,
      actorKind: "agent",
      action: "breaker.tripped",
      verdict: observe ? "planned" : "contained",
      reasons: [
        `${observe ? "observe mode, would trip (breaker not opened): " : ""}${trip.reason}: ${trip.evidence}`,
        `containment${observe ? " (planned only)" : ""}: ${steps.length} step(s) over ${config.breaker.lookback}`,
      ],
      effects: outbox.map((o) => o.effect),
      detail: { agent: trip.agent, reason: trip.reason, evidence: trip.evidence, scope, tripId, by, tag, mode: config.mode, ...(observe ? { observed: true } : {}) },
    }),
    effects: outbox,
  });
  if (!committed) return;
  log.warn({ audit: true, agent: trip.agent, reason: trip.reason, steps: steps.length, tripId }, observe ? "observe mode: would trip the breaker (not opened)" : "breaker tripped: agent halted, containment planned");
  const executor = { store, clock, log, appLogin: deps.appLogin };
  await executeEffects(executor, github, committed.effects);
}
