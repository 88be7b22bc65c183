import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import { pino } from "pino";
import { executeEffects, LEASE_MS } from "../../src/effects/execute-effects.js";
import type { CreateOptions, GitHubAdapter } from "../../src/github/github-adapter.js";
import { REQUEST_TIMEOUT_MS } from "../../src/github/installation-octokit.js";
import type { Effect } from "../../src/policy/effect.js";
import type { KyselyStore } from "../../src/store/kysely-store.js";
import { openStore } from "../../src/store/open-store.js";
import { BACKENDS, type TestDatabase } from "../store/store-backends.js";

/**
 * The claim lease of an effect made of several requests: the executor renews it between steps,
 * so a second executor (another replica's sweep) never applies an effect whose first attempt is
 * still alive, and an attempt whose lease was taken stops before its next write.
 */
const T0 = Date.parse("2026-11-20T09:00:00.000Z");
const PUSH: Extract<Effect, { kind: "revert_push" }> = {
  kind: "revert_push",
  ref: "refs/heads/main",
  sha: "a".repeat(40),
  before: "b".repeat(40),
  paths: ["src/a.ts"],
};

test("one request's timeout is well under the lease, so a single withheld answer never outlives a claim", () => {
  expect(REQUEST_TIMEOUT_MS * 2).toBeLessThan(LEASE_MS);
});

describe.each(BACKENDS)("the lease on %s", (_name, createDatabase) => {
  let database: TestDatabase;
  let store: KyselyStore;
  let now: number;
  const deps = () => ({ store, clock: () => new Date(now), log: pino({ level: "silent" }), appLogin: "agent-guardrails[bot]" });

  beforeEach(async () => {
    database = await createDatabase();
    store = await openStore(database.url);
    now = T0;
    await store.commitDecision({
      deliveryId: "d-1",
      event: "push",
      at: new Date(T0).toISOString(),
      audit: {
        at: new Date(T0).toISOString(),
        deliveryId: "d-1",
        org: "acme",
        repo: "acme/widgets",
        actor: "copilot-swe-agent[bot]",
        actorKind: "agent",
        action: "push",
        targetNumber: null,
        targetNodeId: null,
        targetUrl: null,
        targetSha: PUSH.sha,
        verdict: "contained",
        reasons: [],
        effects: [PUSH],
        detail: {},
      },
      effects: [{ deliveryId: "d-1", installationId: 1, owner: "acme", repo: "widgets", effect: PUSH, status: "pending" }],
    });
  });

  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  /** An adapter whose revertPush runs `steps` (given the executor's checkpoint) and counts its calls. */
  function adapter(steps: (checkpoint: () => Promise<void>) => Promise<void>): { github: GitHubAdapter; calls: () => number } {
    let calls = 0;
    const github = {
      async revertPush(_repo: unknown, _push: unknown, options: CreateOptions = {}) {
        calls++;
        await steps(options.checkpoint ?? (async () => {}));
        return { outcome: "reverted", commitSha: "c".repeat(40) };
      },
    } as unknown as GitHubAdapter;
    return { github, calls: () => calls };
  }

  test("renewed between steps, the claim outlives the first lease: a second executor does not apply the effect", async () => {
    const second = adapter(async () => {});
    const first = adapter(async (checkpoint) => {
      await checkpoint();
      now += 50_000; // a slow step: still inside the first lease
      await checkpoint(); // renewed to T0 + 110 s
      now += 40_000; // T0 + 90 s: the first lease alone would have run out
      await executeEffects(deps(), second.github, await store.listEffects());
    });

    await executeEffects(deps(), first.github, await store.listEffects());

    expect(second.calls()).toBe(0);
    expect(first.calls()).toBe(1);
    expect((await store.listEffects()).map((e) => [e.status, e.attempts])).toEqual([["applied", 1]]);
    expect((await store.listAudit({ action: "effect.revert_push" })).map((row) => row.verdict)).toEqual(["applied"]);
  });

  test("not renewed, the lease runs out: the second executor applies it, and the first stops at its next step without recording anything", async () => {
    let wroteAfterLosing = false;
    const second = adapter(async () => {});
    const first = adapter(async (checkpoint) => {
      now += 90_000; // one step longer than the lease, with no renewal inside it
      await executeEffects(deps(), second.github, await store.listEffects());
      await checkpoint(); // throws: the claim is the second executor's now
      wroteAfterLosing = true;
    });

    await executeEffects(deps(), first.github, await store.listEffects());

    expect(second.calls()).toBe(1);
    expect(wroteAfterLosing).toBe(false);
    expect((await store.listEffects()).map((e) => [e.status, e.attempts])).toEqual([["applied", 1]]);
    expect((await store.listAudit({ action: "effect.revert_push" })).map((row) => row.verdict)).toEqual(["applied"]);
  });
});
