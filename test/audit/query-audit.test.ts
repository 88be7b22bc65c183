import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { parseAuditQuery } from "../../src/audit/parse-audit-query.js";
import { queryAudit } from "../../src/audit/query-audit.js";
import type { KyselyStore } from "../../src/store/kysely-store.js";
import { openStore } from "../../src/store/open-store.js";
import type { AuditEntry } from "../../src/store/store.js";
import { BACKENDS, type TestDatabase } from "../store/store-backends.js";
import { auditEntry } from "../store/audit-entry.js";

const NOW = new Date("2025-03-10T12:00:00.000Z");

function entry(at: string, overrides: Partial<AuditEntry>): AuditEntry {
  return auditEntry({ at, ...overrides });
}

/** Ten days of a small org's log, one row a day at noon, oldest first (ids 1..10). */
const LOG: AuditEntry[] = [
  entry("2025-03-01T12:00:00.000Z", {}),
  entry("2025-03-02T12:00:00.000Z", { action: "effect.convert_to_draft", verdict: "applied", deliveryId: "d-100" }),
  entry("2025-03-03T12:00:00.000Z", { actor: "Devin-AI-Agent[bot]", action: "issue_comment.created", verdict: "held" }),
  entry("2025-03-04T12:00:00.000Z", { actor: "alice", actorKind: "human", action: "command.approve", verdict: "approved" }),
  entry("2025-03-05T12:00:00.000Z", { repo: "acme/gadgets", action: "effect.add_label", verdict: "failed", deliveryId: "d-1%0" }),
  entry("2025-03-06T12:00:00.000Z", { repo: "Acme/Widgets", action: "EFFECT.minimize_comment", verdict: "applied" }),
  entry("2025-03-07T12:00:00.000Z", { org: "other", repo: "other/thing", actor: "my_agent[bot]" }),
  entry("2025-03-08T12:00:00.000Z", { actor: "myxagent[bot]" }),
  entry("2025-03-09T12:00:00.000Z", { action: "breaker.tripped", verdict: "tripped" }),
  entry("2025-03-10T11:00:00.000Z", { action: "effect.close_issue", verdict: "pending", deliveryId: "d\\2" }),
];

describe.each(BACKENDS)("queryAudit on %s", (_name, createDatabase) => {
  let database: TestDatabase;
  let store: KyselyStore;

  beforeAll(async () => {
    database = await createDatabase();
    store = await openStore(database.url);
    for (const row of LOG) await store.appendAudit(row);
  });

  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  /** The ids a search answers, with its total and omitted count. */
  async function ids(params: Record<string, string>) {
    const parsed = parseAuditQuery(params, NOW);
    if (!parsed.ok) throw new Error(parsed.error);
    const { rows, total, omitted } = await queryAudit(store, parsed.query);
    return { ids: rows.map((row) => row.id), total, omitted };
  }

  test("globs match case-insensitively, in the database", async () => {
    expect((await ids({ action: "effect.*" })).ids).toEqual([2, 5, 6, 10]);
    expect((await ids({ actor: "*-agent[bot]" })).ids).toEqual([1, 2, 3, 5, 6, 9, 10]);
    expect((await ids({ actor: "DEVIN*" })).ids).toEqual([3]);
    expect((await ids({ repo: "acme/widgets" })).ids).toEqual([1, 2, 3, 4, 6, 8, 9, 10]);
    expect((await ids({ repo: "acme/?adgets" })).ids).toEqual([5]);
    expect((await ids({ verdict: "APPLIED", org: "acme" })).ids).toEqual([2, 6]);
    expect((await ids({ delivery: "d-1*" })).ids).toEqual([2, 5]);
  });

  test("a glob's own % and _ match only themselves, not any text", async () => {
    expect((await ids({ actor: "my_agent*" })).ids).toEqual([7]);
    expect((await ids({ delivery: "d-1%0" })).ids).toEqual([5]);
    expect((await ids({ delivery: "d-1%" })).ids).toEqual([]);
    expect((await ids({ action: "%" })).ids).toEqual([]);
    expect((await ids({ delivery: "d\\2" })).ids).toEqual([10]);
    expect((await ids({ delivery: "d\\?" })).ids).toEqual([10]);
    expect((await ids({ delivery: "d?2" })).ids).toEqual([10]);
  });

  test("since and until bound the time; durations count back from now", async () => {
    expect((await ids({ since: "36h" })).ids).toEqual([9, 10]);
    expect((await ids({ since: "2d" })).ids).toEqual([8, 9, 10]);
    expect((await ids({ since: "2025-03-03", until: "2025-03-05" })).ids).toEqual([3, 4]);
    expect((await ids({ until: "2025-03-02T12:00:00Z" })).ids).toEqual([1]);
  });

  test("the newest rows within the limit, oldest first; the rest counted, pages by offset", async () => {
    expect(await ids({ limit: "3" })).toEqual({ ids: [8, 9, 10], total: 10, omitted: 7 });
    expect(await ids({ limit: "3", offset: "3" })).toEqual({ ids: [5, 6, 7], total: 10, omitted: 4 });
    expect(await ids({ limit: "3", offset: "9" })).toEqual({ ids: [1], total: 10, omitted: 0 });
    expect(await ids({ limit: "3", offset: "20" })).toEqual({ ids: [], total: 10, omitted: 0 });
    expect(await ids({ action: "effect.*", limit: "2" })).toEqual({ ids: [6, 10], total: 4, omitted: 2 });
    expect(await ids({ actor: "nobody" })).toEqual({ ids: [], total: 0, omitted: 0 });
  });
});
