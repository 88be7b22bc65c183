import type { Kysely, Selectable } from "kysely";
import type { Database, InboxTable } from "./database.js";
import { groupCommit } from "./group-commit.js";
import type { InboxRow, InboxStatus, Store } from "./store.js";

type InboxQueries = Pick<
  Store,
  | "enqueueDelivery"
  | "claimDelivery"
  | "dueDeliveries"
  | "retryDelivery"
  | "finishDelivery"
  | "knowsDelivery"
  | "inboxDepth"
  | "pruneInbox"
  | "takeLease"
>;

/**
 * The inbox half of the store. Every statement is a single-row insert or a conditional update,
 * so both dialects decide races between replicas without a transaction: the primary key for
 * duplicates, the lease condition for claims. (A group commit only shares a transaction's commit
 * between such statements; each keeps its own answer.)
 */
export function inboxQueries(db: Kysely<Database>): InboxQueries {
  // The two writes every delivery makes, answered or processed under load: group-committed.
  const enqueue = groupCommit(db, async (x, row: Parameters<Store["enqueueDelivery"]>[0]) => {
    const result = await x
      .insertInto("inbox")
      .values({
        delivery_id: row.deliveryId,
        event: row.event,
        payload: row.payload,
        received_at: row.receivedAt,
        status: "pending",
        lease_until: row.leaseUntil,
      })
      .onConflict((oc) => oc.column("delivery_id").doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  });
  const finish = groupCommit(db, async (x, [deliveryId, update]: Parameters<Store["finishDelivery"]>) => {
    await x
      .updateTable("inbox")
      .set({
        status: update.status,
        finished_at: update.at,
        lease_until: null,
        last_error: update.lastError ?? null,
        ...(update.status === "done" ? { payload: null } : {}),
      })
      .where("delivery_id", "=", deliveryId)
      .execute();
  });
  return {
    enqueueDelivery: enqueue,

    async claimDelivery(deliveryId, now, leaseUntil) {
      const at = now.toISOString();
      const result = await db
        .updateTable("inbox")
        .set({ lease_until: leaseUntil.toISOString() })
        .where("delivery_id", "=", deliveryId)
        .where("status", "=", "pending")
        .where((eb) => eb.or([eb("lease_until", "is", null), eb("lease_until", "<=", at)]))
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return null;
      const row = await db.selectFrom("inbox").selectAll().where("delivery_id", "=", deliveryId).executeTakeFirst();
      return row === undefined ? null : toInboxRow(row);
    },

    async dueDeliveries(now, limit) {
      const at = now.toISOString();
      const rows = await db
        .selectFrom("inbox")
        .select("delivery_id")
        .where("status", "=", "pending")
        .where((eb) => eb.or([eb("next_attempt_at", "is", null), eb("next_attempt_at", "<=", at)]))
        .where((eb) => eb.or([eb("lease_until", "is", null), eb("lease_until", "<=", at)]))
        .orderBy("received_at", "asc")
        .limit(limit)
        .execute();
      return rows.map((r) => r.delivery_id);
    },

    async retryDelivery(deliveryId, update) {
      await db
        .updateTable("inbox")
        .set({ attempts: update.attempts, next_attempt_at: update.nextAttemptAt, last_error: update.lastError, lease_until: null })
        .where("delivery_id", "=", deliveryId)
        .where("status", "=", "pending")
        .execute();
    },

    finishDelivery: (deliveryId, update) => finish([deliveryId, update]),

    async knowsDelivery(deliveryId) {
      const inInbox = await db.selectFrom("inbox").select("delivery_id").where("delivery_id", "=", deliveryId).executeTakeFirst();
      if (inInbox !== undefined) return true;
      const committed = await db.selectFrom("deliveries").select("id").where("id", "=", deliveryId).executeTakeFirst();
      return committed !== undefined;
    },

    async inboxDepth() {
      const rows = await db
        .selectFrom("inbox")
        .select((eb) => ["status", eb.fn.countAll<number | string>().as("n"), eb.fn.min("received_at").as("oldest")])
        .where("status", "in", ["pending", "failed"])
        .groupBy("status")
        .execute();
      const pending = rows.find((r) => r.status === "pending");
      const failed = rows.find((r) => r.status === "failed");
      return {
        pending: Number(pending?.n ?? 0),
        failed: Number(failed?.n ?? 0),
        oldestPendingAt: (pending?.oldest as string | null | undefined) ?? null,
      };
    },

    async takeLease(name, holder, now, until) {
      // One upsert is the compare-and-set: it updates only a lease that ended or is the caller's own.
      const result = await db
        .insertInto("leases")
        .values({ name, holder, until: until.toISOString() })
        .onConflict((oc) =>
          oc
            .column("name")
            .doUpdateSet({ holder, until: until.toISOString() })
            .where((eb) => eb.or([eb("leases.until", "<=", now.toISOString()), eb("leases.holder", "=", holder)])),
        )
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    async pruneInbox(before) {
      const result = await db.deleteFrom("inbox").where("status", "=", "done").where("finished_at", "<", before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

function toInboxRow(row: Selectable<InboxTable>): InboxRow {
  return {
    deliveryId: row.delivery_id,
    event: row.event,
    payload: row.payload,
    receivedAt: row.received_at,
    status: row.status as InboxStatus,
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    leaseUntil: row.lease_until,
    lastError: row.last_error,
    finishedAt: row.finished_at,
  };
}
