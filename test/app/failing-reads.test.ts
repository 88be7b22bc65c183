/**
 * Reads failing before a decision (config, role) leave the delivery in the inbox to retry; after
 * the last attempt it is decided on what is known, with the strict defaults, and audited as such:
 * never dropped.
 */
import { parseConfigFile } from "../../src/config/parse-config-file.js";
import { afterEach, describe, expect, test } from "@jest/globals";
import { accounts, issueCommentEvent } from "../fixtures/webhook-examples.js";
import { describeRequests, startStandInApp, writesOf, type StandInApp } from "./stand-in-harness.js";

const CONFIG = 'mode: enforce\nowner: maint\nagents: ["copilot-swe-agent[bot]"]\napprovers: write\npolicy: { comment: hide }\n';

test("the config under test is valid (else the strict defaults would be what is tested)", () => {
  expect(parseConfigFile("test", CONFIG).issues).toEqual([]);
});

let app: StandInApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** Moves virtual time past any backoff and sweeps, `times` times (the inbox's retries). */
async function retry(a: StandInApp, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    a.now.value = new Date(a.now.value.getTime() + 15 * 60_000);
    await a.guardrails.sweep();
  }
}

describe("a read GitHub keeps failing", () => {
  test("config read failing (502): the agent's comment waits in the inbox, then is hidden on the strict defaults and audited as degraded", async () => {
    app = await startStandInApp({ config: CONFIG, world: { faults: [{ match: "^GET /repos/acme/widgets/contents/", status: 502 }] } });
    const comment = issueCommentEvent(accounts.agent, { number: 7, commentId: 501, body: "I pushed a fix" });
    await expect(app.receive("issue_comment", comment, "flaky-config")).rejects.toThrow();
    expect(writesOf(app.standIn.requests)).toEqual([]);
    expect(await app.store.listAudit({ deliveryId: "flaky-config" })).toEqual([]);
    expect(await app.store.inboxDepth()).toMatchObject({ pending: 1 });

    await retry(app, 3);
    // Still failing, still pending: retried, not dropped and not yet decided.
    expect(await app.store.inboxDepth()).toMatchObject({ pending: 1 });
    expect(writesOf(app.standIn.requests)).toEqual([]);

    await retry(app, 1);
    expect(await app.store.inboxDepth()).toMatchObject({ pending: 0, failed: 0 });
    const [row] = (await app.store.listAudit({ deliveryId: "flaky-config" })).filter((r) => !r.action.startsWith("effect."));
    expect(row).toMatchObject({ actor: "copilot-swe-agent[bot]", action: "issue_comment.created" });
    expect(row!.effects.map((e) => e.kind)).toContain("minimize_comment");
    expect(row!.reasons[0]).toMatch(/^decided on what is known after GitHub failed the reads \(config: /);
    expect((row!.detail.degraded as { failedReads: string[] }).failedReads).toEqual([expect.stringMatching(/^config: /)]);
    expect(describeRequests(writesOf(app.standIn.requests))).toEqual(["POST /graphql minimizeComment"]);
  });

  test("a maintainer's role cannot be read: their approve waits, then is refused as from someone without a role, and audited", async () => {
    app = await startStandInApp({
      config: CONFIG,
      world: { faults: [{ match: "^GET /repos/acme/widgets/collaborators/maint/permission$", status: 500 }] },
    });
    await app.receive("issue_comment", issueCommentEvent(accounts.agent, { number: 7, commentId: 601, body: "done" }));
    const approve = issueCommentEvent(accounts.maint, { number: 7, commentId: 602, body: "/guardrails approve" });
    await expect(app.receive("issue_comment", approve, "flaky-role")).rejects.toThrow();
    await retry(app, 4);
    const [row] = (await app.store.listAudit({ deliveryId: "flaky-role" })).filter((r) => !r.action.startsWith("effect."));
    expect(row?.action).toBe("command.approve");
    expect(row?.verdict).not.toBe("allow");
    expect((row!.detail.degraded as { failedReads: string[] }).failedReads).toEqual([expect.stringMatching(/^role of maint: /)]);
    // The hidden comment stays hidden: nothing was unminimized on a role nobody could read.
    expect(describeRequests(writesOf(app.standIn.requests))).toEqual(["POST /graphql minimizeComment"]);
  });

  test("a redelivery of a delivery waiting for its retry is processed at once", async () => {
    app = await startStandInApp({
      config: CONFIG,
      world: { faults: [{ match: "^GET /repos/acme/widgets/contents/", status: 502, times: 1 }] },
    });
    const comment = issueCommentEvent(accounts.agent, { number: 7, commentId: 701, body: "again" });
    await expect(app.receive("issue_comment", comment, "redelivered")).rejects.toThrow();
    await app.deliver("issue_comment", comment, "redelivered");
    expect(describeRequests(writesOf(app.standIn.requests))).toEqual(["POST /graphql minimizeComment"]);
    expect((await app.store.listAudit({ deliveryId: "redelivered" })).filter((r) => !r.action.startsWith("effect."))).toHaveLength(1);
  });
});
