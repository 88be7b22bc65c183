import { afterEach, describe, expect, test } from "@jest/globals";
import { accounts, issueCommentEvent } from "../fixtures/webhook-examples.js";
import { describeRequests, startStandInApp, writesOf, type StandInApp } from "./stand-in-harness.js";

// Comments are allowed, so the only writes are the breaker's.
const CONFIG = [
  "owner: maint",
  `agents: ["copilot-swe-agent[bot]"]`,
  "policy: { comment: allow }",
  "limits: { actions_per_hour: 100, comments_per_hour: 100, pull_requests_per_hour: 10, burst: { actions: 50, seconds: 60 }, repos_per_hour: 5, per_repo: { comments_per_hour: 3 } }",
  "breaker: { trip_on: [rate, burst], contain: [hide_comments], lookback: 1h }",
].join("\n");

let app: StandInApp;
afterEach(async () => app.close());

/** An agent comment in `repo` (acme/widgets unless told). */
function agentComment(commentId: number, repo = "widgets") {
  const payload = issueCommentEvent(accounts.agent, { number: 5, commentId });
  const repository = payload.repository as Record<string, unknown>;
  repository.name = repo;
  repository.full_name = `acme/${repo}`;
  return payload;
}

describe("a per-repository limit", () => {
  test("trips the agent's breaker for that repository only: contained there, free elsewhere", async () => {
    app = await startStandInApp({ config: CONFIG });
    for (let i = 1; i <= 3; i++) {
      app.now.value = new Date(Date.parse("2026-11-20T09:00:00Z") + i * 60_000);
      await app.receive("issue_comment", agentComment(100 + i));
    }
    expect(writesOf(app.standIn.requests)).toEqual([]);

    // The fourth comment in widgets is over `per_repo.comments_per_hour`: deleted on arrival, trip.
    app.now.value = new Date(Date.parse("2026-11-20T09:05:00Z"));
    let from = app.standIn.requests.length;
    await app.receive("issue_comment", agentComment(104));
    expect(describeRequests(writesOf(app.requestsSince(from)))).toEqual([
      "DELETE /repos/acme/widgets/issues/comments/104",
      "POST /repos/acme/widgets/issues",
      "POST /graphql minimizeComment",
      "POST /graphql minimizeComment",
      "POST /graphql minimizeComment",
    ]);
    const [trip] = await app.store.listAudit({ action: "breaker.tripped" });
    expect(trip?.detail).toMatchObject({ reason: "rate", scope: "acme/widgets" });
    expect(trip?.reasons[0]).toContain("per-repo limit 3");
    expect((await app.store.breakers("acme/widgets")).map((b) => [b.agent, b.state])).toEqual([["copilot-swe-agent[bot]", "open"]]);
    expect(await app.store.breakers("acme")).toEqual([]);

    // Another repository (no config file there: strict defaults, comments hidden): not halted, so the permission table applies.
    app.now.value = new Date(Date.parse("2026-11-20T09:06:00Z"));
    from = app.standIn.requests.length;
    await app.receive("issue_comment", agentComment(201, "gadgets"));
    const elsewhere = writesOf(app.requestsSince(from));
    expect(describeRequests(elsewhere)).toEqual(["POST /graphql minimizeComment"]);
    expect((await app.store.listAudit({ repo: "acme/gadgets" }))[0]?.verdict).toBe("gate");

    // Back in widgets: still halted, contained on arrival.
    from = app.standIn.requests.length;
    await app.receive("issue_comment", agentComment(105));
    expect(describeRequests(writesOf(app.requestsSince(from)))).toEqual(["DELETE /repos/acme/widgets/issues/comments/105"]);
  });

  test("/guardrails halt --repo halts an agent in this repository only; resume closes it", async () => {
    app = await startStandInApp({ config: CONFIG });
    const halt = issueCommentEvent(accounts.maint, {
      number: 5,
      commentId: 900,
      body: "/guardrails halt @copilot-swe-agent[bot] --repo noisy here",
    });
    await app.receive("issue_comment", halt);
    const [trip] = await app.store.listAudit({ action: "breaker.tripped" });
    expect(trip?.detail).toMatchObject({
      reason: "manual",
      scope: "acme/widgets",
      evidence: "/guardrails halt by maint in acme/widgets: noisy here",
    });
    expect((await app.store.breakers("acme/widgets"))[0]?.state).toBe("open");
    await app.receive(
      "issue_comment",
      issueCommentEvent(accounts.maint, { number: 5, commentId: 901, body: "/guardrails resume @copilot-swe-agent[bot]" }),
    );
    expect((await app.store.breakers("acme/widgets"))[0]?.state).toBe("closed");
  });
});
