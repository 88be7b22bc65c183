import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import type { StandIn } from "../../src/sim/github-stand-in.js";
import { agent, call, octokitFor, pullPayload, repository, sha, startStandIn } from "./stand-in-client.js";

let standIn: StandIn;
beforeEach(async () => {
  standIn = await startStandIn();
});
afterEach(() => standIn.close());

function observeIssues(count: number): void {
  for (let n = 1; n <= count; n++)
    standIn.observe("issues", { action: "opened", issue: { number: n, title: `issue ${n}`, state: "open", user: agent }, repository });
}

describe("lists are paginated like GitHub's", () => {
  test("per_page defaults to 30, is capped at 100, and Link names next, last, prev and first from the request's own URL", async () => {
    observeIssues(250);
    const first = await call(standIn, "GET", "/repos/acme/widgets/issues");
    expect(first.json).toHaveLength(30);
    // GitHub quietly answers 100 for more; asking for more is a client bug (a loop that stops at a
    // short page ends early), so the stand-in refuses it and lists it as invalid.
    const over = await call(standIn, "GET", "/repos/acme/widgets/issues?per_page=500");
    expect(over.status).toBe(422);
    expect(standIn.invalid.map((i) => i.path)).toEqual(["/repos/acme/widgets/issues?per_page=500"]);
    standIn.invalid.length = 0;
    const middle = await call(standIn, "GET", "/repos/acme/widgets/issues?per_page=100&page=2");
    expect(middle.json).toHaveLength(100);
    const link = middle.headers.get("link") ?? "";
    expect(link).toContain(`<${standIn.url}/repos/acme/widgets/issues?per_page=100&page=3>; rel="next"`);
    expect(link).toContain(`page=3>; rel="last"`);
    expect(link).toContain(`page=1>; rel="prev"`);
    expect(link).toContain(`page=1>; rel="first"`);
    const last = await call(standIn, "GET", "/repos/acme/widgets/issues?per_page=100&page=3");
    expect(last.json).toHaveLength(50);
    expect(last.headers.get("link")).not.toContain('rel="next"');
  });

  test("Octokit's paginate follows the links through the GHES /api/v3 prefix", async () => {
    observeIssues(250);
    const o = octokitFor(standIn, "/api/v3");
    const all = await o.paginate(o.rest.issues.listForRepo, { owner: "acme", repo: "widgets", per_page: 100 });
    expect(all.map((i) => i.number)).toHaveLength(250);
    expect(new Set(all.map((i) => i.number)).size).toBe(250);
    expect(standIn.requests.map((r) => r.path)).toEqual([
      "/repos/acme/widgets/issues?per_page=100",
      "/repos/acme/widgets/issues?per_page=100&page=2",
      "/repos/acme/widgets/issues?per_page=100&page=3",
    ]);
  });

  test("issue comments, review comments and reviews page too", async () => {
    standIn.observe("pull_request", pullPayload(1, "agent/x", sha("a")));
    for (let id = 1; id <= 120; id++) {
      standIn.observe("issue_comment", {
        action: "created",
        issue: { number: 1, pull_request: {} },
        comment: { id, node_id: `IC_${id}`, body: "c" },
        repository,
      });
      standIn.observe("pull_request_review_comment", {
        action: "created",
        pull_request: { number: 1 },
        comment: { id: 1000 + id, node_id: `RC_${id}`, body: "r", path: "a.ts" },
        repository,
      });
      standIn.observe("pull_request_review", {
        action: "submitted",
        pull_request: { number: 1 },
        review: { id: 5000 + id, state: "commented" },
        repository,
      });
    }
    const o = octokitFor(standIn);
    const params = { owner: "acme", repo: "widgets", per_page: 100 };
    expect(await o.paginate(o.rest.issues.listComments, { ...params, issue_number: 1 })).toHaveLength(120);
    expect(await o.paginate(o.rest.pulls.listReviewComments, { ...params, pull_number: 1 })).toHaveLength(120);
    expect(await o.paginate(o.rest.pulls.listReviews, { ...params, pull_number: 1 })).toHaveLength(120);
  });

  test("check runs wrap the page with total_count", async () => {
    standIn.observe("pull_request", pullPayload(1, "agent/x", sha("a")));
    for (let i = 0; i < 3; i++) await call(standIn, "POST", "/repos/acme/widgets/check-runs", { name: `c${i}`, head_sha: sha("a") });
    const page = await call(standIn, "GET", `/repos/acme/widgets/commits/${sha("a")}/check-runs?per_page=2`);
    expect(page.json).toMatchObject({ total_count: 3, check_runs: [{ name: "c2" }, { name: "c1" }] });
    expect(page.headers.get("link")).toContain('rel="next"');
    // A branch name resolves to its tip.
    expect((await call(standIn, "GET", "/repos/acme/widgets/commits/agent%2Fx/check-runs")).json).toMatchObject({ total_count: 3 });
  });

  test("a PR's files stop at 3,000: page 30 of 100 is full, page 31 is empty", async () => {
    const added = Array.from({ length: 3001 }, (_, i) => `f${i}`);
    standIn.observe("push", {
      ref: "refs/heads/agent/big",
      before: sha("1"),
      after: sha("2"),
      commits: [{ id: sha("2"), added }],
      repository,
    });
    standIn.observe("pull_request", pullPayload(2, "agent/big", sha("2")));
    expect((await call(standIn, "GET", "/repos/acme/widgets/pulls/2/files?per_page=100&page=30")).json).toHaveLength(100);
    expect((await call(standIn, "GET", "/repos/acme/widgets/pulls/2/files?per_page=100&page=31")).json).toEqual([]);
  });
});
