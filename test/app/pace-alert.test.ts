import { afterEach, describe, expect, test } from "@jest/globals";
import { accounts, issueCommentEvent } from "../fixtures/webhook-examples.js";
import { startStandInApp, writesOf, type StandInApp } from "./stand-in-harness.js";

const CONFIG = [
  "owner: maint",
  `agents: ["copilot-swe-agent[bot]"]`,
  "limits: { actions_per_hour: 60, comments_per_hour: 20, pull_requests_per_hour: 10, burst: { actions: 10, seconds: 60 }, repos_per_hour: 5 }",
].join("\n");

let app: StandInApp;
afterEach(async () => app.close());

describe("an unlisted account acting at machine pace", () => {
  test("a person's comments at human pace cost no request at all", async () => {
    app = await startStandInApp({ config: CONFIG });
    await app.receive("issue_comment", issueCommentEvent(accounts.dev, { number: 5, commentId: 1 }));
    const from = app.standIn.requests.length;
    for (let i = 2; i <= 8; i++) {
      app.now.value = new Date(app.now.value.getTime() + 5 * 60_000);
      await app.receive("issue_comment", issueCommentEvent(accounts.dev, { number: 5, commentId: i }));
    }
    expect(app.requestsSince(from)).toEqual([]);
    expect(await app.store.listAudit({ action: "pace.alert" })).toEqual([]);
  });

  test("a burst over the agent limits raises one alert to the owner — an issue, no containment", async () => {
    app = await startStandInApp({ config: CONFIG });
    for (let i = 1; i <= 30; i++) {
      app.now.value = new Date(Date.parse("2026-11-20T09:00:00Z") + i * 1000);
      await app.receive("issue_comment", issueCommentEvent(accounts.dev, { number: 5, commentId: 100 + i }));
    }
    const writes = writesOf(app.standIn.requests);
    expect(writes.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /repos/acme/widgets/issues"]);
    const body = writes[0]!.body as { title: string; body: string; labels: string[] };
    expect(body.title).toBe("Unlisted account acting at machine pace: dev");
    expect(body.body).toContain("@maint");
    expect(body.body).toContain("Nothing was contained");
    expect(body.labels).toEqual(["agent:flagged"]);
    const alerts = await app.store.listAudit({ action: "pace.alert" });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.reasons[0]).toContain("11 actions within 60s");
    expect(await app.store.breakers()).toEqual([]);
  });
});

describe("a cached config however old", () => {
  test("a person's plain comment a day later still costs no request (the config is not read again for it)", async () => {
    app = await startStandInApp({ config: CONFIG });
    await app.receive("issue_comment", issueCommentEvent(accounts.dev, { number: 5, commentId: 1 }));
    app.now.value = new Date(app.now.value.getTime() + 30 * 3_600_000);
    const from = app.standIn.requests.length;
    await app.receive("issue_comment", issueCommentEvent(accounts.dev, { number: 5, commentId: 2 }));
    expect(app.requestsSince(from)).toEqual([]);
    // An agent's event after that long reads the config again (the 24 h safety net still applies to it).
    await app.receive("issue_comment", issueCommentEvent(accounts.agent, { number: 5, commentId: 3 }));
    expect(app.requestsSince(from).filter((r) => r.path.includes("/contents/")).length).toBe(2);
  });
});
