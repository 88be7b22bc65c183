import { describe, expect, test } from "@jest/globals";
import { BACKENDS, freshStore } from "./store-backends.js";

const AT = "2026-11-20T09:00:00.000Z";
const effect = (number: number) => ({ kind: "close_issue" as const, number });

describe.each(BACKENDS)("when the next paced effect falls due (%s)", (_name, create) => {
  const fresh = freshStore(create);

  test("the earliest next attempt of a pending effect; none when nothing waits", async () => {
    const store = fresh.store();
    expect(await store.nextEffectAt()).toBeNull();
    const base = { deliveryId: "d-1", installationId: 1, owner: "acme", repo: "widgets", status: "pending" as const };
    await store.commitDecision({
      deliveryId: "d-1",
      event: "issues",
      at: AT,
      audit: {
        at: AT,
        deliveryId: "d-1",
        org: "acme",
        repo: "acme/widgets",
        actor: "a",
        actorKind: "agent",
        action: "issues.opened",
        targetNumber: 1,
        targetNodeId: null,
        targetUrl: null,
        targetSha: null,
        verdict: "gate",
        reasons: [],
        effects: [],
        detail: {},
      },
      effects: [
        { ...base, effect: effect(1) },
        { ...base, effect: effect(2), nextAttemptAt: "2026-11-20T09:02:00.000Z" },
        { ...base, effect: effect(3), nextAttemptAt: "2026-11-20T09:01:00.000Z" },
      ],
    });
    expect(await store.nextEffectAt()).toBe("2026-11-20T09:01:00.000Z");
  });
});
