import { afterEach, describe, expect, test } from "@jest/globals";
import { accounts, issueCommentEvent, issueOpenedEvent } from "../fixtures/webhook-examples.js";
import { describeRequests, startStandInApp, writesOf, type StandInApp } from "./stand-in-harness.js";

let app: StandInApp;
afterEach(async () => app.close());

describe("containment stops the source first", () => {
  test("a halted agent is unassigned from its open issues before anything else is contained", async () => {
    app = await startStandInApp({ config: `owner: maint\nagents: ["copilot-swe-agent[bot]", "Copilot"]\npolicy: { comment: allow }` });
    // A human assigns issue 7 to Copilot (GitHub tells the stand-in through the payload).
    const assigned = issueOpenedEvent(accounts.dev, 7, "Fix the fetcher");
    (assigned.issue as Record<string, unknown>).assignees = [{ ...accounts.copilot }];
    await app.receive("issues", assigned);
    const working = issueCommentEvent(accounts.copilot, { number: 7, commentId: 70, body: "Working on it." });
    (working.issue as Record<string, unknown>).assignees = [{ ...accounts.copilot }];
    await app.receive("issue_comment", working);

    const from = app.standIn.requests.length;
    const halt = issueCommentEvent(accounts.maint, { number: 7, commentId: 71, body: "/guardrails halt @Copilot runaway" });
    (halt.issue as Record<string, unknown>).assignees = [{ ...accounts.copilot }];
    await app.receive("issue_comment", halt);
    const requests = app.requestsSince(from);
    expect(describeRequests(requests).filter((r) => r.includes("assignee"))).toEqual([
      "GET /repos/acme/widgets/issues?assignee=Copilot&state=open&per_page=100",
      "DELETE /repos/acme/widgets/issues/7/assignees",
    ]);
    const writes = describeRequests(writesOf(requests));
    // The incident issue, then the unassignment, then the comment hidden.
    expect(writes).toEqual([
      "POST /repos/acme/widgets/issues",
      "DELETE /repos/acme/widgets/issues/7/assignees",
      "POST /graphql minimizeComment",
    ]);
    expect(writesOf(requests)[1]!.body).toEqual({ assignees: ["Copilot"] });
  });
});
