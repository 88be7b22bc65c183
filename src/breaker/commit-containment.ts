import type { GuardrailsConfig } from "../config/schema.js";
import { lookbackMs } from "../policy/breaker/lookback-ms.js";
import { cutOffInstructions, usableCutOffs } from "../policy/breaker/cut-off.js";
import type { HistoryItem } from "../policy/breaker/history-item.js";
import { planContainmentReport } from "../policy/breaker/plan-containment.js";
import { knownShaKey } from "../policy/breaker/reverse-agent-actions.js";
import type { Trip } from "../policy/breaker/trip.js";
import { LABELS, type Effect } from "../policy/effect.js";
import type { AuditEntry, EffectRow, NewEffect, Store } from "../store/store.js";
import { refShaKey } from "../webhooks/agent-commits.js";
import { historyItemOf, isAgentAction } from "./history-item-of.js";
import { incidentBody, incidentTitle } from "./incident-body.js";
import { paceSteps } from "./pace-steps.js";
import { proposeDemotion } from "../policy/breaker/propose-demotion.js";
import { tripTag } from "./trip-tag.js";

/** Where a trip happened: the delivery that tripped it (null for a repair) and its repository. */
export interface TripOrigin {
  deliveryId: string | null;
  event: string;
  installationId: number;
  org: string;
  /** `owner/name`: where the incident issue goes. */
  repo: string;
}

/** One trip to plan: `tripId` null is an observed trip (observe mode: planned, never opened). */
export interface ContainmentInput {
  trip: Trip;
  tripId: number | null;
  origin: TripOrigin;
  config: GuardrailsConfig;
  /** Who tripped it (the agent, or the maintainer who halted it). */
  by: string;
  now: Date;
  /** The installation's permissions, when known: `breaker.cut_off` is planned only where granted. */
  permissions?: Readonly<Record<string, string>>;
  /** GitHub says the agent's account is a Bot (an App's bot cannot be cut off by another App). */
  agentIsBot?: boolean;
  /** The trip's audit row from what happened (the caller knows the action, if any). */
  audit(row: Pick<AuditEntry, "actor" | "actorKind" | "action" | "verdict" | "reasons" | "effects" | "detail">): AuditEntry;
}

/** The delivery id a trip's plan is committed under: one per trip, so that only one plan is ever written. */
export function planKey(scope: string, agent: string, tripId: number): string {
  return `${tripTag(scope, agent, tripId)}:plan`;
}

/**
 * Plans a trip's containment from the audit log over `breaker.lookback` and commits it, the
 * incident issue first, the steps paced within GitHub's limits, tagged with the trip. The trip
 * path and the repair sweep both come here: the plan's delivery id is the trip's (`planKey`), so
 * of a tripper finishing late and any number of repairers exactly one commits, and the commit
 * records the plan on the breaker row. Null when another already committed it.
 */
export async function commitContainment(store: Store, input: ContainmentInput): Promise<{ effects: EffectRow[]; steps: number } | null> {
  const { trip, tripId, origin, config, now } = input;
  const observe = tripId === null;
  const scope = trip.scope === "repo" ? origin.repo : origin.org;
  const since = new Date(now.getTime() - lookbackMs(config.breaker.lookback)).toISOString();
  const rows = await store.listAudit({
    org: origin.org,
    since,
    ...(trip.scope === "repo" ? { repo: origin.repo } : {}),
    ...(trip.agent === "*" ? {} : { actor: trip.agent }),
    limit: 10_000,
  });
  const history = rows.filter(isAgentAction).map(historyItemOf);
  const cutOff = usableCutOffs(
    config.breaker.cut_off,
    { login: trip.agent, ...(input.agentIsBot !== undefined ? { isBot: input.agentIsBot } : {}) },
    input.permissions,
  );
  const { steps, needsHuman } = planContainmentReport(
    history,
    config.breaker.contain,
    await stillHidden(
      store,
      history.map((h) => h.repo),
    ),
    { repo: origin.repo, agent: trip.agent },
    {
      knownShas: await knownShas(store, history),
      cutOff,
    },
  );
  const cutOffNote = trip.agent === "*" || cutOff.length > 0 ? [] : cutOffInstructions(trip.agent, origin.repo, input.agentIsBot);
  const incident: Effect = {
    kind: "ensure_incident_issue",
    title: incidentTitle(trip.agent),
    body: incidentBody({
      owner: config.owner,
      trip,
      tripId: tripId ?? 0,
      at: now.toISOString(),
      steps,
      needsHuman,
      cutOff: cutOffNote,
      actions: history.map((h) => ({
        at: h.at,
        repo: h.repo,
        action: h.action,
        verdict: h.verdict,
        targetNumber: h.targetNumber,
        url: h.url ?? null,
      })),
      demotion: proposeDemotion(trip, config),
    }),
    labels: [LABELS.halted],
    // The accountable human is assigned, when a user (a team cannot be assigned to an issue).
    ...(config.owner && !config.owner.includes("/") ? { assignees: [config.owner.replace(/^@/, "")] } : {}),
  };
  // An observed trip's plan is tagged apart: nothing that drains or undoes a containment finds it.
  const tag = observe ? `observed:${scope}:${trip.agent}:${origin.deliveryId}` : tripTag(scope, trip.agent, tripId);
  const status = observe || config.mode === "observe" ? "planned" : "pending";
  const [owner, repo] = origin.repo.split("/") as [string, string];
  const outbox: NewEffect[] = [
    { deliveryId: origin.deliveryId, installationId: origin.installationId, owner, repo, effect: incident, status, tag },
    ...steps.map((s, i): NewEffect => ({
      deliveryId: origin.deliveryId,
      installationId: origin.installationId,
      owner: s.owner,
      repo: s.repo,
      effect: s.effect,
      status,
      tag,
      nextAttemptAt: paceSteps(now, i + 1).toISOString(),
    })),
  ];
  const committed = await store.commitDecision({
    deliveryId: observe ? `${origin.deliveryId}:trip` : planKey(scope, trip.agent, tripId),
    event: origin.event,
    at: now.toISOString(),
    audit: input.audit({
      actor: trip.agent,
      actorKind: "agent",
      action: "breaker.tripped",
      verdict: observe ? "planned" : "contained",
      reasons: [
        `${observe ? "observe mode, would trip (breaker not opened): " : ""}${trip.reason}: ${trip.evidence}`,
        `containment${observe ? " (planned only)" : ""}: ${steps.length} step(s) over ${config.breaker.lookback}`,
      ],
      effects: outbox.map((o) => o.effect),
      detail: {
        agent: trip.agent,
        reason: trip.reason,
        evidence: trip.evidence,
        scope,
        tripId: tripId ?? 0,
        by: input.by,
        tag,
        mode: config.mode,
        ...(observe ? { observed: true } : {}),
      },
    }),
    effects: outbox,
    ...(observe ? {} : { planOf: { org: scope, agent: trip.agent, tripId } }),
  });
  return committed === null ? null : { effects: committed.effects, steps: steps.length };
}

/** The last sha the app saw each branch the agent created or deleted at (one read per branch). */
async function knownShas(store: Store, history: readonly HistoryItem[]): Promise<Map<string, string>> {
  const shas = new Map<string, string>();
  for (const item of history) {
    const ref = item.detail.ref;
    if ((item.action !== "create" && item.action !== "delete") || item.detail.refType === "tag" || typeof ref !== "string") continue;
    const key = knownShaKey(item.repo, ref);
    if (shas.has(key)) continue;
    const sha = (await store.getCachedFile(refShaKey(item.repo, ref)))?.text;
    if (sha) shas.set(key, sha);
  }
  return shas;
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
