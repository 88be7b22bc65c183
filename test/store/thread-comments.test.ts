import { beforeEach, describe, expect, test } from "@jest/globals";
import type { Store } from "../../src/store/store.js";
import { BACKENDS, freshStore } from "./store-backends.js";

const NOW = new Date("2026-11-20T10:00:00.000Z");
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000).toISOString();

describe.each(BACKENDS)("a thread's recent comments for the loop breaker (%s)", (_name, create) => {
  const fresh = freshStore(create);
  let store: Store;
  beforeEach(async () => {
    store = fresh.store();
    const row = (
      actor: string,
      actorKind: "agent" | "bot" | "human",
      at: string,
      thread: number | null = 7,
      repo = "acme/widgets",
      kind = "issue_comment.created",
    ) => store.recordActivity({ org: "acme", actor, repo, kind, at, thread, actorKind });
    await row("maint", "human", ago(700)); // before the window
    await row("claude[bot]", "agent", ago(500));
    await row("maint", "human", ago(400));
    await row("coderabbitai[bot]", "bot", ago(300));
    await row("claude[bot]", "agent", ago(200));
    await row("coderabbitai[bot]", "bot", ago(100));
    await row("coderabbitai[bot]", "bot", ago(90), 8); // another thread
    await row("coderabbitai[bot]", "bot", ago(80), 7, "acme/other"); // another repository
    await row("claude[bot]", "agent", ago(70), null, "acme/widgets", "push"); // not a comment
    await row("claude[bot]", "agent", NOW.toISOString()); // at `until`: not read
  });

  test("newest first, within [since, until), this thread of this repository only", async () => {
    const rows = await store.threadComments("acme/widgets", 7, ago(600), NOW.toISOString(), 10);
    expect(rows.map((r) => [r.actor, r.actorKind, r.at])).toEqual([
      ["coderabbitai[bot]", "bot", ago(100)],
      ["claude[bot]", "agent", ago(200)],
      ["coderabbitai[bot]", "bot", ago(300)],
      ["maint", "human", ago(400)],
      ["claude[bot]", "agent", ago(500)],
    ]);
  });

  test("at most `limit` rows, the newest", async () => {
    const rows = await store.threadComments("acme/widgets", 7, ago(600), NOW.toISOString(), 2);
    expect(rows.map((r) => r.at)).toEqual([ago(100), ago(200)]);
  });

  test("counting still sees thread rows as the actor's activity", async () => {
    const counts = await store.activityCounts("acme", "coderabbitai[bot]", NOW, 60);
    expect(counts.commentsLastHour).toBe(4);
  });
});
