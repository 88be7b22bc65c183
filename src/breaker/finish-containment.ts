import type { Logger } from "pino";
import { NEEDS_HUMAN_PREFIX } from "../effects/execute-effects.js";
import type { EffectRow, Store } from "../store/store.js";
import { tripTag } from "./trip-and-contain.js";
import { incidentUpdateTag } from "./trip-tag.js";

/**
 * Closes the books on containments that have drained: when no step of an open breaker's last
 * trip is pending, its time-to-zero is recorded once (audit `breaker.contained`) and the incident
 * issue is updated with every step's final state. Run by the outbox sweep.
 */
export async function finishContainments(store: Store, now: Date, log: Logger): Promise<number> {
  let finished = 0;
  for (const breaker of await store.breakers()) {
    if (breaker.state !== "open" || breaker.containedAt !== null || breaker.trippedAt === null) continue;
    const tag = tripTag(breaker.org, breaker.agent, breaker.tripId);
    const rows = await store.listEffects({ tag });
    const arrival = await containedOnArrival(store, breaker.agent, breaker.tripId, breaker.trippedAt);
    if (rows.length === 0 || [...rows, ...arrival].some((r) => r.status === "pending")) continue;
    if (!(await store.markContained(breaker.org, breaker.agent, breaker.tripId, now.toISOString()))) continue;
    finished++;
    const seconds = Math.round((now.getTime() - Date.parse(breaker.trippedAt)) / 1000);
    const [incident, ...steps] = rows;
    const [owner, repo] = (breaker.repo ?? `${incident!.owner}/${incident!.repo}`).split("/") as [string, string];
    const states = steps.map(stepState);
    const onArrival = arrival.map(
      (row) =>
        `- \`${row.effect.kind}\` ${row.owner}/${row.repo}${row.effect.kind === "revert_push" ? `@${row.effect.sha.slice(0, 7)}` : ""} — **${stepState(row)}**`,
    );
    const body = incident && incident.effect.kind === "ensure_incident_issue" ? withStates(incident.effect.body, states, seconds) : "";
    const updated =
      incident && incident.effect.kind === "ensure_incident_issue"
        ? {
            ...incident.effect,
            body: onArrival.length
              ? `${body}\n\nWhat the action that tripped it was met with on arrival:\n\n${onArrival.join("\n")}`
              : body,
          }
        : null;
    await store.commitDecision({
      deliveryId: `${tag}:contained`,
      event: "sweep",
      at: now.toISOString(),
      audit: {
        at: now.toISOString(),
        deliveryId: null,
        org: breaker.org,
        repo: `${owner}/${repo}`,
        actor: breaker.agent,
        actorKind: "agent",
        action: "breaker.contained",
        targetNumber: null,
        targetNodeId: null,
        targetUrl: null,
        targetSha: null,
        verdict: "contained",
        reasons: [`containment of ${breaker.agent} finished ${seconds}s after the trip: ${summarize(states)}`],
        effects: [],
        detail: { agent: breaker.agent, tripId: breaker.tripId, timeToZeroSeconds: seconds, states },
      },
      effects:
        updated && incident!.status !== "planned"
          ? [
              {
                deliveryId: null,
                installationId: incident!.installationId,
                owner: incident!.owner,
                repo: incident!.repo,
                effect: updated,
                status: "pending",
                tag: incidentUpdateTag(tag),
              },
            ]
          : [],
    });
    log.info({ audit: true, agent: breaker.agent, timeToZeroSeconds: seconds }, "containment finished");
  }
  return finished;
}

/**
 * The effects the tripping action itself was met with (a push reverted on arrival, by a revert PR
 * where the branch is protected): the incident says what of that still needs a human.
 */
async function containedOnArrival(store: Store, agent: string, tripId: number, trippedAt: string): Promise<EffectRow[]> {
  const trip = (await store.listAudit({ actor: agent, action: "breaker.tripped", since: trippedAt })).find(
    (row) => row.detail.tripId === tripId,
  );
  if (!trip?.deliveryId) return [];
  return (await store.listEffects({ deliveryId: trip.deliveryId })).filter(
    (row) => row.tag === null && UNDO_ON_ARRIVAL.has(row.effect.kind),
  );
}

/** Effects that undo what an agent did, as opposed to gating it (labels, checks). */
const UNDO_ON_ARRIVAL = new Set([
  "revert_push",
  "revert_merge",
  "close_pull_request",
  "close_issue",
  "delete_comment",
  "minimize_comment",
  "convert_to_draft",
]);

/** A step's final state as the incident shows it: what a human must do, when something is left. */
export function stepState(step: EffectRow): string {
  if (step.status === "failed" && step.lastError?.startsWith("escalated")) return "needs a human";
  // Applied but waiting on a human: "revert PR #12 opened, a human must merge it".
  if (step.status === "applied" && step.lastError?.startsWith(NEEDS_HUMAN_PREFIX)) return step.lastError.slice(NEEDS_HUMAN_PREFIX.length);
  return step.status;
}

/** The incident body with each numbered step's final state and the time-to-zero. */
function withStates(body: string, states: readonly string[], seconds: number): string {
  return renderStates(body, states, `Containment finished ${seconds}s after the trip.`);
}

/** The line of the incident body that says how far containment has got. */
const PROGRESS_LINE = /^(This list is updated when containment finishes\.|Containment in progress: .*)$/;

/**
 * The incident body (as first rendered, or as last updated) with each numbered step's current
 * state (`pending` stays as written) and the progress line replaced by `progress`. Pure.
 */
export function renderStates(body: string, states: readonly string[], progress: string): string {
  return body
    .split("\n")
    .map((line) => {
      const match = /^(\d+)\. (.*?) — (pending|\*\*[^*]+\*\*)$/.exec(line);
      if (!match) return PROGRESS_LINE.test(line) ? progress : line;
      const state = states[Number(match[1]) - 1] ?? "pending";
      return `${match[1]}. ${match[2]} — ${state === "pending" ? "pending" : `**${state}**`}`;
    })
    .join("\n");
}

function summarize(states: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const s of states) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts].map(([s, n]) => `${n} ${s}`).join(", ") || "nothing to contain";
}
