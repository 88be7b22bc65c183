import { beforeEach, describe, expect, test } from "@jest/globals";
import { pino } from "pino";
import { commitContainment } from "../../src/breaker/commit-containment.js";
import { REPAIR_GRACE_MS, repairBreakers, type RepairDeps } from "../../src/breaker/repair-breakers.js";
import { tripAndContain, tripTag } from "../../src/breaker/trip-and-contain.js";
import { strictDefaults } from "../../src/config/defaults.js";
import type { GuardrailsConfig } from "../../src/config/schema.js";
import type { Trip } from "../../src/policy/breaker/trip.js";
import { auditEntryFor } from "../../src/store/audit-entry-for.js";
import type { KyselyStore } from "../../src/store/kysely-store.js";
import { breakerPlan } from "../../src/store/migrations/breaker-plan.js";
import { openStore } from "../../src/store/open-store.js";
import type { Store } from "../../src/store/store.js";
import { FakeGitHub } from "../fakes/fake-github.js";
import { action } from "../fixtures/actions.js";
import { BACKENDS, freshStore, type TestDatabase } from "../store/store-backends.js";

const AGENT = "copilot-swe-agent[bot]";
const T0 = new Date("2026-11-20T09:00:00.000Z");
const LATER = new Date(T0.getTime() + REPAIR_GRACE_MS + 1_000);
const TRIP: Trip = { agent: AGENT, reason: "burst", evidence: "11 actions in 60s" };
const config: GuardrailsConfig = { ...strictDefaults, owner: "maint" };
const log = pino({ level: "silent" });

/** The agent opened issue #7 a minute before the trip: the plan closes it. */
async function seedHistory(store: Store): Promise<void> {
  const opened = action("issues.opened", { target: { number: 7, isPullRequest: false, url: "https://github.com/acme/widgets/issues/7" } });
  await store.appendAudit({
    ...auditEntryFor(opened, new Date(T0.getTime() - 60_000), {
      action: "issues.opened",
      verdict: "flagged",
      reasons: [],
      effects: [],
      detail: {},
    }),
  });
}

/** What a tripper that died right after the compare-and-set leaves behind: an open breaker, nothing else. */
async function tripWithoutPlan(store: Store): Promise<number> {
  const { tripped, breaker } = await store.tripBreaker({
    org: "acme",
    agent: AGENT,
    reason: TRIP.reason,
    evidence: TRIP.evidence,
    repo: "acme/widgets",
    at: T0.toISOString(),
    installationId: 4242,
  });
  expect(tripped).toBe(true);
  return breaker.tripId;
}

function depsOf(store: Store): RepairDeps {
  return { store, clock: () => LATER, appLogin: "agent-guardrails[bot]", log, configFor: async () => config };
}

/** The original tripper, finishing late: its plan commit, exactly as `tripAndContain` makes it. */
function lateTripperCommit(store: Store, tripId: number) {
  const tripping = action("issue_comment.created");
  return commitContainment(store, {
    trip: TRIP,
    tripId,
    origin: { deliveryId: tripping.deliveryId, event: tripping.event, installationId: 4242, org: "acme", repo: "acme/widgets" },
    config,
    by: AGENT,
    now: T0,
    audit: (row) => auditEntryFor(tripping, T0, row),
  });
}

