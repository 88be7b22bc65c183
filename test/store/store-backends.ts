import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach } from "@jest/globals";
import pg from "pg";
import type { KyselyStore } from "../../src/store/kysely-store.js";
import { openStore } from "../../src/store/open-store.js";

/** A fresh, empty database for one test: its URL for openStore/--db, and how to remove it. */
export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Each backend the store must behave the same on. */
export const BACKENDS: [name: string, create: () => Promise<TestDatabase>][] = [
  ["sqlite", sqliteDatabase],
  ["postgres", postgresDatabase],
];

/** A SQLite file in its own temporary folder. */
export async function sqliteDatabase(): Promise<TestDatabase> {
  const folder = await mkdtemp(join(tmpdir(), "gr-store-test-"));
  return { url: join(folder, "store.db"), drop: () => rm(folder, { recursive: true, force: true }) };
}

/**
 * A schema of its own on TEST_DATABASE_URL (default: the local PostgreSQL), selected through the
 * connection's search_path, so that parallel runs never see each other's rows. Throws, and so
 * fails the suite, when PostgreSQL cannot be reached.
 */
export async function postgresDatabase(): Promise<TestDatabase> {
  const base = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  const schema = `gr_test_${randomBytes(6).toString("hex")}`;
  await admin(base, `create schema ${schema}`);
  const url = new URL(base);
  url.searchParams.set("options", `-c search_path=${schema}`);
  return { url: url.toString(), drop: () => admin(base, `drop schema if exists ${schema} cascade`) };
}

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * A fresh store on a database of `create` for each test of the enclosing describe, closed and
 * dropped after it: `const fresh = freshStore(create)` then `fresh.store()` inside a test.
 */
export function freshStore(create: () => Promise<TestDatabase>): { store(): KyselyStore; database(): TestDatabase } {
  let database: TestDatabase | undefined;
  let store: KyselyStore | undefined;
  beforeEach(async () => {
    database = await create();
    store = await openStore(database.url);
  });
  afterEach(async () => {
    await store?.close();
    await database?.drop();
    store = undefined;
    database = undefined;
  });
  return {
    store: () => store ?? failNoStore(),
    database: () => database ?? failNoStore(),
  };
}

function failNoStore(): never {
  throw new Error("freshStore: used outside a test of its describe block");
}
