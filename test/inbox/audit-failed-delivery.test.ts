import { expect, test } from "@jest/globals";
import { auditFailedDelivery } from "../../src/inbox/audit-failed-delivery.js";
import { openStore } from "../../src/store/open-store.js";
import type { InboxRow } from "../../src/store/store.js";
import { accounts, issueCommentEvent } from "../fixtures/webhook-examples.js";

const row = (payload: string | null): InboxRow => ({
  deliveryId: "d-9",
  event: "issue_comment",
  payload,
  receivedAt: "2026-11-20T09:00:00.000Z",
  status: "pending",
  attempts: 4,
  nextAttemptAt: null,
  leaseUntil: null,
  lastError: null,
  finishedAt: null,
});

test("a delivery nothing could decide is audited with what its payload says: repository, actor, attempts, the last error", async () => {
  const store = await openStore(":memory:");
  await auditFailedDelivery(
    store,
    new Date("2026-11-20T09:30:00.000Z"),
    row(JSON.stringify(issueCommentEvent(accounts.agent, { number: 7, commentId: 1 }))),
    new Error("502 Bad Gateway"),
  );
  const [audited] = await store.listAudit({ action: "delivery.failed" });
  expect(audited).toMatchObject({
    deliveryId: "d-9",
    org: "acme",
    repo: "acme/widgets",
    actor: "copilot-swe-agent[bot]",
    verdict: "failed",
    detail: { event: "issue_comment", action: "created", attempts: 5 },
  });
  expect(audited!.reasons[0]).toBe("could not be processed after 5 attempts: 502 Bad Gateway; kept in the inbox as failed");
  await store.close();
});

test("a payload that is not JSON is still audited, with the event and delivery id", async () => {
  const store = await openStore(":memory:");
  await auditFailedDelivery(store, new Date("2026-11-20T09:30:00.000Z"), row("{not json"), "boom");
  expect(await store.listAudit({ action: "delivery.failed" })).toEqual([
    expect.objectContaining({ deliveryId: "d-9", repo: "", actor: "", detail: { event: "issue_comment", action: null, attempts: 5 } }),
  ]);
  await store.close();
});
