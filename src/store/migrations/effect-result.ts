import type { Kysely, Migration } from "kysely";

/**
 * What an applied effect answered (JSON: the numbers an agent was unassigned from, the role a
 * collaborator had), kept on its outbox row so that the undo reads it from the row it undoes.
 */
export function effectResult(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable("effects").addColumn("result", "text").execute();
    },

    async down(db: Kysely<unknown>) {
      await db.schema.alterTable("effects").dropColumn("result").execute();
    },
  };
}
