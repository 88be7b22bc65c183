import type { Kysely, Migration } from "kysely";
import type { StoreDialect } from "../database.js";
import { withId } from "./with-id.js";

/**
 * The first schema: deliveries, audit log, effect outbox, approvals, held comments and the file
 * cache. Times are ISO text and JSON is text so that both dialects store and compare them alike.
 * A migration never imports the current table types: it must keep describing the schema as it
 * was when it shipped.
 */
export function initialSchema(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("deliveries")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("event", "text", (c) => c.notNull())
        .addColumn("received_at", "text", (c) => c.notNull())
        .execute();

      await withId(db.schema.createTable("audit"), dialect)
        .addColumn("at", "text", (c) => c.notNull())
        .addColumn("delivery_id", "text")
        .addColumn("org", "text", (c) => c.notNull())
        .addColumn("repo", "text", (c) => c.notNull())
        .addColumn("actor", "text", (c) => c.notNull())
        .addColumn("actor_kind", "text", (c) => c.notNull())
        .addColumn("action", "text", (c) => c.notNull())
        .addColumn("target_number", "integer")
        .addColumn("target_node_id", "text")
        .addColumn("target_url", "text")
        .addColumn("target_sha", "text")
        .addColumn("verdict", "text", (c) => c.notNull())
        .addColumn("reasons", "text", (c) => c.notNull())
        .addColumn("effects", "text", (c) => c.notNull())
        .addColumn("detail", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("audit_repo_at_idx").on("audit").columns(["repo", "at"]).execute();
      await db.schema.createIndex("audit_actor_at_idx").on("audit").columns(["actor", "at"]).execute();
      await db.schema.createIndex("audit_delivery_id_idx").on("audit").column("delivery_id").execute();

      await withId(db.schema.createTable("effects"), dialect)
        .addColumn("delivery_id", "text")
        .addColumn("installation_id", "bigint", (c) => c.notNull())
        .addColumn("owner", "text", (c) => c.notNull())
        .addColumn("repo", "text", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("payload", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("next_attempt_at", "text")
        .addColumn("lease_until", "text")
        .addColumn("last_error", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("applied_at", "text")
        .execute();
      await db.schema.createIndex("effects_status_next_attempt_at_idx").on("effects").columns(["status", "next_attempt_at"]).execute();
      await db.schema.createIndex("effects_delivery_id_idx").on("effects").column("delivery_id").execute();

      await db.schema
        .createTable("approvals")
        .addColumn("owner", "text", (c) => c.notNull())
        .addColumn("repo", "text", (c) => c.notNull())
        .addColumn("number", "integer", (c) => c.notNull())
        .addColumn("head_sha", "text", (c) => c.notNull())
        .addColumn("approver", "text", (c) => c.notNull())
        .addColumn("at", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("approvals_pull_idx").on("approvals").columns(["owner", "repo", "number"]).execute();

      await db.schema
        .createTable("held_comments")
        .addColumn("owner", "text", (c) => c.notNull())
        .addColumn("repo", "text", (c) => c.notNull())
        .addColumn("comment_id", "bigint", (c) => c.notNull())
        .addColumn("node_id", "text", (c) => c.notNull())
        .addColumn("url", "text", (c) => c.notNull())
        .addColumn("number", "integer", (c) => c.notNull())
        .addColumn("thread_node_id", "text")
        .addColumn("surface", "text", (c) => c.notNull())
        .addColumn("author", "text", (c) => c.notNull())
        .addColumn("body", "text", (c) => c.notNull())
        .addColumn("mode", "text", (c) => c.notNull())
        .addColumn("external", "integer", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("at", "text", (c) => c.notNull())
        .addColumn("resolver", "text")
        .addColumn("resolved_at", "text")
        .addPrimaryKeyConstraint("held_comments_pk", ["owner", "repo", "comment_id"])
        .execute();
      await db.schema.createIndex("held_comments_thread_idx").on("held_comments").columns(["owner", "repo", "number"]).execute();

      await db.schema
        .createTable("file_cache")
        .addColumn("key", "text", (c) => c.primaryKey())
        .addColumn("text", "text")
        .addColumn("fetched_at", "text", (c) => c.notNull())
        .execute();
    },

    async down(db: Kysely<unknown>) {
      for (const table of ["file_cache", "held_comments", "approvals", "effects", "audit", "deliveries"]) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}
