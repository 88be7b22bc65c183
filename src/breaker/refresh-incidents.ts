import type { Logger } from "pino";
import type { Effect } from "../policy/effect.js";
import type { EffectRow, Store } from "../store/store.js";
import { renderStates, stepState } from "./finish-containment.js";
import { incidentUpdateTag, tripTag } from "./trip-tag.js";

/** The incident body a trip's issue has, or will have once the outbox drains: its last update's, else the plan's. */
export async function latestIncident(
  store: Store,
  planTag: string,
): Promise<{ row: EffectRow; effect: Extract<Effect, { kind: "ensure_incident_issue" }> } | undefined> {
  const updates = await store.listEffects({ tag: incidentUpdateTag(planTag) });
  const [planned] = await store.listEffects({ tag: planTag });
  for (const row of [...updates].reverse().concat(planned ? [planned] : [])) {
    if (row.effect.kind === "ensure_incident_issue" && row.status !== "planned") return { row, effect: row.effect };
  }
  return undefined;
}

/**
 * The incident is the debrief, kept current while containment drains: after each sweep's batch,
 * every open breaker whose containment is still under way and whose steps moved since the issue
 * was last written gets one update of its body (each step's state, and how far it has got), not
 * one per step. Idempotent: the update is committed under a key made of the counts it reports,
 * so a second sweep (or replica) that sees the same counts commits nothing. The final update,
 * with the time-to-zero, is `finishContainments`'. Returns how many incidents were updated.
 */
export async function refreshIncidents(store: Store, now: Date, log: Logger): Promise<number> {
  let updated = 0;
  for (const breaker of await store.breakers()) {
    if (breaker.state !== "open" || breaker.containedAt !== null || breaker.trippedAt === null) continue;
    const tag = tripTag(breaker.org, breaker.agent, breaker.tripId);
    const [incident, ...steps] = await store.listEffects({ tag });
    if (!incident || incident.effect.kind !== "ensure_incident_issue" || incident.status === "planned" || steps.length === 0) continue;
    const states = steps.map(stepState);
    const applied = states.filter((s) => s !== "pending" && s !== "failed" && s !== "needs a human").length;
    const failed = states.filter((s) => s === "failed" || s === "needs a human").length;
    // Nothing moved yet, or nothing left to move (then finishContainments writes the final body).
    if (applied + failed === 0 || !states.includes("pending")) continue;
    const progress = `Containment in progress: ${applied} of ${steps.length} step(s) applied${failed ? `, ${failed} failed (a human must look at them)` : ""}, at ${now.toISOString()}.`;
    const body = renderStates(incident.effect.body, states, progress);
    const committed = await store.commitDecision({
      deliveryId: `${tag}:incident:${applied}:${failed}`,
      event: "sweep",
      at: now.toISOString(),
      audit: {
        at: now.toISOString(),
        deliveryId: null,
        org: breaker.org,
        repo: `${incident.owner}/${incident.repo}`,
        actor: breaker.agent,
        actorKind: "agent",
        action: "breaker.incident_updated",
        targetNumber: null,
        targetNodeId: null,
        targetUrl: null,
        targetSha: null,
        verdict: "contained",
        reasons: [`incident of ${breaker.agent} updated: ${applied} of ${steps.length} step(s) applied, ${failed} failed`],
        effects: [],
        detail: { agent: breaker.agent, tripId: breaker.tripId, applied, failed, steps: steps.length },
      },
      effects: [
        {
          deliveryId: null,
          installationId: incident.installationId,
          owner: incident.owner,
          repo: incident.repo,
          effect: { ...incident.effect, body },
          status: "pending",
          tag: incidentUpdateTag(tag),
        },
      ],
    });
    if (committed === null) continue;
    updated++;
    log.info({ agent: breaker.agent, applied, failed }, "incident updated");
  }
  return updated;
}
