import type { Kysely, Migration } from "kysely";
import type { StoreDialect } from "../database.js";
import { withId } from "./with-id.js";

/**
 * The circuit breaker's state: every write action counted for the sliding-window limits
 * (`activity`), one breaker per (org, agent) opened and closed by compare-and-set (`breakers`),
 * and a `tag` on outbox rows naming the containment they belong to.
 */
export function breakerSchema(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await withId(db.schema.createTable("activity"), dialect)
        .addColumn("org", "text", (c) => c.notNull())
        .addColumn("actor", "text", (c) => c.notNull())
        .addColumn("repo", "text", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("at", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("activity_org_actor_at_idx").on("activity").columns(["org", "actor", "at"]).execute();
      await db.schema.createIndex("activity_org_at_idx").on("activity").columns(["org", "at"]).execute();

      await db.schema
        .createTable("breakers")
        .addColumn("org", "text", (c) => c.notNull())
        .addColumn("agent", "text", (c) => c.notNull())
        .addColumn("state", "text", (c) => c.notNull())
        .addColumn("trip_id", "integer", (c) => c.notNull())
        .addColumn("reason", "text")
        .addColumn("evidence", "text")
        .addColumn("repo", "text")
        .addColumn("tripped_at", "text")
        .addColumn("resumed_at", "text")
        .addColumn("resumed_by", "text")
        .addColumn("contained_at", "text")
        .addPrimaryKeyConstraint("breakers_pk", ["org", "agent"])
        .execute();

      await db.schema.alterTable("effects").addColumn("tag", "text").execute();
      await db.schema.createIndex("effects_tag_idx").on("effects").column("tag").execute();
    },

    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex("effects_tag_idx").execute();
      await db.schema.alterTable("effects").dropColumn("tag").execute();
      await db.schema.dropTable("breakers").execute();
      await db.schema.dropTable("activity").execute();
    },
  };
}
