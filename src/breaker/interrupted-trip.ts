import type { Trip } from "../policy/breaker/trip.js";
import type { Store } from "../store/store.js";

/**
 * The trip a committed decision called for when its process stopped before opening the breaker
 * (its compare-and-set): the inbox runs the delivery again, and this says what is left to do.
 * Null when there is nothing: no trip was decided, or the breaker of that agent tripped or was
 * resumed at or after the decision (this trip, another one, or a maintainer since: a late
 * recovery must not halt the agent again). A trip whose breaker opened but whose plan was lost is
 * the repair sweep's (repair-breakers.ts). An observed trip opens no breaker: run again, its plan's
 * commit is keyed by the delivery and written once.
 */
export async function interruptedTrip(store: Store, deliveryId: string): Promise<Trip | null> {
  const rows = await store.listAudit({ deliveryId, limit: 50 });
  const decided = rows.find((r) => r.detail.trip !== undefined && !r.action.startsWith("breaker.") && !r.action.startsWith("effect."));
  if (decided === undefined) return null;
  if (rows.some((r) => r.action === "breaker.tripped")) return null;
  const trip = decided.detail.trip as Trip;
  const scope = trip.scope === "repo" ? decided.repo : decided.org;
  const since = (at: string | null) => at !== null && at >= decided.at;
  const moved = (await store.breakers(scope)).some(
    (b) => b.agent === trip.agent && (b.state === "open" || since(b.trippedAt) || since(b.resumedAt)),
  );
  return moved ? null : trip;
}
