import type { Kysely, Migration } from "kysely";

/**
 * The loop breaker's memory: each counted comment keeps the thread it was written in (the issue,
 * PR or discussion number) and what wrote it (agent, bot or human), so an agent's comment can read
 * the thread's recent chain from the store — a bot's comment costs this one row, no request.
 * Existing rows keep null: they belong to no thread.
 */
export function threadActivity(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable("activity").addColumn("thread", "integer").execute();
      await db.schema.alterTable("activity").addColumn("actor_kind", "text").execute();
      await db.schema.createIndex("activity_repo_thread_at_idx").on("activity").columns(["repo", "thread", "at"]).execute();
    },

    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex("activity_repo_thread_at_idx").execute();
      await db.schema.alterTable("activity").dropColumn("actor_kind").execute();
      await db.schema.alterTable("activity").dropColumn("thread").execute();
    },
  };
}
