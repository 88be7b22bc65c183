import { beforeEach, describe, expect, test } from "@jest/globals";
import { pino } from "pino";
import { createInboxWorker, INBOX_LEASE_MS } from "../../src/inbox/inbox-worker.js";
import type { InboxRow, Store } from "../../src/store/store.js";
import { BACKENDS, freshStore } from "../store/store-backends.js";

const log = pino({ level: "silent" });
const T0 = new Date("2026-11-20T09:00:00.000Z");

describe.each(BACKENDS)("the inbox on %s", (_name, create) => {
  const fresh = freshStore(create);
  let store: Store;
  let now: Date;
  const clock = () => new Date(now);
  beforeEach(() => {
    store = fresh.store();
    now = new Date(T0);
  });

  /** Persists a delivery as the receiver does: leased to the caller until the lease ends. */
  async function persist(id: string): Promise<InboxRow> {
    const leaseUntil = new Date(now.getTime() + INBOX_LEASE_MS).toISOString();
    expect(
      await store.enqueueDelivery({
        deliveryId: id,
        event: "issue_comment",
        payload: `{"n":"${id}"}`,
        receivedAt: now.toISOString(),
        leaseUntil,
      }),
    ).toBe(true);
    return {
      deliveryId: id,
      event: "issue_comment",
      payload: `{"n":"${id}"}`,
      receivedAt: now.toISOString(),
      status: "pending",
      attempts: 0,
      nextAttemptAt: null,
      leaseUntil,
      lastError: null,
      finishedAt: null,
    };
  }

  test("a delivery is stored once: a second copy (redelivery, or another replica) writes nothing", async () => {
    await persist("d-1");
    expect(
      await store.enqueueDelivery({
        deliveryId: "d-1",
        event: "issue_comment",
        payload: "{}",
        receivedAt: now.toISOString(),
        leaseUntil: now.toISOString(),
      }),
    ).toBe(false);
    expect(await store.knowsDelivery("d-1")).toBe(true);
    expect(await store.knowsDelivery("d-2")).toBe(false);
  });

  test("processed: done, its payload dropped (a large comment is not stored twice)", async () => {
    const seen: string[] = [];
    const worker = createInboxWorker({
      store,
      clock,
      log,
      process: async (row) => void seen.push(row.payload ?? ""),
      giveUp: async () => {},
    });
    await worker.processNow(await persist("d-1"));
    expect(seen).toEqual(['{"n":"d-1"}']);
    expect(await store.inboxDepth()).toEqual({ pending: 0, failed: 0, oldestPendingAt: null });
    expect(
      await store.claimDelivery("d-1", new Date(now.getTime() + 10 * INBOX_LEASE_MS), new Date(now.getTime() + 11 * INBOX_LEASE_MS)),
    ).toBeNull();
  });

  test("a failing read leaves it pending with backoff; the last attempt is degraded; if that fails too it is audited and kept as failed", async () => {
    const attempts: { at: string; degraded: boolean }[] = [];
    const gaveUp: string[] = [];
    const worker = createInboxWorker({
      store,
      clock,
      log,
      maxAttempts: 3,
      backoffMs: 1_000,
      process: async (_row, degraded) => {
        attempts.push({ at: clock().toISOString(), degraded });
        throw new Error("502 Bad Gateway");
      },
      giveUp: async (row) => void gaveUp.push(row.deliveryId),
    });
    await expect(worker.processNow(await persist("d-1"))).rejects.toThrow("502");
    expect(await store.inboxDepth()).toMatchObject({ pending: 1, failed: 0 });
    // Not due before its backoff.
    expect(await worker.drain()).toBe(0);
    now = new Date(T0.getTime() + 1_000);
    expect(await worker.drain()).toBe(1);
    expect(await worker.drain()).toBe(0);
    now = new Date(T0.getTime() + 3_000);
    expect(await worker.drain()).toBe(1);
    expect(attempts).toEqual([
      { at: "2026-11-20T09:00:00.000Z", degraded: false },
      { at: "2026-11-20T09:00:01.000Z", degraded: false },
      { at: "2026-11-20T09:00:03.000Z", degraded: true },
    ]);
    expect(gaveUp).toEqual(["d-1"]);
    expect(await store.inboxDepth()).toMatchObject({ pending: 0, failed: 1 });
  });

  test("what a crashed replica left is claimed again once its lease expires, not before", async () => {
    await persist("crashed");
    const seen: string[] = [];
    const worker = createInboxWorker({ store, clock, log, process: async (row) => void seen.push(row.deliveryId), giveUp: async () => {} });
    now = new Date(T0.getTime() + INBOX_LEASE_MS - 1);
    expect(await worker.drain()).toBe(0);
    now = new Date(T0.getTime() + INBOX_LEASE_MS);
    expect(await worker.drain()).toBe(1);
    expect(seen).toEqual(["crashed"]);
  });

  test("two replicas draining the same inbox process each delivery once", async () => {
    for (let i = 0; i < 20; i++) await persist(`d-${i}`);
    now = new Date(T0.getTime() + INBOX_LEASE_MS);
    const seen: string[] = [];
    const make = () =>
      createInboxWorker({ store, clock, log, process: async (row) => void seen.push(row.deliveryId), giveUp: async () => {} });
    const [a, b] = [make(), make()];
    const [na, nb] = await Promise.all([a.drain(), b.drain()]);
    expect(na + nb).toBe(20);
    expect(seen.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `d-${i}`).sort());
  });

  test("the lease is honoured: a store whose claim fails leads to no processing", async () => {
    await persist("d-1");
    now = new Date(T0.getTime() + INBOX_LEASE_MS);
    const seen: string[] = [];
    const refusing: Store = Object.assign(Object.create(store) as Store, { claimDelivery: async () => null });
    const worker = createInboxWorker({
      store: refusing,
      clock,
      log,
      process: async (row) => void seen.push(row.deliveryId),
      giveUp: async () => {},
    });
    expect(await worker.drain()).toBe(0);
    expect(seen).toEqual([]);
  });

  test("processed rows are pruned after they stop being useful for dedupe", async () => {
    const worker = createInboxWorker({ store, clock, log, process: async () => {}, giveUp: async () => {} });
    await worker.processNow(await persist("old"));
    expect(await store.pruneInbox(new Date(T0.getTime() - 1).toISOString())).toBe(0);
    expect(await store.pruneInbox(new Date(T0.getTime() + 1).toISOString())).toBe(1);
    expect(await store.knowsDelivery("old")).toBe(false);
  });
});
