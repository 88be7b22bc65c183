import { afterEach, describe, expect, test } from "@jest/globals";
import { accounts, issueCommentEvent, pullRequestEvent } from "../fixtures/webhook-examples.js";
import { startStandInApp, writesOf, type StandInApp } from "./stand-in-harness.js";

const sha = (i: number) => i.toString(16).padStart(40, "a");

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
  test("bypass: a person's account opening 12 PRs in 12 s raises a pace alert (a human's PR reaches the pace check)", async () => {
    app = await startStandInApp({ config: CONFIG });
    const start = Date.parse("2026-11-20T09:00:00Z");
    let from = 0;
    for (let i = 1; i <= 12; i++) {
      app.now.value = new Date(start + i * 1000);
      const number = 100 + i;
      await app.receive(
        "pull_request",
        pullRequestEvent("opened", accounts.dev, accounts.dev, (p) => {
          p.number = number;
          p.pull_request.number = number;
          p.pull_request.node_id = `PR_kw${number}`;
          p.pull_request.html_url = `https://github.com/acme/widgets/pull/${number}`;
          p.pull_request.head.sha = sha(number);
        }),
      );
      if (i === 1) from = app.standIn.requests.length;
    }
    const alerts = await app.store.listAudit({ action: "pace.alert" });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.actor).toBe("dev");
    expect(alerts[0]!.reasons[0]).toMatch(/11 pull requests in the last hour|11 actions within 60s/);
    const writes = writesOf(app.standIn.requests);
    expect(writes.filter((r) => r.path === "/repos/acme/widgets/issues").map((r) => (r.body as { title: string }).title)).toEqual([
      "Unlisted account acting at machine pace: dev",
    ]);
    // Each PR still costs only its passing check run (plus the one alert): the counting reads nothing from GitHub.
    expect(writes.filter((r) => r.path === "/repos/acme/widgets/check-runs")).toHaveLength(12);
    expect(writes).toHaveLength(13);
    // The only read is the alert's own (ensure: is the incident issue already open?), made once.
    expect(
      app
        .requestsSince(from)
        .filter((r) => r.method === "GET")
        .map((r) => r.path),
    ).toEqual(["/repos/acme/widgets/issues?state=open&labels=agent%3Aflagged&per_page=100"]);
    expect(await app.store.breakers()).toEqual([]);
  });

  test("bypass: a person's ordinary comment still costs no request while every human write is counted", async () => {
    app = await startStandInApp({ config: CONFIG });
    await app.receive("issue_comment", issueCommentEvent(accounts.dev, { number: 5, commentId: 1 }));
    const from = app.standIn.requests.length;
    app.now.value = new Date(app.now.value.getTime() + 60_000);
    await app.receive("issue_comment", issueCommentEvent(accounts.dev, { number: 5, commentId: 2 }));
    expect(app.requestsSince(from)).toEqual([]);
    const counts = await app.store.activityCounts("acme", "dev", new Date(app.now.value.getTime() + 1), 60);
    expect(counts.commentsLastHour).toBe(2);
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
