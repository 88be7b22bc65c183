import { beforeEach, describe, expect, test } from "@jest/globals";
import { ACTION_KINDS } from "../../src/policy/agent-action.js";
import { activityClass } from "../../src/policy/breaker/activity-counts.js";
import type { Store } from "../../src/store/store.js";
import { BACKENDS, freshStore } from "./store-backends.js";

const NOW = new Date("2026-11-20T10:00:00.000Z");

describe.each(BACKENDS)("the store counts comments as activityClass does (%s)", (_name, create) => {
  const fresh = freshStore(create);
  let store: Store;
  beforeEach(async () => {
    store = fresh.store();
  });

  test.each(ACTION_KINDS.map((kind) => [kind] as const))("%s", async (kind) => {
    await store.recordActivity({
      org: "acme",
      actor: "bot",
      repo: "acme/widgets",
      kind,
      at: new Date(NOW.getTime() - 60_000).toISOString(),
    });
    // Both ways the store counts: the SQL aggregate, and the newest rows only (the cap).
    for (const cap of [undefined, 100]) {
      const counts = await store.activityCounts("acme", "bot", NOW, 300, "acme/widgets", cap);
      expect(counts.commentsLastHour).toBe(activityClass(kind).comment ? 1 : 0);
      expect(counts.inRepo?.commentsLastHour).toBe(activityClass(kind).comment ? 1 : 0);
      expect(counts.pullRequestsLastHour).toBe(activityClass(kind).pullRequest ? 1 : 0);
    }
  });
});
