import type { Kysely, Migration } from "kysely";

/**
 * The inbox: every webhook delivery is persisted here before it is answered, then processed from
 * here (claimed with a lease, retried with backoff), so a crash after the answer loses nothing.
 */
export function inboxSchema(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("inbox")
        .addColumn("delivery_id", "text", (c) => c.primaryKey())
        .addColumn("event", "text", (c) => c.notNull())
        // The body as received (null once processed: the audit log keeps what matters, so a large
        // comment is not stored twice).
        .addColumn("payload", "text")
        .addColumn("received_at", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("next_attempt_at", "text")
        .addColumn("lease_until", "text")
        .addColumn("last_error", "text")
        .addColumn("finished_at", "text")
        .execute();
      await db.schema.createIndex("inbox_status_next_attempt_idx").on("inbox").columns(["status", "next_attempt_at"]).execute();
    },

    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("inbox").execute();
    },
  };
}
