import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import type { StandIn } from "../../src/sim/github-stand-in.js";
import { agent, call, octokitFor, pullPayload, repository, sha, startStandIn } from "./stand-in-client.js";

let standIn: StandIn;
beforeEach(async () => {
  standIn = await startStandIn();
});
afterEach(() => standIn.close());

describe("what GitHub never saw is 404, like GitHub", () => {
  test.each([
    ["a user", "GET", "/users/nobody-here"],
    ["a repository", "GET", "/repos/acme/elsewhere"],
    ["a route under an unknown repository", "GET", "/repos/acme/elsewhere/issues/1"],
    ["a ref", "GET", "/repos/acme/widgets/git/ref/heads/no-such-branch"],
    ["a git commit", "GET", `/repos/acme/widgets/git/commits/${sha("9")}`],
    ["an issue", "GET", "/repos/acme/widgets/issues/77"],
    ["a PR", "GET", "/repos/acme/widgets/pulls/77"],
    ["a PR's files", "GET", "/repos/acme/widgets/pulls/77/files"],
    ["an issue comment", "GET", "/repos/acme/widgets/issues/comments/123"],
    ["a review comment", "GET", "/repos/acme/widgets/pulls/comments/123"],
    ["a check run", "GET", "/repos/acme/widgets/check-runs/123"],
    ["a label", "GET", "/repos/acme/widgets/labels/nope"],
    ["comments of an unknown issue", "GET", "/repos/acme/widgets/issues/77/comments"],
    ["reviews of an unknown PR", "GET", "/repos/acme/widgets/pulls/77/reviews"],
  ])("%s", async (_what, method, path) => {
    const reply = await call(standIn, method, path);
    expect(reply).toMatchObject({ status: 404, json: { message: "Not Found" } });
  });

  test("writes to unknown things are 404: comment, delete comment, edit PR, dismiss review, update check run", async () => {
    expect((await call(standIn, "POST", "/repos/acme/widgets/issues/77/comments", { body: "hi" })).status).toBe(404);
    expect((await call(standIn, "DELETE", "/repos/acme/widgets/issues/comments/123")).status).toBe(404);
    expect((await call(standIn, "DELETE", "/repos/acme/widgets/pulls/comments/123")).status).toBe(404);
    expect((await call(standIn, "PATCH", "/repos/acme/widgets/pulls/77", { state: "closed" })).status).toBe(404);
    expect((await call(standIn, "PATCH", "/repos/acme/widgets/issues/77", { state: "closed" })).status).toBe(404);
    expect((await call(standIn, "POST", "/repos/acme/widgets/issues/77/labels", { labels: ["x"] })).status).toBe(404);
    standIn.observe("pull_request", pullPayload(5, "agent/x", sha("a")));
    expect((await call(standIn, "PUT", "/repos/acme/widgets/pulls/5/reviews/99/dismissals", { message: "m" })).status).toBe(404);
    expect((await call(standIn, "PATCH", "/repos/acme/widgets/check-runs/99", { conclusion: "success" })).status).toBe(404);
  });

  test("a commit nobody announced: GET commits/{sha} and creating a check run on it are GitHub's 422 'No commit found'", async () => {
    expect(await call(standIn, "GET", `/repos/acme/widgets/commits/${sha("9")}`)).toMatchObject({
      status: 422,
      json: { message: `No commit found for SHA: ${sha("9")}` },
    });
    expect((await call(standIn, "POST", "/repos/acme/widgets/check-runs", { name: "c", head_sha: sha("9") })).status).toBe(422);
  });

  test("a comment deleted by webhook is gone; one the app deletes is 404 the second time", async () => {
    const issue = { number: 3, title: "t", state: "open", user: agent };
    standIn.observe("issue_comment", {
      action: "created",
      issue,
      comment: { id: 31, node_id: "IC_31", body: "x", user: agent },
      repository,
    });
    expect((await call(standIn, "GET", "/repos/acme/widgets/issues/comments/31")).status).toBe(200);
    // The same id under the review-comment route is another resource: 404.
    expect((await call(standIn, "GET", "/repos/acme/widgets/pulls/comments/31")).status).toBe(404);
    standIn.observe("issue_comment", { action: "deleted", issue, comment: { id: 31 }, repository });
    expect((await call(standIn, "GET", "/repos/acme/widgets/issues/comments/31")).status).toBe(404);
    standIn.observe("issue_comment", {
      action: "created",
      issue,
      comment: { id: 32, node_id: "IC_32", body: "y", user: agent },
      repository,
    });
    expect((await call(standIn, "DELETE", "/repos/acme/widgets/issues/comments/32")).status).toBe(204);
    expect((await call(standIn, "DELETE", "/repos/acme/widgets/issues/comments/32")).status).toBe(404);
  });
});

