import type { Effect } from "../../src/policy/effect.js";
import type { EffectRow, Store } from "../../src/store/store.js";

/** Commits one agent decision (delivery d-1, issue #7 of acme/widgets) carrying these effects as pending outbox rows. */
export async function commitEffects(store: Store, effects: readonly Effect[], at: Date): Promise<EffectRow[]> {
  const committed = await store.commitDecision({
    deliveryId: "d-1",
    event: "issues",
    at: at.toISOString(),
    audit: {
      at: at.toISOString(),
      deliveryId: "d-1",
      org: "acme",
      repo: "acme/widgets",
      actor: "bot",
      actorKind: "agent",
      action: "issues.opened",
      targetNumber: 7,
      targetNodeId: null,
      targetUrl: null,
      targetSha: null,
      verdict: "flagged",
      reasons: [],
      effects: [...effects],
      detail: {},
    },
    effects: effects.map((effect) => ({
      deliveryId: "d-1",
      installationId: 4242,
      owner: "acme",
      repo: "widgets",
      effect,
      status: "pending" as const,
    })),
  });
  return committed!.effects;
}
