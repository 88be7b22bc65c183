import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { sql } from "kysely";
import { openStore } from "../../src/store/open-store.js";
import type { KyselyStore } from "../../src/store/kysely-store.js";

describe("openStore", () => {
  let folder: string;
  const opened: KyselyStore[] = [];
  const open = async (url?: string) => {
    const store = await openStore(url);
    opened.push(store);
    return store;
  };

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), "gr-open-store-"));
  });

  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    await rm(folder, { recursive: true, force: true });
  });

  async function pragma(store: KyselyStore, name: string): Promise<unknown> {
    const { rows } = await sql<Record<string, unknown>>`pragma ${sql.raw(name)}`.execute(store.db);
    return Object.values(rows[0] ?? {})[0];
  }

  test("a plain path opens (and creates, with its folder) a SQLite file in WAL mode with a busy timeout", async () => {
    const file = join(folder, "nested", "dir", "store.db");
    const store = await open(file);
    expect(store.dialect).toBe("sqlite");
    expect(existsSync(file)).toBe(true);
    expect(await pragma(store, "journal_mode")).toBe("wal");
    expect(Number(await pragma(store, "busy_timeout"))).toBeGreaterThan(0);
    await store.putCachedFile("k", "v", "2025-03-01T10:00:00.000Z");
    expect(await store.getCachedFile("k")).toEqual({ text: "v", fetchedAt: "2025-03-01T10:00:00.000Z" });
  });

  test.each([
    ["sqlite:PATH", (file: string) => `sqlite:${file}`],
    ["sqlite://PATH", (file: string) => `sqlite://${file}`],
    ["file:PATH", (file: string) => `file:${file}`],
    ["a file:/// URL", (file: string) => pathToFileURL(file).href],
  ])("%s names a SQLite file", async (_form, url) => {
    const file = join(folder, "named.db");
    const store = await open(url(file));
    expect(store.dialect).toBe("sqlite");
    await store.appendAudit(entry());
    await store.close();
    opened.pop();
    const again = await open(file);
    expect(await again.listAudit()).toHaveLength(1);
  });

  test(":memory: is a private in-memory database", async () => {
    const store = await open(":memory:");
    await store.appendAudit(entry());
    expect(await store.listAudit()).toHaveLength(1);
    expect(await (await open(":memory:")).listAudit()).toEqual([]);
  });

  test("unset or empty DATABASE_URL → ./data/guardrails.db, folder created", async () => {
    const cwd = process.cwd();
    process.chdir(folder);
    try {
      const store = await open(undefined);
      await store.close();
      opened.pop();
      expect(existsSync(join(folder, "data", "guardrails.db"))).toBe(true);
      await open("");
    } finally {
      process.chdir(cwd);
    }
  });

  test("mustExist refuses a missing SQLite file and does not create it", async () => {
    const file = join(folder, "missing", "store.db");
    await expect(openStore(file, { mustExist: true })).rejects.toThrow(/no database at/);
    expect(existsSync(join(folder, "missing"))).toBe(false);
  });

  test("an unsupported scheme is refused without echoing the URL (it may hold a password)", async () => {
    const error = await openStore("mysql://root:hunter2@db.internal/guardrails").then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/unsupported scheme "mysql:"/);
    expect(error?.message).not.toMatch(/hunter2/);
  });

  test("an unreachable PostgreSQL rejects", async () => {
    await expect(openStore("postgres://postgres@127.0.0.1:1/test")).rejects.toThrow();
  });
});

function entry() {
  return {
    at: "2025-03-01T10:00:00.000Z",
    deliveryId: null,
    org: "acme",
    repo: "acme/widgets",
    actor: "bot",
    actorKind: "agent" as const,
    action: "push",
    targetNumber: null,
    targetNodeId: null,
    targetUrl: null,
    targetSha: null,
    verdict: "allowed",
    reasons: [],
    effects: [],
    detail: {},
  };
}
