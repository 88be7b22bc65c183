import type { GuardrailsConfig } from "../config/schema.js";
import type { Trip, TripReason } from "../policy/breaker/trip.js";
import type { BreakerRow } from "../store/store.js";
import { commitContainment, type TripOrigin } from "./commit-containment.js";
import type { BreakerDeps } from "./trip-and-contain.js";

/**
 * How long after a trip its own caller is presumed still committing the plan: the repair leaves
 * it alone until then. Only for economy (the plan's delivery id makes a race harmless): a plan
 * made from the trip's own delivery carries its delivery id and time.
 */
export const REPAIR_GRACE_MS = 10_000;

/** What the repair needs besides the breaker's: the config of the repository where it tripped. */
export interface RepairDeps extends BreakerDeps {
  /**
   * The config of `owner/name` as the pipeline would load it (default branch, org layering),
   * read through the installation the trip happened in. A rejection skips the breaker until the
   * next sweep.
   */
  configFor(repo: string, installationId: number): Promise<GuardrailsConfig>;
}

/**
 * Finds open breakers whose trip never got its containment plan (the process died between the
 * breaker's compare-and-set and the plan's commit, which left the agent halted with no incident
 * and nothing contained) and plans it now, through the same `commitContainment` as the trip. The
 * plan is committed under the trip's own delivery id, so with several replicas sweeping at once,
 * and the original tripper finishing late, exactly one plan is written. Only persists: the outbox
 * sweep applies the steps as they fall due. Returns how many plans this call committed.
 */
export async function repairBreakers(deps: RepairDeps, now: Date): Promise<number> {
  const { store, log } = deps;
  let repaired = 0;
  for (const breaker of await store.breakers()) {
    if (breaker.state !== "open" || breaker.plannedTripId === breaker.tripId || breaker.trippedAt === null) continue;
    if (now.getTime() - Date.parse(breaker.trippedAt) < REPAIR_GRACE_MS) continue;
    const breakerLog = log.child({ org: breaker.org, agent: breaker.agent, tripId: breaker.tripId });
    const origin = originOf(breaker);
    if (origin === null) {
      // Trips from before the installation was recorded: nothing to apply the plan through.
      breakerLog.error(
        { audit: true },
        "open breaker without a containment plan, and no installation recorded: a human must resume or re-halt it",
      );
      continue;
    }
    let config: GuardrailsConfig;
    try {
      config = await deps.configFor(origin.repo, origin.installationId);
    } catch (error) {
      breakerLog.warn(
        { repo: origin.repo, err: error instanceof Error ? error.message : String(error) },
        "repair: config unreadable, retried at the next sweep",
      );
      continue;
    }
    const trip = tripOf(breaker);
    const committed = await commitContainment(store, {
      trip,
      tripId: breaker.tripId,
      origin,
      config,
      by: "repair",
      now,
      audit: (row) => ({
        ...row,
        at: now.toISOString(),
        deliveryId: null,
        org: origin.org,
        repo: origin.repo,
        targetNumber: null,
        targetNodeId: null,
        targetUrl: null,
        targetSha: null,
        reasons: [...row.reasons, `planned by the repair sweep: the trip at ${breaker.trippedAt} had no committed plan`],
        detail: { ...row.detail, repaired: true, trippedAt: breaker.trippedAt },
      }),
    });
    if (committed === null) continue;
    repaired++;
    breakerLog.warn(
      { audit: true, repo: origin.repo, steps: committed.steps },
      "breaker had no containment plan: planned by the repair sweep",
    );
  }
  return repaired;
}

/** The trip as the breaker row remembers it; a repository's breaker is scoped `owner/repo`. */
function tripOf(breaker: BreakerRow): Trip {
  return {
    agent: breaker.agent,
    reason: (breaker.reason ?? "manual") as TripReason,
    evidence: breaker.evidence ?? "",
    scope: breaker.org.includes("/") ? "repo" : "org",
  };
}

function originOf(breaker: BreakerRow): TripOrigin | null {
  const repo = breaker.repo ?? (breaker.org.includes("/") ? breaker.org : null);
  if (repo === null || breaker.installationId === null) return null;
  return { deliveryId: null, event: "sweep", installationId: breaker.installationId, org: breaker.org.split("/")[0]!, repo };
}
