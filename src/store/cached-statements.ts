import type SqliteDatabase from "better-sqlite3";
import type { SqliteDatabase as KyselySqliteDatabase } from "kysely";
import { LRUCache } from "lru-cache";

/**
 * A better-sqlite3 database, as Kysely's SQLite dialect uses it, whose `prepare` is memoized by SQL text. Kysely's SQLite driver
 * prepares every statement anew on each query; the store's queries are a small fixed set (their
 * values are bound parameters), so each is compiled by SQLite once instead of once per use —
 * on a human's comment, which runs about ten of them, preparing was the largest single cost.
 * A prepared statement is reusable as long as its database is open; the cache is bounded for the
 * few queries whose text varies (`in (…)` lists).
 */
export function withCachedStatements(database: SqliteDatabase.Database): KyselySqliteDatabase {
  const statements = new LRUCache<string, SqliteDatabase.Statement>({ max: 500 });
  // Only what Kysely's driver calls: better-sqlite3's methods must run on the database itself.
  return {
    prepare(source: string) {
      let statement = statements.get(source);
      if (statement === undefined) {
        statement = database.prepare(source);
        statements.set(source, statement);
      }
      return statement;
    },
    close() {
      statements.clear();
      database.close();
    },
  };
}
