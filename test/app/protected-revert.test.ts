import { beforeEach, describe, expect, test } from "@jest/globals";
import nock from "nock";
import { accounts, pushEvent } from "../fixtures/webhook-examples.js";
import { API, CONFIG, recorder, serveConfig, type TestApp, useNockApp } from "./harness.js";

/**
 * An agent's push to a protected default branch, through probot.receive with GitHub's real
 * answers (nock): the ref update is refused, so the revert becomes a pull request a human merges.
 */
const BEFORE = "b".repeat(40);
const AFTER = "a".repeat(40);
const REVERT = "e".repeat(40);
const BRANCH = "agent-guardrails/revert-aaaaaaa";
/** No trip on the push itself: this file is about the revert, not the breaker. */
const NO_TRIP = `${CONFIG}\nbreaker: { trip_on: [rate] }`;

let app: TestApp;
const currentApp = useNockApp();
beforeEach(() => {
  app = currentApp();
});

function serveRevertUpToTheRef(refusal: { status: number; message: string }): void {
  nock(API)
    .get("/repos/acme/widgets/git/ref/heads%2Fmain")
    .reply(recorder(app.sent, 200, { ref: "refs/heads/main", object: { type: "commit", sha: AFTER } }));
  nock(API)
    .get(`/repos/acme/widgets/git/commits/${BEFORE}`)
    .reply(recorder(app.sent, 200, { sha: BEFORE, tree: { sha: "d".repeat(40) }, parents: [] }));
  nock(API)
    .post("/repos/acme/widgets/git/commits")
    .reply(recorder(app.sent, 201, { sha: REVERT, tree: { sha: "d".repeat(40) }, parents: [{ sha: AFTER }] }));
  nock(API)
    .patch("/repos/acme/widgets/git/refs/heads%2Fmain")
    .reply(recorder(app.sent, refusal.status, { message: refusal.message }));
}

/** No revert branch and no revert PR yet: what the look-ups before the creates find on a first attempt. */
function serveNoRevertYet(pulls = true): void {
  nock(API)
    .get(`/repos/acme/widgets/git/ref/heads%2F${encodeURIComponent(BRANCH)}`)
    .reply(recorder(app.sent, 404, { message: "Not Found" }));
  if (pulls)
    nock(API)
      .get("/repos/acme/widgets/pulls")
      .query(true)
      .reply(recorder(app.sent, 200, []));
}

describe("reverting a push to a protected default branch", () => {
  test("GitHub refuses the ref update (422): a revert PR is opened, applied, and audited as needing a human", async () => {
    serveConfig(app.sent, NO_TRIP);
    serveRevertUpToTheRef({ status: 422, message: "Protected branch update failed for refs/heads/main." });
    serveNoRevertYet();
    nock(API)
      .post("/repos/acme/widgets/git/refs")
      .reply(recorder(app.sent, 201, { ref: `refs/heads/${BRANCH}`, object: { sha: REVERT } }));
    nock(API)
      .post("/repos/acme/widgets/pulls")
      .reply(recorder(app.sent, 201, { number: 77, html_url: "https://github.com/acme/widgets/pull/77" }));

    await app.receive("push", pushEvent(accounts.agent, { before: BEFORE, after: AFTER }));

    expect(app.sent.slice(2).map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /repos/acme/widgets/git/ref/heads/main",
      `GET /repos/acme/widgets/git/commits/${BEFORE}`,
      "POST /repos/acme/widgets/git/commits",
      "PATCH /repos/acme/widgets/git/refs/heads/main",
      // Looked up before each is created: a retry after a lost answer finds them.
      `GET /repos/acme/widgets/git/ref/heads/${BRANCH}`,
      "POST /repos/acme/widgets/git/refs",
      `GET /repos/acme/widgets/pulls?head=acme:${BRANCH}&base=main&state=open`,
      "POST /repos/acme/widgets/pulls",
    ]);
    expect(app.sent[7]!.body).toEqual({ ref: `refs/heads/${BRANCH}`, sha: REVERT });
    expect(app.sent[9]!.body).toMatchObject({ head: BRANCH, base: "main" });
    const [row] = await app.store.listAudit({ action: "effect.revert_push" });
    expect(row?.verdict).toBe("applied");
    expect(row?.reasons).toEqual([
      "applied revert_push: revert PR #77 opened, a human must merge it (https://github.com/acme/widgets/pull/77)",
    ]);
    expect(row?.detail).toMatchObject({
      revertPullRequest: 77,
      revertBranch: BRANCH,
      needsHuman: "revert PR #77 opened, a human must merge it",
    });
    const [effect] = await app.store.listEffects();
    expect([effect?.status, effect?.lastError]).toEqual(["applied", "needs a human: revert PR #77 opened, a human must merge it"]);
  });

  test("GitHub refuses the revert branch too (403): escalated to a human with the steps, nothing retried", async () => {
    serveConfig(app.sent, NO_TRIP);
    serveRevertUpToTheRef({ status: 409, message: "Conflict" });
    serveNoRevertYet(false);
    nock(API)
      .post("/repos/acme/widgets/git/refs")
      .reply(recorder(app.sent, 403, { message: "Resource not accessible by integration" }));

    await app.receive("push", pushEvent(accounts.agent, { before: BEFORE, after: AFTER }));

    const [row] = await app.store.listAudit({ action: "effect.revert_push" });
    expect(row?.verdict).toBe("escalated");
    expect(row?.reasons[0]).toContain("revert_push needs a human: GitHub refused to update main");
    expect(row?.reasons[0]).toContain(`git restore --source=${BEFORE}`);
    expect((await app.store.listEffects()).map((e) => e.status)).toEqual(["failed"]);
  });
});
