import { beforeEach, describe, expect, test } from "@jest/globals";
import { sql } from "kysely";
import type { Effect } from "../../src/policy/effect.js";
import { openStore } from "../../src/store/open-store.js";
import { migrationNames } from "../../src/store/migrations/migrate-to-latest.js";
import type { KyselyStore } from "../../src/store/kysely-store.js";
import type { AuditEntry, DecisionCommit, HeldCommentRow, NewEffect } from "../../src/store/store.js";
import { BACKENDS, freshStore, postgresDatabase, type TestDatabase } from "./store-backends.js";

const T0 = "2025-03-01T10:00:00.000Z";

function auditEntry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    at: T0,
    deliveryId: "d-1",
    org: "acme",
    repo: "acme/widgets",
    actor: "copilot-swe-agent[bot]",
    actorKind: "agent",
    action: "pull_request.opened",
    targetNumber: 7,
    targetNodeId: "PR_node7",
    targetUrl: "https://github.com/acme/widgets/pull/7",
    targetSha: "abc1234",
    verdict: "gated",
    reasons: ["agent PRs start as drafts"],
    effects: [{ kind: "convert_to_draft", prNodeId: "PR_node7", number: 7 }],
    detail: { mode: "enforce", nested: { n: 1 } },
    ...overrides,
  };
}

function newEffect(effect: Effect, overrides: Partial<NewEffect> = {}): NewEffect {
  return { deliveryId: "d-1", installationId: 4_000_000_001, owner: "acme", repo: "widgets", effect, status: "pending", ...overrides };
}

function hold(commentId: number, overrides: Partial<HeldCommentRow> = {}): HeldCommentRow {
  return {
    owner: "acme",
    repo: "widgets",
    commentId,
    nodeId: `IC_${commentId}`,
    url: `https://github.com/acme/widgets/issues/7#issuecomment-${commentId}`,
    number: 7,
    surface: "issue_comment",
    author: "copilot-swe-agent[bot]",
    body: "hello \u202e world",
    mode: "hold",
    external: true,
    status: "pending",
    at: T0,
    resolver: null,
    resolvedAt: null,
    ...overrides,
  };
}

function decision(deliveryId: string, overrides: Partial<DecisionCommit> = {}): DecisionCommit {
  return {
    deliveryId,
    event: "pull_request",
    at: T0,
    audit: auditEntry({ deliveryId }),
    effects: [
      newEffect({ kind: "convert_to_draft", prNodeId: "PR_node7", number: 7 }, { deliveryId }),
      newEffect({ kind: "add_label", number: 7, label: "agent:pending-approval" }, { deliveryId }),
    ],
    ...overrides,
  };
}

