import { afterEach, describe, expect, test } from "@jest/globals";
import nock from "nock";
import { openStore } from "../../src/store/open-store.js";
import type { AuditRow, Store } from "../../src/store/store.js";
import { accounts, issueCommentEvent } from "../fixtures/webhook-examples.js";
import { postgresDatabase, sqliteDatabase, type TestDatabase } from "../store/store-backends.js";
import { startStandInApp, type StandInApp } from "./stand-in-harness.js";

/**
 * Issue "An agent that knows the rules cannot switch them off", bypass 7: the counts were read,
 * then committed, without serialization, so back-to-back deliveries passed 16–19 actions under a
 * limit of 10. Limits are now checked and counted atomically per agent (the commit re-reads the
 * windows under the agent's lock and decides again): these tests fail if the overshoot returns.
 */
const AGENT = "copilot-swe-agent[bot]";
const BASE = ["owner: maint", `agents: ["${AGENT}", "Copilot", "*-agent[bot]"]`, "approvers: write"];
const BURST = [...BASE, "limits: { burst: { actions: 10, seconds: 60 } }"].join("\n");
/** The hourly comment limit alone (the burst limit far away): the same path. */
const HOURLY = [...BASE, "limits: { comments_per_hour: 10, burst: { actions: 1000, seconds: 60 } }"].join("\n");

const apps: StandInApp[] = [];
const stores: Store[] = [];
let database: TestDatabase | undefined;

afterEach(async () => {
  nock.cleanAll();
  for (const app of apps.splice(0)) await app.close();
  for (const store of stores.splice(0)) await store.close();
  await database?.drop();
  database = undefined;
});

/** One replica per entry of `replicas`, all on one stand-in, one clock and one database. */
async function replicas(config: string, count: number, db: TestDatabase): Promise<StandInApp[]> {
  const started: StandInApp[] = [];
  for (let i = 0; i < count; i++) {
    const store = await openStore(db.url);
    stores.push(store);
    const first = started[0];
    const app = await startStandInApp(first ? { standIn: first.standIn, now: first.now, store } : { config, store });
    // The first replica owns the stand-in: closed last (apps close in order, so unshift).
    apps.unshift(app);
    started.push(app);
  }
  return started;
}

/** 20 agent comments delivered at once, spread round-robin over the replicas. */
async function deliverTwentyAtOnce(running: StandInApp[]): Promise<void> {
  await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      running[i % running.length]!.receive(
        "issue_comment",
        issueCommentEvent(accounts.agent, { number: 7, commentId: 900 + i }),
        `concurrent-${i}`,
      ),
    ),
  );
  for (const app of running) await app.guardrails.sweep();
}

function agentComments(audit: readonly AuditRow[]): AuditRow[] {
  return audit.filter((row) => row.action === "issue_comment.created" && row.actor === AGENT);
}

/**
 * Exactly 10 passed (allowed or gated), the 11th counted tripped, and every later one was
 * contained: by its own trip decision, or on arrival once the breaker was open. One trip.
 */
async function expectExactlyTenPassed(store: Store, reason: "burst" | "rate"): Promise<void> {
  const audit = await store.listAudit();
  const comments = agentComments(audit);
  expect(comments).toHaveLength(20);
  const passed = comments.filter((row) => row.verdict === "allow" || row.verdict === "gate");
  expect(passed).toHaveLength(10);
  for (const row of passed) expect(row.detail.trip).toBeUndefined();
  const rest = comments.filter((row) => !passed.includes(row));
  for (const row of rest) expect(row.verdict).toBe("contained");
  // Audit order is commit order: the ten that passed were committed before any other, and the
  // 11th is the one that trips, its evidence naming 11 (not 16–19).
  expect(comments.slice(0, 10)).toEqual(passed);
  const eleventh = comments[10]!.detail.trip as { reason: string; evidence: string } | undefined;
  expect(eleventh).toMatchObject({ reason, evidence: expect.stringMatching(/^11 /) });
  expect(audit.filter((row) => row.action === "breaker.tripped")).toHaveLength(1);
  expect((await store.breakers()).map((b) => [b.agent, b.state, b.tripId])).toEqual([[AGENT, "open", 1]]);
}

describe("limits are checked and counted atomically per agent", () => {
  test("bypass: the burst limit is overshot by 20 concurrent deliveries to one replica (SQLite): exactly 10 pass, the 11th trips, the rest are contained", async () => {
    database = await sqliteDatabase();
    const running = await replicas(BURST, 1, database);
    await deliverTwentyAtOnce(running);
    await expectExactlyTenPassed(running[0]!.store, "burst");
  });

  test("bypass: the burst limit is overshot by 20 concurrent deliveries to two replicas sharing one PostgreSQL database: exactly 10 pass in total", async () => {
    database = await postgresDatabase();
    const running = await replicas(BURST, 2, database);
    await deliverTwentyAtOnce(running);
    await expectExactlyTenPassed(running[0]!.store, "burst");
  });

  test("bypass: the hourly comment limit is overshot by 20 concurrent deliveries to one replica (SQLite): exactly 10 pass", async () => {
    database = await sqliteDatabase();
    const running = await replicas(HOURLY, 1, database);
    await deliverTwentyAtOnce(running);
    await expectExactlyTenPassed(running[0]!.store, "rate");
  });

  test("bypass: the hourly comment limit is overshot by 20 concurrent deliveries to two replicas sharing one PostgreSQL database: exactly 10 pass in total", async () => {
    database = await postgresDatabase();
    const running = await replicas(HOURLY, 2, database);
    await deliverTwentyAtOnce(running);
    await expectExactlyTenPassed(running[0]!.store, "rate");
  });
});
