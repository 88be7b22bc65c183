import { sql, type Kysely, type Migration } from "kysely";

/**
 * What a sweep needs to finish a trip whose containment plan was never committed (a crash
 * between the breaker's compare-and-set and the plan's commit): the installation the trip
 * happened in (`installation_id`), and which trip's plan the breaker has (`planned_trip_id`,
 * written in the plan's own transaction). A breaker is open without a plan while
 * `planned_trip_id` differs from `trip_id`.
 */
export function breakerPlan(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // One column per statement: SQLite's ALTER TABLE adds one at a time.
      await db.schema.alterTable("breakers").addColumn("installation_id", "bigint").execute();
      await db.schema.alterTable("breakers").addColumn("planned_trip_id", "integer").execute();
      // Trips from before this migration: planned when an outbox row carries their tag (every
      // committed plan has at least its incident row). `||` concatenates in both dialects.
      await sql`update breakers set planned_trip_id = trip_id where exists (select 1 from effects where effects.tag = 'trip:' || breakers.org || ':' || breakers.agent || ':' || breakers.trip_id)`.execute(
        db,
      );
    },

    async down(db: Kysely<unknown>) {
      await db.schema.alterTable("breakers").dropColumn("planned_trip_id").execute();
      await db.schema.alterTable("breakers").dropColumn("installation_id").execute();
    },
  };
}
