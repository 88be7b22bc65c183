import type { Kysely, Migration } from "kysely";

/**
 * Named cluster-wide leases: a job that must run on one replica at a time (listing GitHub's
 * failed deliveries) takes the lease before it runs.
 */
export function leaseSchema(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("leases")
        .addColumn("name", "text", (c) => c.primaryKey())
        .addColumn("holder", "text", (c) => c.notNull())
        .addColumn("until", "text", (c) => c.notNull())
        .execute();
    },

    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("leases").execute();
    },
  };
}
