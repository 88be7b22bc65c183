import { beforeEach, describe, expect, test } from "@jest/globals";
import type { Store } from "../../src/store/store.js";
import { BACKENDS, freshStore } from "./store-backends.js";

const NOW = new Date("2026-11-20T10:00:00.000Z");
const kinds = ["issue_comment.created", "pull_request.opened", "push", "pull_request_review.submitted", "issues.opened"];

describe.each(BACKENDS)("activity counts read from the newest rows only (%s)", (_name, create) => {
  const fresh = freshStore(create);
  let store: Store;
  beforeEach(async () => {
    store = fresh.store();
    // 40 actions over the last 50 minutes in three repos, and one two hours ago (outside the hour).
    for (let i = 0; i < 40; i++) {
      await store.recordActivity({
        org: "acme",
        actor: "dev",
        repo: `acme/r${i % 3}`,
        kind: kinds[i % kinds.length]!,
        at: new Date(NOW.getTime() - (i + 1) * 75_000).toISOString(),
      });
    }
    await store.recordActivity({
      org: "acme",
      actor: "dev",
      repo: "acme/old",
      kind: "push",
      at: new Date(NOW.getTime() - 7_200_000).toISOString(),
    });
  });
  test("below the cap: the same counts as the full aggregate, per repository too", async () => {
    const full = await store.activityCounts("acme", "dev", NOW, 300, "acme/r1");
    expect(await store.activityCounts("acme", "dev", NOW, 300, "acme/r1", 100)).toEqual(full);
    expect(full).toMatchObject({
      actionsLastHour: 40,
      commentsLastHour: 16,
      pullRequestsLastHour: 8,
      actionsInBurst: 4,
      reposLastHour: ["acme/r0", "acme/r1", "acme/r2"],
    });
  });

  test("at the cap: every count is bounded by it, the burst still exact when the burst fits", async () => {
    const capped = await store.activityCounts("acme", "dev", NOW, 300, undefined, 10);
    expect(capped.actionsLastHour).toBe(10);
    expect(capped.actionsInBurst).toBe(4);
    expect(capped.commentsLastHour).toBeLessThanOrEqual(10);
  });
});
