import type { Kysely, Migration } from "kysely";

/**
 * Where a held comment sat in its thread (`HeldComment.placement`, JSON text): review thread root,
 * file, line, commit, discussion parent. Without it an approved comment could only be re-posted
 * at the top level. Null for comments held before this migration: those still re-post there.
 */
export function heldPlacement(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable("held_comments").addColumn("placement", "text").execute();
    },

    async down(db: Kysely<unknown>) {
      await db.schema.alterTable("held_comments").dropColumn("placement").execute();
    },
  };
}
