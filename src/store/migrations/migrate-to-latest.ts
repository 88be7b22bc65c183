import { Migrator, PostgresAdapter, SqliteAdapter, sql, type Kysely, type Migration } from "kysely";
import type { StoreDialect } from "../database.js";
import { initialSchema } from "./initial-schema.js";

/**
 * Every migration, in order. Names sort as they run: add the next one as `0002_<what>` (a new
 * file in this folder exporting a `(dialect) => Migration`). Listed in code, not globbed from
 * disk, so that the compiled app in lib/ and the tests under ts-jest see the same set.
 */
function migrations(dialect: StoreDialect): Record<string, Migration> {
  return {
    "0001_initial": initialSchema(dialect),
  };
}

/**
 * Brings the schema up to date; a no-op when it is. Safe with several replicas starting at
 * once: Kysely's Migrator holds an advisory lock on PostgreSQL, and SQLite has one writer.
 * Throws the first migration error.
 */
export async function migrateToLatest(db: Kysely<unknown>, dialect: StoreDialect = dialectOf(db)): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations(dialect) },
    // Kysely looks for its bookkeeping tables in every schema unless told which: another app's
    // `kysely_migration` elsewhere in the database would make it skip creating ours.
    ...(dialect === "postgres" ? { migrationTableSchema: await currentSchema(db) } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName;
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`store migration${failed !== undefined ? ` ${failed}` : ""} failed: ${reason}`, { cause: error });
  }
}

/** The schema unqualified names resolve to (the first of `search_path` that exists). */
async function currentSchema(db: Kysely<unknown>): Promise<string | undefined> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  return rows[0]?.schema ?? undefined;
}

function dialectOf(db: Kysely<unknown>): StoreDialect {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof SqliteAdapter) return "sqlite";
  if (adapter instanceof PostgresAdapter) return "postgres";
  throw new Error("store: only the SQLite and PostgreSQL dialects are supported");
}
