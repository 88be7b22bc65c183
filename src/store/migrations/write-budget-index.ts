import type { Kysely, Migration } from "kysely";

/**
 * Lets the executor count an installation's recent writes (`Store.appliedSince`) without
 * scanning the whole outbox, which only grows.
 */
export function writeBudgetIndex(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.createIndex("effects_installation_applied_at_idx").on("effects").columns(["installation_id", "applied_at"]).execute();
    },

    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex("effects_installation_applied_at_idx").execute();
    },
  };
}