describe.each(BACKENDS)("repairBreakers on %s", (name, createDatabase) => {
  const fresh = freshStore(createDatabase);
  let database: TestDatabase;
  let store: KyselyStore;
  beforeEach(async () => {
    database = fresh.database();
    store = fresh.store();
    await seedHistory(store);
  });

  async function planOf(tripId: number) {
    const rows = await store.listEffects({ tag: tripTag("acme", AGENT, tripId) });
    const audits = await store.listAudit({ action: "breaker.tripped" });
    return { kinds: rows.map((r) => r.effect.kind), incidents: rows.filter((r) => r.effect.kind === "ensure_incident_issue"), audits };
  }

  test("a breaker tripped without a plan gets one plan with one incident, and a second sweep adds nothing", async () => {
    const tripId = await tripWithoutPlan(store);
    expect(await repairBreakers(depsOf(store), LATER)).toBe(1);
    expect(await repairBreakers(depsOf(store), LATER)).toBe(0);
    const plan = await planOf(tripId);
    expect(plan.kinds).toEqual(["ensure_incident_issue", "unassign_agent", "close_issue"]);
    expect(plan.incidents).toHaveLength(1);
    expect(plan.incidents[0]).toMatchObject({ installationId: 4242, owner: "acme", repo: "widgets", status: "pending" });
    expect(plan.audits).toHaveLength(1);
    expect(plan.audits[0]!.detail).toMatchObject({ tripId, repaired: true, tag: tripTag("acme", AGENT, tripId) });
    expect((await store.breakers("acme"))[0]).toMatchObject({ state: "open", tripId, plannedTripId: tripId });
  });

  test("a trip younger than the grace period is left to its tripper", async () => {
    await tripWithoutPlan(store);
    expect(await repairBreakers(depsOf(store), new Date(T0.getTime() + REPAIR_GRACE_MS - 1_000))).toBe(0);
    expect(await store.listEffects()).toEqual([]);
  });

  test("a closed breaker is not repaired", async () => {
    await tripWithoutPlan(store);
    await store.resumeBreaker({ org: "acme", agent: AGENT, by: "maint", at: T0.toISOString() });
    expect(await repairBreakers(depsOf(store), LATER)).toBe(0);
  });

  test("two replicas repairing at once write one plan", async () => {
    const tripId = await tripWithoutPlan(store);
    // Replicas share PostgreSQL; SQLite is the one-process store, where sweeps overlap on its one connection.
    const replica = name === "postgres" ? await openStore(database.url) : store;
    try {
      const counts = await Promise.all([
        repairBreakers(depsOf(store), LATER),
        repairBreakers(depsOf(replica), LATER),
        repairBreakers(depsOf(store), LATER),
      ]);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    } finally {
      if (replica !== store) await replica.close();
    }
    const plan = await planOf(tripId);
    expect(plan.incidents).toHaveLength(1);
    expect(plan.kinds).toEqual(["ensure_incident_issue", "unassign_agent", "close_issue"]);
    expect(plan.audits).toHaveLength(1);
  });

  test("the original tripper finishing after the repair adds no second plan", async () => {
    const tripId = await tripWithoutPlan(store);
    expect(await repairBreakers(depsOf(store), LATER)).toBe(1);
    expect(await lateTripperCommit(store, tripId)).toBeNull();
    expect((await planOf(tripId)).incidents).toHaveLength(1);
  });

  test("a tripper and a repairer racing: one plan", async () => {
    const tripId = await tripWithoutPlan(store);
    const [late, repaired] = await Promise.all([lateTripperCommit(store, tripId), repairBreakers(depsOf(store), LATER)]);
    expect((late === null ? 0 : 1) + repaired).toBe(1);
    expect((await planOf(tripId)).incidents).toHaveLength(1);
  });

  test("a trip whose plan was committed by the trip path is not repaired", async () => {
    const github = new FakeGitHub();
    await tripAndContain(
      { store, clock: () => T0, appLogin: "agent-guardrails[bot]", log },
      github,
      action("issue_comment.created"),
      TRIP,
      config,
      AGENT,
    );
    const [breaker] = await store.breakers("acme");
    expect(breaker).toMatchObject({ state: "open", installationId: 4242, plannedTripId: breaker!.tripId });
    expect(await repairBreakers(depsOf(store), LATER)).toBe(0);
    expect((await planOf(breaker!.tripId)).incidents).toHaveLength(1);
  });

  test("a re-trip after a resume needs its own plan: the last trip's plan does not count", async () => {
    const first = await tripWithoutPlan(store);
    expect(await repairBreakers(depsOf(store), LATER)).toBe(1);
    await store.resumeBreaker({ org: "acme", agent: AGENT, by: "maint", at: LATER.toISOString() });
    const second = (
      await store.tripBreaker({
        org: "acme",
        agent: AGENT,
        reason: "rate",
        evidence: "61 actions",
        repo: "acme/widgets",
        at: LATER.toISOString(),
        installationId: 4242,
      })
    ).breaker.tripId;
    expect(second).toBe(first + 1);
    expect(await repairBreakers(depsOf(store), new Date(LATER.getTime() + REPAIR_GRACE_MS + 1_000))).toBe(1);
    expect((await planOf(second)).incidents).toHaveLength(1);
  });

  test("the config is read for the repository and installation where it tripped", async () => {
    await tripWithoutPlan(store);
    const asked: [string, number][] = [];
    const containNothing: RepairDeps = {
      ...depsOf(store),
      configFor: async (repo, installationId) => (
        asked.push([repo, installationId]),
        { ...config, breaker: { ...config.breaker, contain: [] } }
      ),
    };
    expect(await repairBreakers(containNothing, LATER)).toBe(1);
    expect(asked).toEqual([["acme/widgets", 4242]]);
    // That repository's `breaker.contain` is what the plan follows: nothing but the incident.
    expect((await store.listEffects()).map((r) => r.effect.kind)).toEqual(["ensure_incident_issue"]);
  });

  test("an unreadable config leaves the breaker for the next sweep", async () => {
    await tripWithoutPlan(store);
    const failing: RepairDeps = { ...depsOf(store), configFor: () => Promise.reject(new Error("GitHub 502")) };
    expect(await repairBreakers(failing, LATER)).toBe(0);
    expect(await repairBreakers(depsOf(store), LATER)).toBe(1);
  });
});

describe.each(BACKENDS)("migration 0006 (breaker plan) on %s", (_name, createDatabase) => {
  test("breakers tripped before it count as planned when an outbox row carries their tag, and only then", async () => {
    const database = await createDatabase();
    const store = await openStore(database.url);
    try {
      await seedHistory(store);
      const planned = await tripWithoutPlan(store);
      expect(await repairBreakers(depsOf(store), LATER)).toBe(1);
      await store.tripBreaker({
        org: "acme",
        agent: "other-agent[bot]",
        reason: "rate",
        evidence: "e",
        repo: "acme/widgets",
        at: T0.toISOString(),
        installationId: 4242,
      });
      // Back to the schema before 0006, then up again: what an upgrade sees.
      await breakerPlan().down!(store.db as never);
      await breakerPlan().up(store.db as never);
      const byAgent = Object.fromEntries((await store.breakers("acme")).map((b) => [b.agent, b]));
      expect(byAgent[AGENT]).toMatchObject({ tripId: planned, plannedTripId: planned, installationId: null });
      expect(byAgent["other-agent[bot]"]).toMatchObject({ plannedTripId: null, installationId: null });
    } finally {
      await store.close();
      await database.drop();
    }
  });
});