describe.each(BACKENDS)("Kysely store on %s", (_name, createDatabase) => {
  const fresh = freshStore(createDatabase);
  let database: TestDatabase;
  let store: KyselyStore;
  beforeEach(() => {
    database = fresh.database();
    store = fresh.store();
  });

  test("migrations are idempotent: reopening an up-to-date database changes nothing", async () => {
    await store.appendAudit(auditEntry());
    const again = await openStore(database.url);
    try {
      expect(await again.listAudit()).toHaveLength(1);
    } finally {
      await again.close();
    }
  });

  describe("commitDecision", () => {
    test("writes the delivery, audit row, effects, approval and holds together", async () => {
      const committed = await store.commitDecision(
        decision("d-1", {
          approval: { owner: "acme", repo: "widgets", number: 7, headSha: "abc1234", approver: "alice", at: T0 },
          holds: [hold(3_000_000_001)],
        }),
      );
      expect(committed).not.toBeNull();
      expect(await store.hasDelivery("d-1")).toBe(true);
      expect(await store.hasDelivery("d-2")).toBe(false);

      const [audit] = await store.listAudit();
      expect(audit).toEqual({ ...auditEntry({ deliveryId: "d-1" }), id: committed!.auditId });

      expect(committed!.effects.map((e) => e.effect.kind)).toEqual(["convert_to_draft", "add_label"]);
      expect(committed!.effects[0]).toEqual({
        id: expect.any(Number),
        deliveryId: "d-1",
        installationId: 4_000_000_001,
        owner: "acme",
        repo: "widgets",
        effect: { kind: "convert_to_draft", prNodeId: "PR_node7", number: 7 },
        status: "pending",
        attempts: 0,
        nextAttemptAt: null,
        lastError: null,
        createdAt: T0,
        appliedAt: null,
        tag: null,
      });
      expect(await store.listEffects({ deliveryId: "d-1" })).toEqual(committed!.effects);
      expect(await store.approvalsFor("acme", "widgets", 7)).toEqual([
        { owner: "acme", repo: "widgets", number: 7, headSha: "abc1234", approver: "alice", at: T0 },
      ]);
      expect(await store.heldComments({ owner: "acme", repo: "widgets" })).toEqual([hold(3_000_000_001)]);
    });

    test("a redelivery returns null and writes nothing a second time", async () => {
      expect(await store.commitDecision(decision("d-1"))).not.toBeNull();
      const again = await store.commitDecision(
        decision("d-1", {
          audit: auditEntry({ deliveryId: "d-1", verdict: "other" }),
          approval: { owner: "acme", repo: "widgets", number: 7, headSha: "abc1234", approver: "alice", at: T0 },
          holds: [hold(5)],
        }),
      );
      expect(again).toBeNull();
      expect(await store.listAudit()).toHaveLength(1);
      expect((await store.listAudit())[0]!.verdict).toBe("gated");
      expect(await store.listEffects()).toHaveLength(2);
      expect(await store.approvalsFor("acme", "widgets", 7)).toEqual([]);
      expect(await store.heldComments({ owner: "acme", repo: "widgets" })).toEqual([]);
    });

    test("two concurrent commits of one delivery: exactly one wins", async () => {
      const results = await Promise.all([store.commitDecision(decision("d-race")), store.commitDecision(decision("d-race"))]);
      expect(results.filter((r) => r !== null)).toHaveLength(1);
      expect(await store.listAudit({ deliveryId: "d-race" })).toHaveLength(1);
      expect(await store.listEffects({ deliveryId: "d-race" })).toHaveLength(2);
    });

    test("many concurrent commits and reads interleave without nesting transactions", async () => {
      const ids = Array.from({ length: 12 }, (_, i) => `d-many-${i % 6}`);
      const results = await Promise.all([
        ...ids.map((id) => store.commitDecision(decision(id))),
        ...ids.map((id) => store.hasDelivery(id)),
        store.appendAudit(auditEntry({ action: "effect.add_label" })),
      ]);
      expect(results.slice(0, 12).filter((r) => r !== null)).toHaveLength(6);
      expect(await store.listEffects()).toHaveLength(12);
      expect(await store.listAudit()).toHaveLength(7);
    });

    test("a failure inside the transaction leaves nothing behind, so the delivery can be retried", async () => {
      const broken = decision("d-broken", {
        audit: auditEntry({ reasons: null as unknown as string[], actor: null as unknown as string }),
      });
      // Matched by message, not by class: jest gives each test file its own realm, and
      // better-sqlite3's native addon keeps the error class of the first file that loaded it.
      await expect(store.commitDecision(broken)).rejects.toMatchObject({ message: expect.stringMatching(/not.null/i) });
      expect(await store.hasDelivery("d-broken")).toBe(false);
      expect(await store.listEffects()).toEqual([]);
      expect(await store.commitDecision(decision("d-broken"))).not.toBeNull();
    });

    test("an edited held comment is held again; resolutions record who and when", async () => {
      await store.commitDecision(
        decision("d-1", {
          effects: [],
          holds: [hold(11), hold(12, { at: "2025-03-01T10:05:00.000Z", threadNodeId: "D_1", surface: "discussion_comment" })],
        }),
      );
      await store.commitDecision(
        decision("d-2", {
          effects: [],
          resolutions: [
            { owner: "acme", repo: "widgets", commentId: 11, status: "approved", resolver: "alice", at: "2025-03-01T11:00:00.000Z" },
          ],
        }),
      );
      expect(await store.heldComments({ owner: "acme", repo: "widgets", commentIds: [11] })).toEqual([
        hold(11, { status: "approved", resolver: "alice", resolvedAt: "2025-03-01T11:00:00.000Z" }),
      ]);

      await store.commitDecision(
        decision("d-3", { effects: [], holds: [hold(11, { body: "edited", at: "2025-03-01T12:00:00.000Z", external: false })] }),
      );
      const rows = await store.heldComments({ owner: "acme", repo: "widgets" });
      expect(rows).toEqual([
        hold(12, { at: "2025-03-01T10:05:00.000Z", threadNodeId: "D_1", surface: "discussion_comment" }),
        hold(11, { body: "edited", at: "2025-03-01T12:00:00.000Z", external: false }),
      ]);
      expect(await store.heldComments({ owner: "acme", repo: "widgets", status: "pending", number: 7 })).toHaveLength(2);
      expect(await store.heldComments({ owner: "acme", repo: "widgets", number: 8 })).toEqual([]);
      expect(await store.heldComments({ owner: "acme", repo: "widgets", commentIds: [] })).toEqual([]);
      expect(await store.heldComments({ owner: "acme", repo: "other" })).toEqual([]);
    });
  });

  test("listAudit filters are ANDed; a limit keeps the newest rows, oldest first", async () => {
    const rows: AuditEntry[] = [
      auditEntry({ at: "2025-03-01T09:00:00.000Z", repo: "acme/widgets", actor: "bot-a", action: "pull_request.opened" }),
      auditEntry({
        at: "2025-03-01T10:00:00.000Z",
        repo: "acme/widgets",
        actor: "bot-b",
        action: "issue_comment.created",
        deliveryId: "d-x",
      }),
      auditEntry({ at: "2025-03-01T11:00:00.000Z", repo: "acme/gadgets", actor: "bot-a", action: "issue_comment.created" }),
      auditEntry({ at: "2025-03-01T12:00:00.000Z", repo: "acme/widgets", actor: "bot-a", action: "issue_comment.created", org: "other" }),
    ];
    const ids: number[] = [];
    for (const row of rows) ids.push(await store.appendAudit(row));
    expect(new Set(ids).size).toBe(4);
    const actors = async (filter: Parameters<KyselyStore["listAudit"]>[0]) =>
      (await store.listAudit(filter)).map((r) => `${r.actor}@${r.at.slice(11, 13)}`);

    expect(await actors({})).toEqual(["bot-a@09", "bot-b@10", "bot-a@11", "bot-a@12"]);
    expect(await actors({ repo: "acme/widgets" })).toEqual(["bot-a@09", "bot-b@10", "bot-a@12"]);
    expect(await actors({ repo: "acme/widgets", actor: "bot-a" })).toEqual(["bot-a@09", "bot-a@12"]);
    expect(await actors({ action: "issue_comment.created", actor: "bot-a" })).toEqual(["bot-a@11", "bot-a@12"]);
    expect(await actors({ org: "other" })).toEqual(["bot-a@12"]);
    expect(await actors({ deliveryId: "d-x" })).toEqual(["bot-b@10"]);
    expect(await actors({ since: "2025-03-01T10:00:00.000Z" })).toEqual(["bot-b@10", "bot-a@11", "bot-a@12"]);
    expect(await actors({ since: "2025-03-01T10:00:00.000Z", until: "2025-03-01T12:00:00.000Z" })).toEqual(["bot-b@10", "bot-a@11"]);
    expect(await actors({ limit: 2 })).toEqual(["bot-a@11", "bot-a@12"]);
    expect(await actors({ repo: "acme/widgets", limit: 2 })).toEqual(["bot-b@10", "bot-a@12"]);
    expect(await actors({ actor: "nobody" })).toEqual([]);
  });

  describe("outbox", () => {
    async function threeEffects() {
      const committed = await store.commitDecision(
        decision("d-1", {
          effects: [
            newEffect({ kind: "add_label", number: 1, label: "a" }),
            newEffect({ kind: "add_label", number: 2, label: "b" }),
            newEffect({ kind: "add_label", number: 3, label: "c" }, { status: "planned" }),
          ],
        }),
      );
      return committed!.effects.map((e) => e.id);
    }

    test("dueEffects returns pending effects whose time has come, oldest first, up to the limit", async () => {
      const [first, second, planned] = await threeEffects();
      const now = new Date("2025-03-01T10:00:00.000Z");
      expect((await store.dueEffects(now, 10)).map((e) => e.id)).toEqual([first, second]);
      expect((await store.dueEffects(now, 1)).map((e) => e.id)).toEqual([first]);

      await store.updateEffect(first!, { status: "pending", attempts: 1, nextAttemptAt: "2025-03-01T10:01:00.000Z", lastError: "502" });
      expect((await store.dueEffects(now, 10)).map((e) => e.id)).toEqual([second]);
      expect((await store.dueEffects(new Date("2025-03-01T10:01:00.000Z"), 10)).map((e) => e.id)).toEqual([first, second]);

      await store.updateEffect(second!, { status: "applied", attempts: 1, appliedAt: T0 });
      await store.updateEffect(first!, { status: "failed", attempts: 8, lastError: "gone" });
      expect(await store.dueEffects(new Date("2030-01-01T00:00:00.000Z"), 10)).toEqual([]);
      expect((await store.listEffects({ status: "planned" })).map((e) => e.id)).toEqual([planned]);
    });

    test("a leased effect is not due until its lease expires", async () => {
      const [first, second] = await threeEffects();
      const now = new Date(T0);
      expect(await store.claimEffect(first!, now, new Date("2025-03-01T10:01:00.000Z"))).toBe(true);
      expect((await store.dueEffects(now, 10)).map((e) => e.id)).toEqual([second]);
      expect((await store.dueEffects(new Date("2025-03-01T10:01:00.000Z"), 10)).map((e) => e.id)).toEqual([first, second]);
    });

    test("claimEffect is a compare-and-set: one of two concurrent claims wins; an expired lease can be claimed again", async () => {
      const [first] = await threeEffects();
      const now = new Date(T0);
      const leaseUntil = new Date("2025-03-01T10:01:00.000Z");
      const claims = await Promise.all([store.claimEffect(first!, now, leaseUntil), store.claimEffect(first!, now, leaseUntil)]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await store.claimEffect(first!, new Date("2025-03-01T10:00:59.999Z"), new Date("2025-03-01T10:02:00.000Z"))).toBe(false);
      expect(await store.claimEffect(first!, leaseUntil, new Date("2025-03-01T10:02:00.000Z"))).toBe(true);
    });

    test("renewEffectLease is a compare-and-set on the held lease: the holder extends it, a replica that claimed since wins", async () => {
      const [first] = await threeEffects();
      const held = new Date("2025-03-01T10:01:00.000Z");
      expect(await store.claimEffect(first!, new Date(T0), held)).toBe(true);
      const renewed = new Date("2025-03-01T10:01:50.000Z");
      expect(await store.renewEffectLease(first!, held, renewed)).toBe(true);
      // Renewed: not claimable at the old expiry, nor due.
      expect(await store.claimEffect(first!, held, new Date("2025-03-01T10:02:00.000Z"))).toBe(false);
      expect((await store.dueEffects(held, 10)).map((e) => e.id)).not.toContain(first);
      // A renewal naming a lease it no longer holds fails.
      expect(await store.renewEffectLease(first!, held, new Date("2025-03-01T10:03:00.000Z"))).toBe(false);
      // Expired, and claimed by another replica: the old holder cannot renew.
      expect(await store.claimEffect(first!, renewed, new Date("2025-03-01T10:02:50.000Z"))).toBe(true);
      expect(await store.renewEffectLease(first!, renewed, new Date("2025-03-01T10:04:00.000Z"))).toBe(false);
      // Not pending any more: nothing to renew.
      await store.updateEffect(first!, { status: "applied", attempts: 1, appliedAt: T0 });
      expect(await store.renewEffectLease(first!, new Date("2025-03-01T10:02:50.000Z"), new Date("2025-03-01T10:05:00.000Z"))).toBe(false);
    });

    test("claimEffect refuses effects that are not pending, and unknown ids", async () => {
      const [first, , planned] = await threeEffects();
      const now = new Date(T0);
      const later = new Date("2025-03-01T10:01:00.000Z");
      expect(await store.claimEffect(planned!, now, later)).toBe(false);
      await store.updateEffect(first!, { status: "applied", attempts: 1, appliedAt: T0 });
      expect(await store.claimEffect(first!, now, later)).toBe(false);
      expect(await store.claimEffect(999_999, now, later)).toBe(false);
    });

    test("updateEffect records the outcome, clears the lease and leaves omitted fields alone", async () => {
      const [first] = await threeEffects();
      const now = new Date(T0);
      expect(await store.claimEffect(first!, now, new Date("2025-03-01T11:00:00.000Z"))).toBe(true);
      await store.updateEffect(first!, {
        status: "pending",
        attempts: 1,
        nextAttemptAt: "2025-03-01T10:00:30.000Z",
        lastError: "502 bad gateway",
      });
      // The lease is gone: a retry may claim it right away.
      expect(await store.claimEffect(first!, now, new Date("2025-03-01T11:00:00.000Z"))).toBe(true);
      await store.updateEffect(first!, { status: "applied", attempts: 2, appliedAt: "2025-03-01T10:00:31.000Z" });
      const [row] = await store.listEffects({ status: "applied" });
      expect(row).toMatchObject({
        id: first,
        status: "applied",
        attempts: 2,
        nextAttemptAt: "2025-03-01T10:00:30.000Z",
        lastError: "502 bad gateway",
        appliedAt: "2025-03-01T10:00:31.000Z",
      });
      await store.updateEffect(first!, { status: "applied", attempts: 2, nextAttemptAt: null, lastError: null });
      expect((await store.listEffects({ status: "applied" }))[0]).toMatchObject({
        nextAttemptAt: null,
        lastError: null,
        appliedAt: "2025-03-01T10:00:31.000Z",
      });
    });
  });

  test("approvalsFor returns one PR's approvals in time order", async () => {
    const approval = { owner: "acme", repo: "widgets", number: 7, approver: "alice" };
    await store.commitDecision(
      decision("d-1", { effects: [], approval: { ...approval, headSha: "sha2", at: "2025-03-01T11:00:00.000Z" } }),
    );
    await store.commitDecision(
      decision("d-2", { effects: [], approval: { ...approval, headSha: "sha1", at: "2025-03-01T10:00:00.000Z", approver: "bob" } }),
    );
    await store.commitDecision(decision("d-3", { effects: [], approval: { ...approval, number: 8, headSha: "sha3", at: T0 } }));
    await store.commitDecision(decision("d-4", { effects: [], approval: { ...approval, repo: "gadgets", headSha: "sha4", at: T0 } }));
    expect((await store.approvalsFor("acme", "widgets", 7)).map((a) => `${a.approver}:${a.headSha}`)).toEqual(["bob:sha1", "alice:sha2"]);
    expect(await store.approvalsFor("acme", "widgets", 9)).toEqual([]);
  });

  test("file cache: get, put (upsert), null text for a known-absent file, delete", async () => {
    expect(await store.getCachedFile("acme/widgets:.github/agent-guardrails.yml")).toBeNull();
    await store.putCachedFile("acme/widgets:.github/agent-guardrails.yml", "mode: observe\n", T0);
    expect(await store.getCachedFile("acme/widgets:.github/agent-guardrails.yml")).toEqual({ text: "mode: observe\n", fetchedAt: T0 });
    await store.putCachedFile("acme/widgets:.github/agent-guardrails.yml", null, "2025-03-01T11:00:00.000Z");
    expect(await store.getCachedFile("acme/widgets:.github/agent-guardrails.yml")).toEqual({
      text: null,
      fetchedAt: "2025-03-01T11:00:00.000Z",
    });
    await store.putCachedFile("acme/other:.github/agent-guardrails.yml", "", T0);
    expect(await store.getCachedFile("acme/other:.github/agent-guardrails.yml")).toEqual({ text: "", fetchedAt: T0 });
    await store.deleteCachedFile("acme/widgets:.github/agent-guardrails.yml");
    expect(await store.getCachedFile("acme/widgets:.github/agent-guardrails.yml")).toBeNull();
    expect(await store.getCachedFile("acme/other:.github/agent-guardrails.yml")).not.toBeNull();
    await store.deleteCachedFile("never/was:there");
  });

  describe("activity windows", () => {
    const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();
    const act = (actor: string, kind: string, minutes: number, repo = "acme/widgets", org = "acme") => ({
      org,
      actor,
      repo,
      kind,
      at: at(minutes),
    });

    test("counts the hour before now, the burst, comments, PRs and distinct repos; rows at or after now are not counted", async () => {
      await store.commitDecision(decision("d-1", { effects: [], activity: act("bot", "pull_request.opened", -30) }));
      for (const row of [
        act("bot", "push", -61), // older than the hour
        act("bot", "issue_comment.created", -60), // exactly an hour ago: in
        act("bot", "pull_request_review_comment.created", -20, "acme/gadgets"),
        act("bot", "discussion_comment.created", -2),
        act("bot", "pull_request_review.submitted", -1, "acme/gizmos"),
        act("bot", "issue_comment.edited", -0.5),
        act("bot", "push", 0), // at now: not counted
        act("bot", "push", 5),
        act("other", "push", -1),
        act("bot", "push", -1, "elsewhere/repo", "elsewhere"),
      ]) {
        await store.recordActivity(row);
      }
      expect(await store.activityCounts("acme", "bot", new Date(T0), 90)).toEqual({
        actionsLastHour: 6,
        commentsLastHour: 4,
        pullRequestsLastHour: 1,
        actionsInBurst: 2, // the last 90 s: the review and the edit
        reposLastHour: ["acme/gadgets", "acme/gizmos", "acme/widgets"],
      });
      // The same hour in one repository (for limits.per_repo): widgets has the PR, the comment and the edit.
      expect((await store.activityCounts("acme", "bot", new Date(T0), 90, "acme/widgets")).inRepo).toEqual({
        actionsLastHour: 4,
        commentsLastHour: 2,
        pullRequestsLastHour: 1,
      });
      expect(await store.activityCounts("acme", "nobody", new Date(T0), 60)).toEqual({
        actionsLastHour: 0,
        commentsLastHour: 0,
        pullRequestsLastHour: 0,
        actionsInBurst: 0,
        reposLastHour: [],
      });
      expect(await store.activeActors("acme", at(-1))).toEqual(["bot", "other"]);
      expect(await store.activeActors("acme", at(-90))).toEqual(["bot", "other"]);
      expect(await store.activeActors("elsewhere", at(-90))).toEqual(["bot"]);
      expect(await store.activeActors("acme", at(6))).toEqual([]);
    });

    test("a redelivery counts nothing twice", async () => {
      await store.commitDecision(decision("d-1", { effects: [], activity: act("bot", "push", -1) }));
      expect(await store.commitDecision(decision("d-1", { effects: [], activity: act("bot", "push", -1) }))).toBeNull();
      expect((await store.activityCounts("acme", "bot", new Date(T0), 60)).actionsLastHour).toBe(1);
    });
  });

  describe("breakers", () => {
    const trip = (agent: string, at: string, reason = "rate") => ({
      org: "acme",
      agent,
      reason,
      evidence: `${reason} evidence`,
      repo: "acme/widgets",
      at,
    });

    test("tripBreaker opens once; concurrent trips: exactly one trips", async () => {
      const results = await Promise.all([store.tripBreaker(trip("bot", T0)), store.tripBreaker(trip("bot", T0, "burst"))]);
      expect(results.filter((r) => r.tripped)).toHaveLength(1);
      const winner = results.find((r) => r.tripped)!;
      expect(winner.breaker).toEqual({
        org: "acme",
        agent: "bot",
        state: "open",
        tripId: 1,
        reason: winner.breaker.reason,
        evidence: `${winner.breaker.reason} evidence`,
        repo: "acme/widgets",
        trippedAt: T0,
        resumedAt: null,
        resumedBy: null,
        containedAt: null,
        installationId: null,
        plannedTripId: null,
      });
      // The loser sees the breaker as the winner left it.
      expect(results.find((r) => !r.tripped)!.breaker).toEqual(winner.breaker);
      expect(await store.tripBreaker(trip("bot", "2025-03-01T10:05:00.000Z", "scope"))).toEqual({
        tripped: false,
        breaker: winner.breaker,
      });
    });

    test("resume closes an open breaker once; the next trip gets the next trip id and a fresh record", async () => {
      expect(await store.resumeBreaker({ org: "acme", agent: "bot", by: "alice", at: T0 })).toBeNull();
      await store.tripBreaker(trip("bot", T0));
      expect(await store.markContained("acme", "bot", 1, "2025-03-01T10:00:42.000Z")).toBe(true);
      expect(await store.markContained("acme", "bot", 1, "2025-03-01T10:00:50.000Z")).toBe(false);

      const resumed = await store.resumeBreaker({ org: "acme", agent: "bot", by: "alice", at: "2025-03-01T11:00:00.000Z" });
      expect(resumed).toMatchObject({
        state: "closed",
        tripId: 1,
        resumedAt: "2025-03-01T11:00:00.000Z",
        resumedBy: "alice",
        containedAt: "2025-03-01T10:00:42.000Z",
      });
      expect(await store.resumeBreaker({ org: "acme", agent: "bot", by: "bob", at: "2025-03-01T11:00:01.000Z" })).toBeNull();

      const again = await store.tripBreaker(trip("bot", "2025-03-01T12:00:00.000Z", "burst"));
      expect(again.tripped).toBe(true);
      expect(again.breaker).toMatchObject({
        state: "open",
        tripId: 2,
        reason: "burst",
        trippedAt: "2025-03-01T12:00:00.000Z",
        resumedAt: null,
        resumedBy: null,
        containedAt: null,
      });
      // time-to-zero is per trip: the old trip id no longer matches.
      expect(await store.markContained("acme", "bot", 1, "2025-03-01T12:01:00.000Z")).toBe(false);
      expect(await store.markContained("acme", "bot", 2, "2025-03-01T12:01:00.000Z")).toBe(true);
    });

    test("breakers lists one org's or every org's, in a stable order", async () => {
      await store.tripBreaker(trip("zeta-bot", T0));
      await store.tripBreaker(trip("*", T0, "manual"));
      await store.tripBreaker({ ...trip("bot", T0), org: "other" });
      expect((await store.breakers("acme")).map((b) => b.agent)).toEqual(["*", "zeta-bot"]);
      expect((await store.breakers()).map((b) => `${b.org}:${b.agent}`)).toEqual(["acme:*", "acme:zeta-bot", "other:bot"]);
      expect(await store.breakers("nobody")).toEqual([]);
    });

    test("containment rows carry their tag and their paced start", async () => {
      const tag = "trip:acme:bot:1";
      const committed = await store.commitDecision(
        decision("d-trip", {
          effects: [
            newEffect({ kind: "add_label", number: 1, label: "agent:halted" }, { tag }),
            newEffect({ kind: "close_issue", number: 2 }, { tag, nextAttemptAt: "2025-03-01T10:00:05.000Z" }),
            newEffect({ kind: "add_label", number: 3, label: "x" }),
          ],
        }),
      );
      expect(committed!.effects.map((e) => [e.tag, e.nextAttemptAt])).toEqual([
        [tag, null],
        [tag, "2025-03-01T10:00:05.000Z"],
        [null, null],
      ]);
      expect((await store.listEffects({ tag })).map((e) => e.effect.kind)).toEqual(["add_label", "close_issue"]);
      expect(await store.listEffects({ tag, status: "applied" })).toEqual([]);
      expect((await store.dueEffects(new Date(T0), 10)).map((e) => e.effect.kind)).toEqual(["add_label", "add_label"]);
      expect(await store.dueEffects(new Date("2025-03-01T10:00:05.000Z"), 10)).toHaveLength(3);
    });
  });

  describe("migrations", () => {
    test("an older database is brought up to date, keeping its rows", async () => {
      await store.appendAudit(auditEntry());
      // Back to the schema of migration 0001.
      await sql`drop table activity`.execute(store.db);
      await sql`drop table breakers`.execute(store.db);
      await sql`drop index effects_tag_idx`.execute(store.db);
      await sql`alter table effects drop column tag`.execute(store.db);
      // 0006 added columns to the dropped breakers table: it runs again too.
      await sql`delete from guardrails_migration where name in ('0002_breaker', '0006_breaker_plan')`.execute(store.db);
      await store.close();

      store = await openStore(database.url);
      expect(await store.listAudit()).toHaveLength(1);
      expect(
        (await store.tripBreaker({ org: "acme", agent: "bot", reason: "rate", evidence: "e", repo: "acme/widgets", at: T0 })).tripped,
      ).toBe(true);
    });

    test("a database migrated by a newer release is refused", async () => {
      await sql`insert into guardrails_migration (name, applied_at) values ('9999_future', ${T0})`.execute(store.db);
      await expect(openStore(database.url)).rejects.toThrow(/newer agent-guardrails \(unknown migration 9999_future\)/);
    });
  });
});

// Several replicas are a PostgreSQL deployment (SQLite has one writer process; better-sqlite3
// waits for locks synchronously, so racing stores in one process would block each other).
describe("Kysely store on postgres, several replicas", () => {
  test("replicas starting at once migrate once", async () => {
    const fresh = await postgresDatabase();
    try {
      const stores = await Promise.all([openStore(fresh.url), openStore(fresh.url), openStore(fresh.url)]);
      const { rows } = await sql<{ name: string }>`select name from guardrails_migration order by name`.execute(stores[0]!.db);
      expect(rows.map((r) => r.name)).toEqual(migrationNames());
      for (const s of stores) await s.close();
    } finally {
      await fresh.drop();
    }
  });
});
