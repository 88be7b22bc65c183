import { existsSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import SqliteDatabase from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import { withCachedStatements } from "./cached-statements.js";
import type { Database } from "./database.js";
import { createKyselyStore, type KyselyStore } from "./kysely-store.js";
import { migrateToLatest } from "./migrations/migrate-to-latest.js";

/** Where the embedded store lives when DATABASE_URL is unset (docs/design.md). */
export const DEFAULT_DATABASE_FILE = "./data/guardrails.db";

/**
 * How long a SQLite writer waits for another process's lock (the CLI starting, say) before
 * failing. better-sqlite3 waits synchronously: two stores on one file in one process would block
 * each other's thread, so a process opens one store per file.
 */
const BUSY_TIMEOUT_MS = 5_000;

/** Options of `openStore`. */
export interface OpenStoreOptions {
  /**
   * Refuse to create a SQLite file that does not exist (a reader such as `agent-guardrails
   * audit` must not conjure an empty log out of a typo).
   */
  mustExist?: boolean;
}

/**
 * Opens the store named by a DATABASE_URL and brings its schema up to date:
 * unset or empty → the SQLite file `./data/guardrails.db` (folder created);
 * `postgres://` or `postgresql://` → a pg pool (connection options in the URL, e.g.
 * `?sslmode=require`); `sqlite:PATH`, `sqlite://PATH`, `file:PATH`, a `file:///` URL or a
 * plain path → that SQLite file; `:memory:` → a private in-memory SQLite database.
 * SQLite files run in WAL mode so that readers never block the app's writes.
 */
export async function openStore(databaseUrl?: string, options: OpenStoreOptions = {}): Promise<KyselyStore> {
  const target = parseDatabaseUrl(databaseUrl);
  let store: KyselyStore;
  if (target.kind === "postgres") {
    // Loaded only for PostgreSQL: a SQLite deployment does not carry the driver in memory.
    const { default: pg } = await import("pg");
    const pool = new pg.Pool({ connectionString: target.url });
    // An idle connection that breaks (a database restart) is dropped by the pool and the next
    // query reconnects; unhandled, the pool's "error" event would crash the process.
    pool.on("error", () => {});
    store = createKyselyStore(new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), "postgres");
  } else {
    store = createKyselyStore(
      new Kysely<Database>({ dialect: new SqliteDialect({ database: withCachedStatements(openSqlite(target.file, options)) }) }),
      "sqlite",
    );
  }
  try {
    await migrateToLatest(store.db, store.dialect);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

type DatabaseTarget = { kind: "postgres"; url: string } | { kind: "sqlite"; file: string };

/**
 * What a DATABASE_URL names, for the start-up line: the SQLite file's full path, or PostgreSQL's
 * host, port and database — never the user or password the URL may carry.
 */
export function describeDatabase(databaseUrl: string | undefined): string {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.kind === "sqlite") return target.file === ":memory:" ? "sqlite :memory:" : `sqlite ${resolve(target.file)}`;
  try {
    const url = new URL(target.url);
    return `postgres ${url.hostname}:${url.port || "5432"}${url.pathname === "/" ? "" : url.pathname}`;
  } catch {
    return "postgres (unparsable URL)";
  }
}

function parseDatabaseUrl(databaseUrl: string | undefined): DatabaseTarget {
  const value = databaseUrl?.trim() ?? "";
  if (value === "") return { kind: "sqlite", file: DEFAULT_DATABASE_FILE };
  if (/^postgres(ql)?:\/\//i.test(value)) return { kind: "postgres", url: value };
  if (value === ":memory:") return { kind: "sqlite", file: ":memory:" };
  if (/^file:\/\//i.test(value)) return { kind: "sqlite", file: fileURLToPath(value) };
  const sqlite = /^(?:sqlite|file):(?:\/\/)?(.+)$/i.exec(value);
  if (sqlite !== null) return { kind: "sqlite", file: sqlite[1]! };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value);
  if (scheme !== null) {
    // Never echo the URL itself: it may carry a password.
    throw new Error(`DATABASE_URL: unsupported scheme "${scheme[1]}:" (use postgres://…, sqlite:PATH or a file path)`);
  }
  return { kind: "sqlite", file: value };
}

function openSqlite(file: string, options: OpenStoreOptions): SqliteDatabase.Database {
  if (file !== ":memory:") {
    if (!existsSync(file)) {
      if (options.mustExist) throw new Error(`no database at ${resolve(file)}`);
      mkdirSync(dirname(resolve(file)), { recursive: true });
    }
  }
  const database = new SqliteDatabase(file);
  // First, so that switching to WAL also waits for another process opening the same file.
  database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  database.pragma("journal_mode = WAL");
  // With WAL, NORMAL loses no committed data on an application crash, only possibly on power loss.
  database.pragma("synchronous = NORMAL");
  return database;
}
