import { PostgresAdapter, SqliteAdapter, sql, type Kysely, type Migration } from "kysely";
import type { StoreDialect } from "../database.js";
import { breakerPlan } from "./breaker-plan.js";
import { breakerSchema } from "./breaker-schema.js";
import { heldPlacement } from "./held-placement.js";
import { inboxSchema } from "./inbox-schema.js";
import { initialSchema } from "./initial-schema.js";
import { effectResult } from "./effect-result.js";
import { leaseSchema } from "./lease-schema.js";
import { threadActivity } from "./thread-activity.js";
import { writeBudgetIndex } from "./write-budget-index.js";

/**
 * Every migration, in order, each run once. Add the next one at the end as `0003_<what>` (a new
 * file in this folder exporting a `(dialect) => Migration`). Listed in code, not globbed from
 * disk, so that the compiled app in lib/ and the tests under ts-jest see the same set.
 */
function migrations(dialect: StoreDialect): [name: string, migration: Migration][] {
  return [
    ["0001_initial", initialSchema(dialect)],
    ["0002_breaker", breakerSchema(dialect)],
    ["0003_write_budget", writeBudgetIndex()],
    ["0004_held_placement", heldPlacement()],
    ["0005_inbox", inboxSchema()],
    ["0006_breaker_plan", breakerPlan()],
    ["0007_leases", leaseSchema()],
    ["0008_effect_result", effectResult()],
    ["0009_thread_activity", threadActivity()],
  ];
}

/** The names of every migration, in order (what a fully migrated store has recorded). */
export function migrationNames(): string[] {
  return migrations("sqlite").map(([name]) => name);
}

/** Which migrations have run, in the store's own schema. */
const MIGRATION_TABLE = "guardrails_migration";

/**
 * Brings the schema up to date in one transaction; a no-op when it is. Replicas starting at once
 * queue on a lock (a PostgreSQL advisory lock per schema; SQLite's write lock, taken up front),
 * so each migration runs once. Throws when a migration fails (nothing of it is kept) or when the
 * database was migrated by a newer release than this one.
 *
 * Not Kysely's `Migrator`: in 0.28 it checks for its bookkeeping tables by introspecting every
 * table of every schema in the database, which takes another schema's tables for ours and
 * fails ("schema … does not exist") while another session drops a schema.
 */
export async function migrateToLatest<DB>(db: Kysely<DB>, dialect: StoreDialect = dialectOf(db)): Promise<void> {
  const list = migrations(dialect);
  await db.connection().execute(async (connection) => {
    // SQLite: IMMEDIATE takes the write lock now (waiting out busy_timeout), not on the first
    // write, where a concurrent migrator would make this one fail instead of wait.
    await sql.raw(dialect === "sqlite" ? "begin immediate" : "begin").execute(connection);
    try {
      if (dialect === "postgres") {
        await sql`select pg_advisory_xact_lock(hashtext(${"agent-guardrails migrations:"}::text || current_schema()::text))`.execute(
          connection,
        );
      }
      const trx = connection as unknown as Kysely<MigrationTables>;
      await trx.schema
        .createTable(MIGRATION_TABLE)
        .ifNotExists()
        .addColumn("name", "text", (c) => c.primaryKey())
        .addColumn("applied_at", "text", (c) => c.notNull())
        .execute();
      const applied = new Set((await trx.selectFrom(MIGRATION_TABLE).select("name").execute()).map((row) => row.name));
      const unknown = [...applied].filter((name) => !list.some(([known]) => known === name));
      if (unknown.length > 0) {
        throw new Error(
          `the database was migrated by a newer agent-guardrails (unknown migration ${unknown.join(", ")}); upgrade this one`,
        );
      }
      for (const [name, migration] of list) {
        if (applied.has(name)) continue;
        try {
          await migration.up(trx);
        } catch (error) {
          throw new Error(`store migration ${name} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
        }
        await trx.insertInto(MIGRATION_TABLE).values({ name, applied_at: new Date().toISOString() }).execute();
      }
      await sql.raw("commit").execute(connection);
    } catch (error) {
      await sql.raw("rollback").execute(connection);
      throw error;
    }
  });
}

interface MigrationTables {
  [MIGRATION_TABLE]: { name: string; applied_at: string };
}

function dialectOf<DB>(db: Kysely<DB>): StoreDialect {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof SqliteAdapter) return "sqlite";
  if (adapter instanceof PostgresAdapter) return "postgres";
  throw new Error("store: only the SQLite and PostgreSQL dialects are supported");
}
