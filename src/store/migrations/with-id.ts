import type { CreateTableBuilder } from "kysely";
import type { StoreDialect } from "../database.js";

/**
 * Adds the auto-increment `id` key, the one DDL difference between the dialects: SQLite's rowid
 * alias (`integer primary key autoincrement`, never reusing an id) versus PostgreSQL's
 * `bigserial`. Shared by migrations, so it must keep producing the same DDL.
 */
export function withId<T extends string>(table: CreateTableBuilder<T, never>, dialect: StoreDialect): CreateTableBuilder<T, "id"> {
  return dialect === "sqlite"
    ? table.addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    : table.addColumn("id", "bigserial", (c) => c.primaryKey());
}
