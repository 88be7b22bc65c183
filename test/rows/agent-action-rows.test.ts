import { afterEach, describe, expect, test } from "@jest/globals";
import { ACTION_KINDS } from "../../src/policy/agent-action.js";
import { describeInvalid, describeRequests, startStandInApp, writesOf, type StandInApp } from "../app/stand-in-harness.js";
import { ROW_CONFIG, type RowCase } from "./row-case.js";
import { pullRequestRows } from "./pull-request-rows.js";
import { surfaceRows } from "./surface-rows.js";

// Every row of the permission table (docs/agent-actions.md) through the real app and the GitHub
// stand-in: the webhook as GitHub sends it, the audit row, and what the app writes to GitHub.

const rows: readonly RowCase[] = [...pullRequestRows, ...surfaceRows];

let app: StandInApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

let deliveries = 0;

describe("every agent action has a row, shown through the real app", () => {
  test("every action kind has at least one case", () => {
    const covered = new Set(rows.map((r) => r.kind));
    expect(ACTION_KINDS.filter((k) => !covered.has(k))).toEqual([]);
  });

  test.each(rows.map((r) => [`${r.kind}: ${r.name}`, r] as const))("%s", async (_name, row) => {
    app = await startStandInApp({ config: row.config ?? ROW_CONFIG, ...(row.world ? { world: row.world } : {}) });
    for (const before of row.before ?? []) {
      await app.receive(before.name, before.payload, `row-before-${++deliveries}`);
      app.now.value = new Date(app.now.value.getTime() + 1000);
    }
    const from = app.standIn.requests.length;
    const id = `row-${++deliveries}`;
    await app.receive(row.event.name, row.event.payload, id);
    const audit = await app.store.listAudit({ deliveryId: id });
    const own = audit.find((r) => r.action === row.audit.action);
    expect(own).toMatchObject({ verdict: row.audit.verdict, ...(row.audit.actor ? { actor: row.audit.actor } : {}) });
    if (row.audit.trip !== undefined) expect(own!.detail.trip).toMatchObject({ reason: row.audit.trip });
    else expect(own!.detail.trip).toBeUndefined();
    const writes = describeRequests(writesOf(app.requestsSince(from)));
    if (row.writes) expect(writes).toEqual(row.writes);
    for (const write of row.writesInclude ?? []) expect(writes).toContain(write);
    expect(describeInvalid(app.standIn.invalid)).toEqual([]);
    await row.check?.(app.standIn);
  });
});