describe("what a webhook announced exists", () => {
  test("a PR from its payload, an issue from an issue_comment's issue, a PR from an issue_comment on it", async () => {
    standIn.observe("pull_request", pullPayload(5, "agent/x", sha("a")));
    standIn.observe("issue_comment", {
      action: "created",
      issue: { number: 6, title: "bug", state: "open", user: agent },
      comment: { id: 61, body: "x" },
      repository,
    });
    standIn.observe("issue_comment", {
      action: "created",
      issue: { number: 7, title: "pr", state: "open", user: agent, pull_request: { html_url: "https://github.com/acme/widgets/pull/7" } },
      comment: { id: 71, body: "y" },
      repository,
    });
    const o = octokitFor(standIn);
    expect((await o.rest.pulls.get({ owner: "acme", repo: "widgets", pull_number: 5 })).data.head.sha).toBe(sha("a"));
    expect((await o.rest.issues.get({ owner: "acme", repo: "widgets", issue_number: 6 })).data.title).toBe("bug");
    expect((await o.rest.issues.get({ owner: "acme", repo: "widgets", issue_number: 5 })).data.pull_request).toBeDefined();
    expect((await o.rest.pulls.get({ owner: "acme", repo: "widgets", pull_number: 7 })).data.number).toBe(7);
    expect((await o.rest.users.getByUsername({ username: agent.login })).data.login).toBe(agent.login);
    // A PR's head commit and branch are known.
    expect((await o.rest.git.getRef({ owner: "acme", repo: "widgets", ref: "heads/agent/x" })).data.object.sha).toBe(sha("a"));
  });

  test("a push: its before, after and commits are commits; before's tree is readable (a revert reads it); 3,001 added paths count for the PR", async () => {
    const added = Array.from({ length: 3001 }, (_, i) => `src/file-${i}.ts`);
    standIn.observe("push", {
      ref: "refs/heads/agent/big",
      before: sha("1"),
      after: sha("3"),
      commits: [
        { id: sha("2"), added },
        { id: sha("3"), modified: ["README.md"] },
      ],
      head_commit: { id: sha("3") },
      repository,
    });
    const o = octokitFor(standIn);
    const before = await o.rest.git.getCommit({ owner: "acme", repo: "widgets", commit_sha: sha("1") });
    expect(before.data.tree.sha).toMatch(/^[0-9a-f]{40}$/);
    expect((await o.rest.git.getCommit({ owner: "acme", repo: "widgets", commit_sha: sha("2") })).data.parents).toEqual([
      { sha: sha("1") },
    ]);
    expect((await o.rest.git.getCommit({ owner: "acme", repo: "widgets", commit_sha: sha("3") })).data.parents).toEqual([
      { sha: sha("2") },
    ]);
    standIn.observe("pull_request", pullPayload(9, "agent/big", sha("3")));
    const files = await o.paginate(o.rest.pulls.listFiles, { owner: "acme", repo: "widgets", pull_number: 9, per_page: 100 });
    expect(files).toHaveLength(3000);
  });

  test("a discussion's number is taken from the shared sequence, and is no issue", async () => {
    standIn.observe("discussion", { action: "created", discussion: { number: 4, node_id: "D_4", title: "Q" }, repository });
    expect((await call(standIn, "POST", "/repos/acme/widgets/issues/4/comments", { body: "hi" })).status).toBe(404);
    expect((await call(standIn, "GET", "/repos/acme/widgets/issues/4")).status).toBe(404);
    const created = await call(standIn, "POST", "/repos/acme/widgets/issues", { title: "next" });
    expect(created.json?.number).toBe(5);
  });
});
