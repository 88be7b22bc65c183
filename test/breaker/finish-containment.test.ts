import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import { pino } from "pino";
import { finishContainments } from "../../src/breaker/finish-containment.js";
import { incidentBody } from "../../src/breaker/incident-body.js";
import { tripTag } from "../../src/breaker/trip-and-contain.js";
import { NEEDS_HUMAN_PREFIX } from "../../src/effects/execute-effects.js";
import type { Effect } from "../../src/policy/effect.js";
import { openStore } from "../../src/store/open-store.js";
import type { EffectStatus, Store } from "../../src/store/store.js";

const AT = "2026-11-20T09:00:00.000Z";
const log = pino({ level: "silent" });
let store: Store;

beforeEach(async () => {
  store = await openStore(":memory:");
});
afterEach(async () => store.close());

const revert = (sha: string): Effect => ({ kind: "revert_push", ref: "refs/heads/main", sha, before: "b".repeat(40), paths: [] });

describe("the incident says what each containment step came to", () => {
  test.each([
    { row: "reverted in place", status: "applied", lastError: null, state: "**applied**" },
    {
      row: "a revert PR on a protected branch",
      status: "applied",
      lastError: `${NEEDS_HUMAN_PREFIX}revert PR #77 opened, a human must merge it`,
      state: "**revert PR #77 opened, a human must merge it**",
    },
    { row: "escalated", status: "failed", lastError: "escalated: refs/heads/main moved on", state: "**needs a human**" },
    { row: "refused", status: "failed", lastError: "Resource not accessible by integration", state: "**failed**" },
  ] as const)("$row → $state", async ({ status, lastError, state }) => {
    const { breaker } = await store.tripBreaker({
      org: "acme",
      agent: "amok-agent[bot]",
      reason: "push_default_branch",
      evidence: "pushed",
      repo: "acme/widgets",
      at: AT,
    });
    const tag = tripTag("acme", "amok-agent[bot]", breaker.tripId);
    const step = { owner: "acme", repo: "widgets", effect: revert("a".repeat(40)) };
    const body = incidentBody({
      owner: "maint",
      trip: { agent: "amok-agent[bot]", reason: "push_default_branch", evidence: "pushed" },
      tripId: breaker.tripId,
      at: AT,
      steps: [step],
    });
    const incident: Effect = { kind: "ensure_incident_issue", title: "Agent guardrails tripped: amok-agent[bot]", body, labels: [] };
    const committed = await store.commitDecision({
      deliveryId: "d1",
      event: "push",
      at: AT,
      audit: {
        at: AT,
        deliveryId: "d1",
        org: "acme",
        repo: "acme/widgets",
        actor: "x",
        actorKind: "agent",
        action: "push",
        targetNumber: null,
        targetNodeId: null,
        targetUrl: null,
        targetSha: null,
        verdict: "contained",
        reasons: [],
        effects: [],
        detail: {},
      },
      effects: [incident, step.effect].map((effect) => ({
        deliveryId: "d1",
        installationId: 1,
        owner: "acme",
        repo: "widgets",
        effect,
        status: "pending" as const,
        tag,
      })),
    });
    const [incidentRow, stepRow] = committed!.effects;
    await store.updateEffect(incidentRow!.id, { status: "applied", attempts: 1 });
    await store.updateEffect(stepRow!.id, { status: status as EffectStatus, attempts: 1, lastError });

    expect(await finishContainments(store, new Date(Date.parse(AT) + 30_000), log)).toBe(1);
    const updated = (await store.listEffects({ status: "pending" })).find((e) => e.effect.kind === "ensure_incident_issue");
    const text = updated?.effect.kind === "ensure_incident_issue" ? updated.effect.body : "";
    expect(text).toContain(`1. \`revert_push\` acme/widgets@aaaaaaa — ${state}`);
  });
});
