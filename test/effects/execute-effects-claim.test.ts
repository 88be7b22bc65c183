import { beforeEach, describe, expect, test } from "@jest/globals";
import { pino } from "pino";
import { executeEffects, type ExecutorDeps } from "../../src/effects/execute-effects.js";
import type { Effect } from "../../src/policy/effect.js";
import type { KyselyStore } from "../../src/store/kysely-store.js";
import { openStore } from "../../src/store/open-store.js";
import type { Store } from "../../src/store/store.js";
import { FakeGitHub } from "../fakes/fake-github.js";
import { commitEffects } from "./commit-effects.js";
import { BACKENDS, freshStore, type TestDatabase } from "../store/store-backends.js";

const T0 = new Date("2026-11-20T10:00:00.000Z");
const commitEffectsAt = (store: Store, effects: readonly Effect[]) => commitEffects(store, effects, T0);
const log = pino({ level: "silent" });
const LABELS: Effect[] = [7, 8, 9].map((number) => ({ kind: "add_label", number, label: "agent:flagged" }));

function executor(store: Store, at = T0): ExecutorDeps {
  return { store, clock: () => at, log, appLogin: "agent-guardrails[bot]" };
}

/** The store as it is, except that every claim is lost (another replica holds every lease). */
function everyClaimLost(store: Store): Store {
  return new Proxy(store, {
    get: (target, key, receiver) => (key === "claimEffect" ? async () => false : Reflect.get(target, key, receiver)),
  });
}

describe.each(BACKENDS)("the executor's claim on %s", (name, createDatabase) => {
  const fresh = freshStore(createDatabase);
  let database: TestDatabase;
  let store: KyselyStore;
  beforeEach(() => {
    database = fresh.database();
    store = fresh.store();
  });

  test("two executors over the same due rows apply each effect once", async () => {
    await commitEffectsAt(store, LABELS);
    const github = new FakeGitHub();
    // PostgreSQL: a second replica with its own pool; SQLite: the one process's store.
    const replica = name === "postgres" ? await openStore(database.url) : store;
    try {
      const [mine, theirs] = await Promise.all([store.dueEffects(T0, 100), replica.dueEffects(T0, 100)]);
      expect(mine).toHaveLength(3);
      expect(theirs).toHaveLength(3);
      await Promise.all([executeEffects(executor(store), github, mine), executeEffects(executor(replica), github, theirs)]);
    } finally {
      if (replica !== store) await replica.close();
    }
    expect(github.callsOf("addLabel").map((c) => c.args[1])).toEqual(expect.arrayContaining([7, 8, 9]));
    expect(github.callsOf("addLabel")).toHaveLength(3);
    expect((await store.listEffects()).map((r) => [r.status, r.attempts])).toEqual([
      ["applied", 1],
      ["applied", 1],
      ["applied", 1],
    ]);
    expect(await store.listAudit({ action: "effect.add_label" })).toHaveLength(3);
  });

  test("a claim the store refuses sends no GitHub request and leaves the effect pending", async () => {
    const rows = await commitEffectsAt(store, LABELS);
    const github = new FakeGitHub();
    await executeEffects(executor(everyClaimLost(store)), github, rows);
    expect(github.calls).toEqual([]);
    expect((await store.listEffects()).map((r) => [r.status, r.attempts])).toEqual([
      ["pending", 0],
      ["pending", 0],
      ["pending", 0],
    ]);
    expect(await store.listAudit({ action: "effect.add_label" })).toEqual([]);
  });

  test("an expired lease is claimed again and a live one is not", async () => {
    const [row] = await commitEffectsAt(store, LABELS.slice(0, 1));
    const lease = (from: Date) => new Date(from.getTime() + 60_000);
    expect(await store.claimEffect(row!.id, T0, lease(T0))).toBe(true);

    // Live: another replica can neither see it as due nor claim it, up to the lease's end.
    const during = new Date(T0.getTime() + 30_000);
    expect(await store.dueEffects(during, 100)).toEqual([]);
    expect(await store.claimEffect(row!.id, during, lease(during))).toBe(false);

    // Expired (the claimant died holding it): due again, and claimed again by exactly one.
    const after = new Date(T0.getTime() + 60_001);
    expect((await store.dueEffects(after, 100)).map((r) => r.id)).toEqual([row!.id]);
    const claims = await Promise.all([store.claimEffect(row!.id, after, lease(after)), store.claimEffect(row!.id, after, lease(after))]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await store.claimEffect(row!.id, new Date(after.getTime() + 1_000), lease(after))).toBe(false);
  });

  test("the lease expires exactly at its end", async () => {
    const [row] = await commitEffectsAt(store, LABELS.slice(0, 1));
    const end = new Date(T0.getTime() + 60_000);
    expect(await store.claimEffect(row!.id, T0, end)).toBe(true);
    expect(await store.claimEffect(row!.id, new Date(end.getTime() - 1), end)).toBe(false);
    expect(await store.claimEffect(row!.id, end, new Date(end.getTime() + 60_000))).toBe(true);
  });

  test("an applied effect is never claimed again, whatever its lease", async () => {
    const rows = await commitEffectsAt(store, LABELS.slice(0, 1));
    const github = new FakeGitHub();
    await executeEffects(executor(store), github, rows);
    const later = new Date(T0.getTime() + 3_600_000);
    expect(await store.claimEffect(rows[0]!.id, later, new Date(later.getTime() + 60_000))).toBe(false);
    // The stale copy of the row, handed to the executor again (a replica's old batch): no second write.
    await executeEffects(executor(store, later), github, rows);
    expect(github.callsOf("addLabel")).toHaveLength(1);
  });

  test("an executor that died holding a lease: the sweep after the lease applies the effect", async () => {
    const [row] = await commitEffectsAt(store, LABELS.slice(0, 1));
    expect(await store.claimEffect(row!.id, T0, new Date(T0.getTime() + 60_000))).toBe(true);
    const github = new FakeGitHub();
    await executeEffects(
      executor(store, new Date(T0.getTime() + 10_000)),
      github,
      await store.dueEffects(new Date(T0.getTime() + 10_000), 100),
    );
    expect(github.calls).toEqual([]);
    const after = new Date(T0.getTime() + 61_000);
    await executeEffects(executor(store, after), github, await store.dueEffects(after, 100));
    expect(github.callsOf("addLabel")).toHaveLength(1);
    expect((await store.listEffects())[0]).toMatchObject({ status: "applied", attempts: 1 });
  });
});
