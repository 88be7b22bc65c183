/**
 * A crash between the commit of a decision that trips and the trip itself (the breaker's
 * compare-and-set): the inbox runs the delivery again, and the trip is made real then, once.
 */
import { parseConfigFile } from "../../src/config/parse-config-file.js";
import { afterEach, expect, test } from "@jest/globals";
import { openStore } from "../../src/store/open-store.js";
import type { Store } from "../../src/store/store.js";
import { accounts, issueCommentEvent } from "../fixtures/webhook-examples.js";
import { startStandInApp, type StandInApp } from "./stand-in-harness.js";

const CONFIG = 'mode: enforce\nowner: maint\nagents: ["copilot-swe-agent[bot]"]\npolicy: { comment: hide }\n';

test("the config under test is valid (else the strict defaults would be what is tested)", () => {
  expect(parseConfigFile("test", CONFIG).issues).toEqual([]);
});

let app: StandInApp | undefined;
let store: Store | undefined;
afterEach(async () => {
  await app?.close();
  await store?.close();
  app = undefined;
});

test("the process stops after committing the tripping decision: the inbox's retry trips the breaker and opens one incident", async () => {
  store = await openStore(":memory:");
  let crashes = 1;
  // The store fails the breaker's compare-and-set once, as a process killed at that moment would.
  const crashing: Store = Object.assign(Object.create(store) as Store, {
    tripBreaker: (input: Parameters<Store["tripBreaker"]>[0]) =>
      crashes-- > 0 ? Promise.reject(new Error("killed before the trip")) : store!.tripBreaker(input),
  });
  app = await startStandInApp({ config: CONFIG, store: crashing });
  for (let i = 0; i < 10; i++) await app.receive("issue_comment", issueCommentEvent(accounts.agent, { number: 7, commentId: 100 + i }));
  await expect(app.receive("issue_comment", issueCommentEvent(accounts.agent, { number: 7, commentId: 110 }), "tripping")).rejects.toThrow(
    "killed before the trip",
  );
  expect(await store.breakers()).toEqual([]);

  app.now.value = new Date(app.now.value.getTime() + 60_000);
  await app.guardrails.sweep();
  const [breaker] = await store.breakers();
  expect(breaker).toMatchObject({ agent: "copilot-swe-agent[bot]", state: "open", tripId: 1, reason: "burst" });
  const incidents = app.standIn.requests.filter((r) => r.method === "POST" && r.path === "/repos/acme/widgets/issues");
  expect(incidents).toHaveLength(1);
  // The decision itself is audited once; the trip once.
  const rows = await store.listAudit({ deliveryId: "tripping" });
  expect(rows.filter((r) => r.action === "issue_comment.created")).toHaveLength(1);
  expect((await store.listAudit({ action: "breaker.tripped" })).length).toBe(1);

  // Run again (a redelivery, or another replica's late retry): nothing more.
  await app.deliver("issue_comment", issueCommentEvent(accounts.agent, { number: 7, commentId: 110 }), "tripping");
  await app.guardrails.sweep();
  expect(app.standIn.requests.filter((r) => r.method === "POST" && r.path === "/repos/acme/widgets/issues")).toHaveLength(1);
});
