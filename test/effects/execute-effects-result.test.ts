import { beforeEach, describe, expect, test } from "@jest/globals";
import { pino } from "pino";
import { executeEffects } from "../../src/effects/execute-effects.js";
import type { Effect } from "../../src/policy/effect.js";
import type { KyselyStore } from "../../src/store/kysely-store.js";
import type { Store } from "../../src/store/store.js";
import { FakeGitHub } from "../fakes/fake-github.js";
import { commitEffects } from "./commit-effects.js";
import { BACKENDS, freshStore } from "../store/store-backends.js";

/**
 * An applied effect's result is kept on its outbox row: the undo of a containment step reads
 * what the step answered (the numbers the agent was unassigned from, the role it had) there.
 */

const T0 = new Date("2026-11-20T10:00:00.000Z");
const commitEffectsAt = (store: Store, effects: readonly Effect[]) => commitEffects(store, effects, T0);
const AGENT = "copilot-swe-agent[bot]";

describe.each(BACKENDS)("an applied effect's result on its row, on %s", (_name, createDatabase) => {
  const fresh = freshStore(createDatabase);
  let store: KyselyStore;
  beforeEach(() => {
    store = fresh.store();
  });

  test("unassign_agent keeps the numbers, cut_off_agent the role; a pending row has none", async () => {
    const github = new FakeGitHub();
    github.assignees.set(7, [AGENT, "dev"]);
    github.assignees.set(42, [AGENT]);
    github.assignees.set(8, ["dev"]);
    github.permissions.set("agent-user", "maintain");
    const rows = await commitEffectsAt(store, [
      { kind: "unassign_agent", login: AGENT },
      { kind: "cut_off_agent", login: "agent-user", how: "remove_collaborator" },
    ]);
    expect((await store.listEffects()).map((r) => r.result ?? null)).toEqual([null, null]);
    await executeEffects({ store, clock: () => T0, log: pino({ level: "silent" }), appLogin: "agent-guardrails[bot]" }, github, rows);
    const applied = await store.listEffects();
    expect(applied.map((r) => [r.effect.kind, r.status, r.result])).toEqual([
      ["unassign_agent", "applied", { unassigned: [7, 42] }],
      ["cut_off_agent", "applied", { permission: "maintain" }],
    ]);
  });
});
