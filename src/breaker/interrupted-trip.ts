import type { Trip } from "../policy/breaker/trip.js";
import type { Store } from "../store/store.js";

/**
 * The trip a committed decision called for when its process stopped before making it real
 * (opening the breaker and committing the containment plan, keyed `<delivery>:trip`): the inbox
 * runs the delivery again, and this says what is left to do. Null when there is nothing: no trip
 * was decided, its plan is committed, or a maintainer resumed the agent since (a late crash
 * recovery must not halt it again).
 */
export async function interruptedTrip(store: Store, deliveryId: string): Promise<Trip | null> {
  if (await store.hasDelivery(`${deliveryId}:trip`)) return null;
  const rows = await store.listAudit({ deliveryId, limit: 50 });
  const decided = rows.find((r) => r.detail.trip !== undefined && !r.action.startsWith("breaker.") && !r.action.startsWith("effect."));
  if (decided === undefined) return null;
  const trip = decided.detail.trip as Trip;
  const scope = trip.scope === "repo" ? decided.repo : decided.org;
  const resumed = (await store.breakers(scope)).some((b) => b.agent === trip.agent && b.resumedAt !== null && b.resumedAt >= decided.at);
  return resumed ? null : trip;
}
