import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, jest, test } from "@jest/globals";
import nock from "nock";
import { GitHubError, type GitHubAdapter } from "../../src/github/github-adapter.js";
import { createOctokitAdapter } from "../../src/github/octokit-adapter.js";
import { toGitHubError } from "../../src/github/to-github-error.js";
import type { InvalidRequest } from "../../src/sim/github-stand-in.js";
import { unthrottledOctokit } from "../../src/sim/unthrottled-octokit.js";
import { validatingPlugin } from "../../src/sim/validating-plugin.js";

const API = "https://api.github.com";
const repo = { owner: "acme", repo: "widgets" };

/** Requests the adapter sent that GitHub would refuse (nock accepts anything): must stay empty. */
const invalid: InvalidRequest[] = [];
/** Retries and throttling off (probot#2039), so one verb is exactly the requests it sends. */
const TestOctokit = unthrottledOctokit().plugin(validatingPlugin((request) => invalid.push(request)));

let github: GitHubAdapter;
let requests: { method: string; path: string }[];

beforeAll(() => {
  nock.disableNetConnect();
});

afterAll(() => {
  nock.enableNetConnect();
});

beforeEach(() => {
  github = createOctokitAdapter(new TestOctokit({ auth: { token: "test-token" } }));
  requests = [];
  nock.emitter.on("no match", onNoMatch);
});

afterEach(() => {
  nock.emitter.removeListener("no match", onNoMatch);
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
  expect(invalid.splice(0)).toEqual([]);
});

function onNoMatch(req: { method?: string; path?: string }): void {
  requests.push({ method: req.method ?? "?", path: req.path ?? "?" });
}

/** A GitHub API scope that also counts every request it answers. */
function api(): nock.Scope {
  return nock(API).on("request", (req: { method?: string; path?: string }) =>
    requests.push({ method: req.method ?? "?", path: req.path ?? "?" }),
  );
}

/**
 * Serves `pages` of `path` as GitHub does: the first without a `page` parameter, each but the
 * last with a `Link: <…&page=n+1>; rel="next"` header (plus `last`), extra query kept.
 * https://docs.github.com/en/rest/using-the-rest-api/using-pagination-in-the-rest-api
 */
function servePages(path: string, pages: unknown[][], query: Record<string, string> = { per_page: "100" }): void {
  const search = (page: number) => new URLSearchParams({ ...query, page: String(page) }).toString();
  pages.forEach((items, i) => {
    const page = i + 1;
    const next =
      page < pages.length
        ? `<${API}${path}?${search(page + 1)}>; rel="next", <${API}${path}?${search(pages.length)}>; rel="last"`
        : undefined;
    api()
      .get(path)
      .query(page === 1 ? query : { ...query, page: String(page) })
      .reply(200, items, next ? { link: next } : {});
  });
}

/** Runs `call` and returns what it threw (failing when it did not throw). */
async function failure(call: () => Promise<unknown>): Promise<GitHubError> {
  try {
    await call();
  } catch (error) {
    expect(error).toBeInstanceOf(GitHubError);
    return error as GitHubError;
  }
  throw new Error("expected the call to fail");
}

const PR = {
  number: 7,
  node_id: "PR_kwDOA7",
  head: { sha: "a".repeat(40), ref: "agent/fix" },
  draft: false,
  state: "open",
  merged: false,
  user: { login: "copilot-swe-agent[bot]", id: 198982749, type: "Bot" },
  html_url: "https://github.com/acme/widgets/pull/7",
};

describe("reads", () => {
  test("getDefaultBranchFile asks for the raw file with no ref and returns its text", async () => {
    const scope = api()
      .get("/repos/acme/widgets/contents/.github%2Fagent-guardrails.yml")
      .matchHeader("accept", "application/vnd.github.raw")
      .reply(200, "mode: observe\n", { "content-type": "application/vnd.github.raw; charset=utf-8" });

    expect(await github.getDefaultBranchFile(repo, ".github/agent-guardrails.yml")).toBe("mode: observe\n");
    scope.done();
    expect(requests).toEqual([{ method: "GET", path: "/repos/acme/widgets/contents/.github%2Fagent-guardrails.yml" }]);
  });

  test("getFileAtCommit asks for the raw file at that commit", async () => {
    const sha = "b".repeat(40);
    const scope = api()
      .get("/repos/acme/widgets/contents/.github%2Fagent-guardrails.yml")
      .query({ ref: sha })
      .matchHeader("accept", "application/vnd.github.raw")
      .reply(200, "mode: enforce\n", { "content-type": "application/vnd.github.raw; charset=utf-8" });

    expect(await github.getFileAtCommit(repo, ".github/agent-guardrails.yml", sha)).toBe("mode: enforce\n");
    scope.done();
  });

  test("getDefaultBranchFile decodes bytes when GitHub omits the charset", async () => {
    api().get("/repos/acme/widgets/contents/README.md").reply(200, Buffer.from("héllo"), { "content-type": "application/vnd.github.raw" });
    expect(await github.getDefaultBranchFile(repo, "README.md")).toBe("héllo");
    expect(requests).toHaveLength(1);
  });

  test("getDefaultBranchFile answers null for a missing file", async () => {
    api().get("/repos/acme/widgets/contents/.github%2Fagent-guardrails.yml").reply(404, { message: "Not Found" });
    expect(await github.getDefaultBranchFile(repo, ".github/agent-guardrails.yml")).toBeNull();
    expect(requests).toHaveLength(1);
  });

  test("getDefaultBranchFile throws other failures", async () => {
    api().get("/repos/acme/widgets/contents/x.yml").reply(500, { message: "boom" });
    const err = await failure(() => github.getDefaultBranchFile(repo, "x.yml"));
    expect(err.kind).toBe("server");
    expect(err.status).toBe(500);
  });

  test.each([
    { role_name: "maintain", permission: "write", expected: "maintain" },
    { role_name: "triage", permission: "read", expected: "triage" },
    { role_name: "admin", permission: "admin", expected: "admin" },
    { role_name: "read", permission: "read", expected: "read" },
    // A custom role: its name means nothing to us, the legacy field rounds it down.
    { role_name: "security-reviewer", permission: "write", expected: "write" },
    { role_name: "auditor", permission: "read", expected: "read" },
    { role_name: "odd", permission: "none", expected: "none" },
  ])("getPermission reads role_name $role_name (legacy $permission) as $expected", async ({ role_name, permission, expected }) => {
    api()
      .get("/repos/acme/widgets/collaborators/alice/permission")
      .reply(200, { role_name, permission, user: { login: "alice" } });
    expect(await github.getPermission(repo, "alice")).toBe(expected);
    expect(requests).toEqual([{ method: "GET", path: "/repos/acme/widgets/collaborators/alice/permission" }]);
  });

  test("getPermission of the repository's owner is admin without a request (a personal account's user)", async () => {
    expect(await github.getPermission(repo, "ACME")).toBe("admin");
    expect(requests).toEqual([]);
  });

  test("getPermission answers none for a 404", async () => {
    api().get("/repos/acme/widgets/collaborators/ghost/permission").reply(404, { message: "ghost is not a user" });
    expect(await github.getPermission(repo, "ghost")).toBe("none");
    expect(requests).toHaveLength(1);
  });

  test("getPullRequest maps the facts", async () => {
    api().get("/repos/acme/widgets/pulls/7").reply(200, PR);
    expect(await github.getPullRequest(repo, 7)).toEqual({
      number: 7,
      nodeId: "PR_kwDOA7",
      headSha: "a".repeat(40),
      draft: false,
      state: "open",
      merged: false,
      authorLogin: "copilot-swe-agent[bot]",
      authorId: 198982749,
      htmlUrl: "https://github.com/acme/widgets/pull/7",
      headRef: "agent/fix",
    });
    expect(requests).toEqual([{ method: "GET", path: "/repos/acme/widgets/pulls/7" }]);
  });

  test("getPullRequest of a missing PR is not_found", async () => {
    api().get("/repos/acme/widgets/pulls/8").reply(404, { message: "Not Found" });
    expect((await failure(() => github.getPullRequest(repo, 8))).kind).toBe("not_found");
  });

  test.each([
    { status: 204, expected: true },
    { status: 404, expected: false },
  ])("isOrgMember is $expected on $status", async ({ status, expected }) => {
    api().get("/orgs/acme/members/bob").reply(status);
    expect(await github.isOrgMember("acme", "bob")).toBe(expected);
    expect(requests).toEqual([{ method: "GET", path: "/orgs/acme/members/bob" }]);
  });

  test("isOrgMember does not follow a 302 and answers false", async () => {
    api()
      .get("/orgs/acme/members/bob")
      .reply(302, "", { location: `${API}/orgs/acme/public_members/bob` });
    expect(await github.isOrgMember("acme", "bob")).toBe(false);
    expect(requests).toEqual([{ method: "GET", path: "/orgs/acme/members/bob" }]);
  });
});

describe("writes", () => {
  test("convertToDraft sends the mutation with the PR node id", async () => {
    let body: { query?: string; variables?: Record<string, unknown> } = {};
    api()
      .post("/graphql", (b: typeof body) => {
        body = b;
        return true;
      })
      .reply(200, { data: { convertPullRequestToDraft: { pullRequest: { id: "PR_kwDOA7", isDraft: true } } } });

    await github.convertToDraft("PR_kwDOA7");
    expect(body.query).toMatch(/convertPullRequestToDraft\(input: \{ pullRequestId: \$pullRequestId \}\)/);
    expect(body.variables).toEqual({ pullRequestId: "PR_kwDOA7" });
    expect(requests).toEqual([{ method: "POST", path: "/graphql" }]);
  });

  test("convertToDraft of a PR that is already a draft succeeds", async () => {
    api()
      .post("/graphql")
      .reply(200, {
        data: { convertPullRequestToDraft: null },
        errors: [{ type: "UNPROCESSABLE", message: "Pull request is already a draft" }],
      });
    await expect(github.convertToDraft("PR_kwDOA7")).resolves.toBeUndefined();
    expect(requests).toHaveLength(1);
  });

  test("convertToDraft refused to the installation is forbidden", async () => {
    api()
      .post("/graphql")
      .reply(200, {
        data: { convertPullRequestToDraft: null },
        errors: [{ type: "FORBIDDEN", path: ["convertPullRequestToDraft"], message: "Resource not accessible by integration" }],
      });
    const err = await failure(() => github.convertToDraft("PR_kwDOA7"));
    expect(err.kind).toBe("forbidden");
    expect(err.transient).toBe(false);
    expect(err.message).toContain("Resource not accessible by integration");
    expect(requests).toHaveLength(1);
  });

  test("closePullRequest patches state closed", async () => {
    let body: unknown;
    api()
      .patch("/repos/acme/widgets/pulls/7", (b: unknown) => {
        body = b;
        return true;
      })
      .reply(200, { ...PR, state: "closed" });
    await github.closePullRequest(repo, 7);
    expect(body).toEqual({ state: "closed" });
    expect(requests).toEqual([{ method: "PATCH", path: "/repos/acme/widgets/pulls/7" }]);
  });

  test("ensureCheckRun creates a completed run named agent-guardrails by default", async () => {
    let body: Record<string, unknown> = {};
    api()
      .post("/repos/acme/widgets/check-runs", (b: typeof body) => {
        body = b;
        return true;
      })
      .reply(201, { id: 4242, name: "agent-guardrails" });

    const result = await github.ensureCheckRun(repo, {
      headSha: "b".repeat(40),
      conclusion: "action_required",
      title: "Waiting for approval",
      summary: "An agent opened this PR.",
      detailsUrl: "https://github.com/acme/widgets/pull/7",
    });
    expect(result).toEqual({ id: 4242 });
    const { completed_at, ...rest } = body;
    expect(rest).toEqual({
      name: "agent-guardrails",
      head_sha: "b".repeat(40),
      status: "completed",
      conclusion: "action_required",
      details_url: "https://github.com/acme/widgets/pull/7",
      output: { title: "Waiting for approval", summary: "An agent opened this PR." },
    });
    expect(typeof completed_at).toBe("string");
    expect(new Date(completed_at as string).toISOString()).toBe(completed_at);
    expect(requests).toEqual([{ method: "POST", path: "/repos/acme/widgets/check-runs" }]);
  });

  test("ensureCheckRun uses the given name", async () => {
    let body: Record<string, unknown> = {};
    api()
      .post("/repos/acme/widgets/check-runs", (b: typeof body) => {
        body = b;
        return true;
      })
      .reply(201, { id: 1 });
    await github.ensureCheckRun(repo, {
      name: "agent-guardrails/config",
      headSha: "c".repeat(40),
      conclusion: "failure",
      title: "Invalid config",
      summary: "policy.pull_request: bad value",
      detailsUrl: "https://github.com/acme/widgets/commit/ccc",
    });
    expect(body.name).toBe("agent-guardrails/config");
    expect(body.conclusion).toBe("failure");
    expect(requests).toHaveLength(1);
  });

  test("addLabel posts the one label", async () => {
    let body: unknown;
    api()
      .post("/repos/acme/widgets/issues/7/labels", (b: unknown) => {
        body = b;
        return true;
      })
      .reply(200, [{ name: "agent:pending-approval" }]);
    await github.addLabel(repo, 7, "agent:pending-approval");
    expect(body).toEqual({ labels: ["agent:pending-approval"] });
    expect(requests).toEqual([{ method: "POST", path: "/repos/acme/widgets/issues/7/labels" }]);
  });

  test("removeLabel deletes the encoded label name", async () => {
    api().delete("/repos/acme/widgets/issues/7/labels/agent%3Apending-approval").reply(200, []);
    await github.removeLabel(repo, 7, "agent:pending-approval");
    expect(requests).toEqual([{ method: "DELETE", path: "/repos/acme/widgets/issues/7/labels/agent%3Apending-approval" }]);
  });

  test("removeLabel of an absent label succeeds", async () => {
    api().delete("/repos/acme/widgets/issues/7/labels/agent%3Ahalted").reply(404, { message: "Label does not exist" });
    await expect(github.removeLabel(repo, 7, "agent:halted")).resolves.toBeUndefined();
    expect(requests).toHaveLength(1);
  });

  test("dismissReview puts a DISMISS with the message", async () => {
    let body: unknown;
    api()
      .put("/repos/acme/widgets/pulls/7/reviews/99/dismissals", (b: unknown) => {
        body = b;
        return true;
      })
      .reply(200, { id: 99, state: "DISMISSED" });
    await github.dismissReview(repo, 7, 99, "Agents cannot approve.");
    expect(body).toEqual({ message: "Agents cannot approve.", event: "DISMISS" });
    expect(requests).toEqual([{ method: "PUT", path: "/repos/acme/widgets/pulls/7/reviews/99/dismissals" }]);
  });

  test("dismissReview of a dismissed review succeeds", async () => {
    api()
      .put("/repos/acme/widgets/pulls/7/reviews/99/dismissals")
      .reply(422, { message: "Validation Failed", errors: ["Can not dismiss a dismissed pull request review"] });
    await expect(github.dismissReview(repo, 7, 99, "again")).resolves.toBeUndefined();
    expect(requests).toHaveLength(1);
  });

  test("dismissReview of a commented review is a validation error", async () => {
    api()
      .put("/repos/acme/widgets/pulls/7/reviews/98/dismissals")
      .reply(422, { message: "Validation Failed", errors: ["Can not dismiss a commented pull request review"] });
    const err = await failure(() => github.dismissReview(repo, 7, 98, "no"));
    expect(err.kind).toBe("validation");
    expect(err.status).toBe(422);
  });

  const REPOST = { text: "<!-- agent-guardrails:repost comment=900 -->", author: "agent-guardrails[bot]" };

  test("createComment with a marker finds the re-post a lost answer hid and posts nothing", async () => {
    api()
      .get("/repos/acme/widgets/issues/7/comments")
      .query({ per_page: "100" })
      .reply(200, [
        { id: 1, node_id: "IC_1", html_url: "u1", body: REPOST.text, user: { login: "copilot-swe-agent[bot]" } },
        { id: 2, node_id: "IC_2", html_url: "u2", body: `quoted\n\n${REPOST.text}`, user: { login: "agent-guardrails[bot]" } },
      ]);
    expect(await github.createComment(repo, 7, "quoted", { marker: REPOST })).toEqual({ id: 2, nodeId: "IC_2", url: "u2" });
    expect(requests).toEqual([{ method: "GET", path: "/repos/acme/widgets/issues/7/comments?per_page=100" }]);
  });

  test("createComment with a marker posts it when the thread has none of ours", async () => {
    let posted: { body?: string } = {};
    api().get("/repos/acme/widgets/issues/7/comments").query({ per_page: "100" }).reply(200, []);
    api()
      .post("/repos/acme/widgets/issues/7/comments", (b: typeof posted) => {
        posted = b;
        return true;
      })
      .reply(201, { id: 3, node_id: "IC_3", html_url: "u3" });
    expect(await github.createComment(repo, 7, "quoted", { marker: REPOST })).toEqual({ id: 3, nodeId: "IC_3", url: "u3" });
    expect(posted.body).toBe(`quoted\n\n${REPOST.text}`);
  });

  test("createComment posts the body and returns id, node id and url", async () => {
    let body: unknown;
    api()
      .post("/repos/acme/widgets/issues/7/comments", (b: unknown) => {
        body = b;
        return true;
      })
      .reply(201, { id: 555, node_id: "IC_kwDO555", html_url: "https://github.com/acme/widgets/pull/7#issuecomment-555", body: "hi" });
    expect(await github.createComment(repo, 7, "hi")).toEqual({
      id: 555,
      nodeId: "IC_kwDO555",
      url: "https://github.com/acme/widgets/pull/7#issuecomment-555",
    });
    expect(body).toEqual({ body: "hi" });
    expect(requests).toEqual([{ method: "POST", path: "/repos/acme/widgets/issues/7/comments" }]);
  });

  test("createDiscussionComment sends the mutation and maps databaseId, node id and url", async () => {
    let body: { query?: string; variables?: Record<string, unknown> } = {};
    api()
      .post("/graphql", (b: typeof body) => {
        body = b;
        return true;
      })
      .reply(200, {
        data: {
          addDiscussionComment: {
            comment: { id: "DC_kwDO77", databaseId: 77, url: "https://github.com/acme/widgets/discussions/3#discussioncomment-77" },
          },
        },
      });
    expect(await github.createDiscussionComment("D_kwDO3", "held text")).toEqual({
      id: 77,
      nodeId: "DC_kwDO77",
      url: "https://github.com/acme/widgets/discussions/3#discussioncomment-77",
    });
    expect(body.query).toMatch(
      /addDiscussionComment\(input: \{ discussionId: \$discussionId, body: \$body, replyToId: \$replyToId \}\) \{ comment \{ id databaseId url \} \}/,
    );
    expect(body.variables).toEqual({ discussionId: "D_kwDO3", body: "held text" });
    expect(requests).toEqual([{ method: "POST", path: "/graphql" }]);
  });

  test("createDiscussionComment with a comment to reply under sends replyToId", async () => {
    let body: { variables?: Record<string, unknown> } = {};
    api()
      .post("/graphql", (b: typeof body) => {
        body = b;
        return true;
      })
      .reply(200, { data: { addDiscussionComment: { comment: { id: "DC_kwDO78", databaseId: 78, url: "u" } } } });
    await github.createDiscussionComment("D_kwDO3", "status", "DC_kwDO70");
    expect(body.variables).toEqual({ discussionId: "D_kwDO3", body: "status", replyToId: "DC_kwDO70" });
    expect(requests).toHaveLength(1);
  });

  test.each([
    { name: "a reply", node: { replyTo: { id: "DC_kwDO70" } }, parent: "DC_kwDO70" },
    { name: "a top-level comment", node: { replyTo: null }, parent: null },
    { name: "a comment gone", node: null, parent: null },
  ])("getDiscussionCommentParent of $name is one query", async ({ node, parent }) => {
    let body: { query?: string; variables?: Record<string, unknown> } = {};
    api()
      .post("/graphql", (b: typeof body) => {
        body = b;
        return true;
      })
      .reply(200, { data: { node } });
    expect(await github.getDiscussionCommentParent("DC_kwDO71")).toBe(parent);
    expect(body.query).toContain("... on DiscussionComment { replyTo { id } }");
    expect(body.variables).toEqual({ id: "DC_kwDO71" });
    expect(requests).toEqual([{ method: "POST", path: "/graphql" }]);
  });

  test("replyToReviewComment posts to the thread root's replies route", async () => {
    let body: unknown;
    api()
      .post("/repos/acme/widgets/pulls/7/comments/900/replies", (b: unknown) => {
        body = b;
        return true;
      })
      .reply(201, { id: 901, node_id: "PRRC_901", html_url: "https://github.com/acme/widgets/pull/7#discussion_r901" });
    expect(await github.replyToReviewComment(repo, 7, 900, "status")).toEqual({
      id: 901,
      nodeId: "PRRC_901",
      url: "https://github.com/acme/widgets/pull/7#discussion_r901",
    });
    expect(body).toEqual({ body: "status" });
    expect(requests).toEqual([{ method: "POST", path: "/repos/acme/widgets/pulls/7/comments/900/replies" }]);
  });

  test.each([
    { anchor: { commitId: "c".repeat(40), path: "src/a.ts", line: 12, side: "LEFT" as const }, sent: { line: 12, side: "LEFT" } },
    { anchor: { commitId: "c".repeat(40), path: "src/a.ts" }, sent: { subject_type: "file" } },
  ])("createReviewComment starts a thread on commit, path and $sent", async ({ anchor, sent }) => {
    let body: unknown;
    api()
      .post("/repos/acme/widgets/pulls/7/comments", (b: unknown) => {
        body = b;
        return true;
      })
      .reply(201, { id: 902, node_id: "PRRC_902", html_url: "u" });
    await github.createReviewComment(repo, 7, anchor, "re-posted");
    expect(body).toEqual({ body: "re-posted", commit_id: "c".repeat(40), path: "src/a.ts", ...sent });
    expect(requests).toEqual([{ method: "POST", path: "/repos/acme/widgets/pulls/7/comments" }]);
  });

  test("createReviewComment on a line no longer in the diff is a final validation error", async () => {
    api()
      .post("/repos/acme/widgets/pulls/7/comments")
      .reply(422, {
        message: "Validation Failed",
        errors: [
          {
            resource: "PullRequestReviewComment",
            code: "custom",
            field: "pull_request_review_thread.line",
            message: "could not be resolved",
          },
        ],
      });
    expect(
      await failure(() => github.createReviewComment(repo, 7, { commitId: "c".repeat(40), path: "src/a.ts", line: 3 }, "x")),
    ).toMatchObject({ kind: "validation" });
    expect(requests).toHaveLength(1);
  });

  test("createDiscussionComment refused to the installation is forbidden", async () => {
    api()
      .post("/graphql")
      .reply(200, {
        data: { addDiscussionComment: null },
        errors: [{ type: "FORBIDDEN", message: "Resource not accessible by integration" }],
      });
    expect((await failure(() => github.createDiscussionComment("D_kwDO3", "x"))).kind).toBe("forbidden");
    expect(requests).toHaveLength(1);
  });

  test.each([
    { surface: "issue_comment", path: "/repos/acme/widgets/issues/comments/555" },
    { surface: "review_comment", path: "/repos/acme/widgets/pulls/comments/555" },
  ] as const)("deleteComment of an $surface deletes $path", async ({ surface, path }) => {
    api().delete(path).reply(204);
    await github.deleteComment(repo, surface, 555, "IC_kwDO555");
    expect(requests).toEqual([{ method: "DELETE", path }]);
  });

  test.each([
    { surface: "issue_comment", path: "/repos/acme/widgets/issues/comments/556" },
    { surface: "review_comment", path: "/repos/acme/widgets/pulls/comments/556" },
  ] as const)("deleteComment of an $surface already gone (404) succeeds", async ({ surface, path }) => {
    api().delete(path).reply(404, { message: "Not Found" });
    await expect(github.deleteComment(repo, surface, 556, "IC_kwDO556")).resolves.toBeUndefined();
    expect(requests).toEqual([{ method: "DELETE", path }]);
  });

  test("deleteComment of an issue comment throws other failures", async () => {
    api().delete("/repos/acme/widgets/issues/comments/557").reply(403, { message: "Resource not accessible by integration" });
    expect(await failure(() => github.deleteComment(repo, "issue_comment", 557, "IC_kwDO557"))).toMatchObject({
      kind: "forbidden",
      status: 403,
    });
    expect(requests).toHaveLength(1);
  });

  test("deleteComment of a discussion comment sends the mutation with the node id", async () => {
    let body: { query?: string; variables?: Record<string, unknown> } = {};
    api()
      .post("/graphql", (b: typeof body) => {
        body = b;
        return true;
      })
      .reply(200, { data: { deleteDiscussionComment: { comment: { id: "DC_kwDO77" } } } });
    await github.deleteComment(repo, "discussion_comment", 77, "DC_kwDO77");
    expect(body.query).toMatch(/deleteDiscussionComment\(input: \{ id: \$id \}\)/);
    expect(body.variables).toEqual({ id: "DC_kwDO77" });
    expect(requests).toEqual([{ method: "POST", path: "/graphql" }]);
  });

  test("deleteComment of a discussion comment already gone (NOT_FOUND) succeeds", async () => {
    api()
      .post("/graphql")
      .reply(200, {
        data: { deleteDiscussionComment: null },
        errors: [
          {
            type: "NOT_FOUND",
            path: ["deleteDiscussionComment"],
            message: "Could not resolve to a node with the global id of 'DC_kwDO78'",
          },
        ],
      });
    await expect(github.deleteComment(repo, "discussion_comment", 78, "DC_kwDO78")).resolves.toBeUndefined();
    expect(requests).toHaveLength(1);
  });

  test("deleteComment of a discussion comment refused is forbidden", async () => {
    api()
      .post("/graphql")
      .reply(200, {
        data: { deleteDiscussionComment: null },
        errors: [{ type: "FORBIDDEN", message: "Resource not accessible by integration" }],
      });
    expect((await failure(() => github.deleteComment(repo, "discussion_comment", 79, "DC_kwDO79"))).kind).toBe("forbidden");
    expect(requests).toHaveLength(1);
  });

  test("deleteComment of a submitted review is a final validation error and sends nothing", async () => {
    const err = await failure(() => github.deleteComment(repo, "review", 99, "PRR_kwDO99"));
    expect(err).toMatchObject({ kind: "validation", transient: false });
    expect(requests).toEqual([]);
  });

  test("closeIssue patches state closed as not planned", async () => {
    let body: unknown;
    api()
      .patch("/repos/acme/widgets/issues/12", (b: unknown) => {
        body = b;
        return true;
      })
      .reply(200, { number: 12, state: "closed", state_reason: "not_planned" });
    await github.closeIssue(repo, 12);
    expect(body).toEqual({ state: "closed", state_reason: "not_planned" });
    expect(requests).toEqual([{ method: "PATCH", path: "/repos/acme/widgets/issues/12" }]);
  });

  test("closeIssue of a missing issue is not_found", async () => {
    api().patch("/repos/acme/widgets/issues/13").reply(404, { message: "Not Found" });
    expect((await failure(() => github.closeIssue(repo, 13))).kind).toBe("not_found");
    expect(requests).toHaveLength(1);
  });

  test("minimizeComment sends subject and classifier as variables", async () => {
    let body: { query?: string; variables?: Record<string, unknown> } = {};
    api()
      .post("/graphql", (b: typeof body) => {
        body = b;
        return true;
      })
      .reply(200, { data: { minimizeComment: { minimizedComment: { isMinimized: true } } } });
    await github.minimizeComment("IC_kwDO555", "SPAM");
    expect(body.query).toMatch(/minimizeComment\(input: \{ subjectId: \$subjectId, classifier: \$classifier \}\)/);
    expect(body.variables).toEqual({ subjectId: "IC_kwDO555", classifier: "SPAM" });
    expect(requests).toEqual([{ method: "POST", path: "/graphql" }]);
  });

  test("unminimizeComment sends the subject", async () => {
    let body: { query?: string; variables?: Record<string, unknown> } = {};
    api()
      .post("/graphql", (b: typeof body) => {
        body = b;
        return true;
      })
      .reply(200, { data: { unminimizeComment: { unminimizedComment: { isMinimized: false } } } });
    await github.unminimizeComment("IC_kwDO555");
    expect(body.query).toMatch(/unminimizeComment\(input: \{ subjectId: \$subjectId \}\)/);
    expect(body.variables).toEqual({ subjectId: "IC_kwDO555" });
    expect(requests).toHaveLength(1);
  });
});

describe("containment", () => {
  const AGENT_SHA = "a".repeat(40);
  const BEFORE_SHA = "b".repeat(40);
  const BEFORE_TREE = "d".repeat(40);
  const REVERT_SHA = "e".repeat(40);
  const push = { ref: "refs/heads/main", sha: AGENT_SHA, before: BEFORE_SHA };

  /** The reads of a revert whose tip is still the agent's, and the commit it writes (body captured). */
  function revertUpToTheRef(): { commit: () => unknown } {
    let commit: unknown;
    api()
      .get("/repos/acme/widgets/git/ref/heads%2Fmain")
      .reply(200, { ref: "refs/heads/main", object: { type: "commit", sha: AGENT_SHA } });
    api()
      .get(`/repos/acme/widgets/git/commits/${BEFORE_SHA}`)
      .reply(200, { sha: BEFORE_SHA, tree: { sha: BEFORE_TREE }, parents: [] });
    api()
      .post("/repos/acme/widgets/git/commits", (b: unknown) => {
        commit = b;
        return true;
      })
      .reply(201, { sha: REVERT_SHA, tree: { sha: BEFORE_TREE }, parents: [{ sha: AGENT_SHA }] });
    return { commit: () => commit };
  }

  const READS_AND_COMMIT = [
    { method: "GET", path: "/repos/acme/widgets/git/ref/heads%2Fmain" },
    { method: "GET", path: `/repos/acme/widgets/git/commits/${BEFORE_SHA}` },
    { method: "POST", path: "/repos/acme/widgets/git/commits" },
  ];

  test("unassignEverywhere lists the agent's open issues and removes it from each — 1 + N requests", async () => {
    const bodies: unknown[] = [];
    api()
      .get("/repos/acme/widgets/issues")
      .query({ assignee: "Copilot", state: "open", per_page: "100" })
      .reply(200, [{ number: 3 }, { number: 8 }]);
    for (const n of [3, 8]) {
      api()
        .delete(`/repos/acme/widgets/issues/${n}/assignees`, (b: unknown) => {
          bodies.push(b);
          return true;
        })
        .reply(200, { number: n, assignees: [] });
    }
    expect(await github.unassignEverywhere(repo, "Copilot")).toEqual([3, 8]);
    expect(bodies).toEqual([{ assignees: ["Copilot"] }, { assignees: ["Copilot"] }]);
    expect(requests.map((r) => `${r.method} ${r.path.split("?")[0]}`)).toEqual([
      "GET /repos/acme/widgets/issues",
      "DELETE /repos/acme/widgets/issues/3/assignees",
      "DELETE /repos/acme/widgets/issues/8/assignees",
    ]);
  });

  test("unassignEverywhere reads every page (150 items over 2) before removing — 2 + 150 requests", async () => {
    const assigned = Array.from({ length: 150 }, (_, i) => ({ number: i + 1 }));
    servePages("/repos/acme/widgets/issues", [assigned.slice(0, 100), assigned.slice(100)], {
      assignee: "Copilot",
      state: "open",
      per_page: "100",
    });
    api()
      .delete(/\/repos\/acme\/widgets\/issues\/\d+\/assignees/)
      .times(150)
      .reply(200, { assignees: [] });
    expect(await github.unassignEverywhere(repo, "Copilot")).toEqual(assigned.map((a) => a.number));
    expect(requests.slice(0, 2).map((r) => r.path)).toEqual([
      "/repos/acme/widgets/issues?assignee=Copilot&state=open&per_page=100",
      "/repos/acme/widgets/issues?assignee=Copilot&state=open&per_page=100&page=2",
    ]);
    expect(requests.slice(2).map((r) => `${r.method} ${r.path}`)).toEqual(
      assigned.map((a) => `DELETE /repos/acme/widgets/issues/${a.number}/assignees`),
    );
  });

  test("unassignEverywhere with nothing assigned is one read", async () => {
    api().get("/repos/acme/widgets/issues").query(true).reply(200, []);
    expect(await github.unassignEverywhere(repo, "Copilot")).toEqual([]);
    expect(requests).toHaveLength(1);
  });

  test("reopenIssue patches state open", async () => {
    let body: unknown;
    api()
      .patch("/repos/acme/widgets/issues/12", (b: unknown) => {
        body = b;
        return true;
      })
      .reply(200, { number: 12, state: "open" });
    await github.reopenIssue(repo, 12);
    expect(body).toEqual({ state: "open" });
    expect(requests).toEqual([{ method: "PATCH", path: "/repos/acme/widgets/issues/12" }]);
  });

  test("reopenPullRequest patches state open", async () => {
    let body: unknown;
    api()
      .patch("/repos/acme/widgets/pulls/7", (b: unknown) => {
        body = b;
        return true;
      })
      .reply(200, { ...PR, state: "open" });
    await github.reopenPullRequest(repo, 7);
    expect(body).toEqual({ state: "open" });
    expect(requests).toEqual([{ method: "PATCH", path: "/repos/acme/widgets/pulls/7" }]);
  });

  test("reopenPullRequest of a PR whose branch is gone is a validation error", async () => {
    api()
      .patch("/repos/acme/widgets/pulls/7")
      .reply(422, { message: "Validation Failed", errors: [{ resource: "PullRequest", code: "custom", field: "state" }] });
    expect(await failure(() => github.reopenPullRequest(repo, 7))).toMatchObject({ kind: "validation", status: 422 });
    expect(requests).toHaveLength(1);
  });

  test("revertPush writes a commit with the earlier tree on the agent's tip and fast-forwards the ref", async () => {
    const { commit } = revertUpToTheRef();
    let update: unknown;
    api()
      .patch("/repos/acme/widgets/git/refs/heads%2Fmain", (b: unknown) => {
        update = b;
        return true;
      })
      .reply(200, { ref: "refs/heads/main", object: { type: "commit", sha: REVERT_SHA } });

    expect(await github.revertPush(repo, push)).toEqual({ outcome: "reverted", commitSha: REVERT_SHA });
    expect(commit()).toEqual({
      message: `Revert agent push aaaaaaa (agent-guardrails containment)\n\nRestores the tree of ${BEFORE_SHA}.`,
      tree: BEFORE_TREE,
      parents: [AGENT_SHA],
    });
    expect(update).toEqual({ sha: REVERT_SHA, force: false });
    expect(requests).toEqual([...READS_AND_COMMIT, { method: "PATCH", path: "/repos/acme/widgets/git/refs/heads%2Fmain" }]);
  });

  test("revertPush of a branch with slashes keeps them in the ref", async () => {
    api()
      .get("/repos/acme/widgets/git/ref/heads%2Fagent%2Ffix")
      .reply(200, { ref: "refs/heads/agent/fix", object: { type: "commit", sha: "c".repeat(40) } });
    const result = await github.revertPush(repo, { ...push, ref: "refs/heads/agent/fix" });
    expect(result).toEqual({
      outcome: "escalated",
      why: `refs/heads/agent/fix moved on since the agent's push (tip is ${"c".repeat(40)}): revert by hand`,
    });
    expect(requests).toEqual([{ method: "GET", path: "/repos/acme/widgets/git/ref/heads%2Fagent%2Ffix" }]);
  });

  test("revertPush escalates without writing when the branch moved on", async () => {
    const tip = "f".repeat(40);
    api()
      .get("/repos/acme/widgets/git/ref/heads%2Fmain")
      .reply(200, { ref: "refs/heads/main", object: { type: "commit", sha: tip } });
    expect(await github.revertPush(repo, push)).toEqual({
      outcome: "escalated",
      why: `refs/heads/main moved on since the agent's push (tip is ${tip}): revert by hand`,
    });
    expect(requests).toEqual([{ method: "GET", path: "/repos/acme/widgets/git/ref/heads%2Fmain" }]);
  });

  test("revertPush escalates without writing when the branch is gone", async () => {
    api().get("/repos/acme/widgets/git/ref/heads%2Fmain").reply(404, { message: "Not Found" });
    expect(await github.revertPush(repo, push)).toEqual({ outcome: "escalated", why: "refs/heads/main no longer exists: revert by hand" });
    expect(requests).toHaveLength(1);
  });

  test.each([
    { name: "created the branch", input: { ...push, before: "0".repeat(40) }, why: /the push created refs\/heads\/main/ },
    { name: "deleted the branch", input: { ...push, sha: "0".repeat(40) }, why: /the push deleted refs\/heads\/main/ },
    { name: "moved a tag", input: { ...push, ref: "refs/tags/v1" }, why: /refs\/tags\/v1 is not a branch/ },
  ])("revertPush of a push that $name escalates before any request", async ({ input, why }) => {
    const result = await github.revertPush(repo, input);
    expect(result).toEqual({ outcome: "escalated", why: expect.stringMatching(why) });
    expect(requests).toEqual([]);
  });

  test("revertPush escalates when someone pushed between the read and the ref update", async () => {
    revertUpToTheRef();
    api().patch("/repos/acme/widgets/git/refs/heads%2Fmain").reply(422, { message: "Update is not a fast forward" });
    expect(await github.revertPush(repo, push)).toEqual({
      outcome: "escalated",
      why: "refs/heads/main moved on while the revert was being written: revert by hand",
    });
    expect(requests).toEqual([...READS_AND_COMMIT, { method: "PATCH", path: "/repos/acme/widgets/git/refs/heads%2Fmain" }]);
  });

  test.each([403, 422])(
    "revertPush escalates when GitHub refuses workflow files (%i) and does not repeat GitHub's text",
    async (status) => {
      revertUpToTheRef();
      api().patch("/repos/acme/widgets/git/refs/heads%2Fmain").reply(status, {
        message: "refusing to allow a GitHub App to create or update workflow `.github/workflows/evil.yml` without `workflows` permission",
      });
      const result = await github.revertPush(repo, push);
      expect(result).toEqual({ outcome: "escalated", why: expect.stringContaining("workflows permission") });
      expect(JSON.stringify(result)).not.toContain("evil.yml");
      expect(requests).toHaveLength(4);
    },
  );

  describe("revertPush to a protected branch", () => {
    const BRANCH = "agent-guardrails/revert-aaaaaaa";
    const REF_PATCH = { method: "PATCH", path: "/repos/acme/widgets/git/refs/heads%2Fmain" };
    const BRANCH_POST = { method: "POST", path: "/repos/acme/widgets/git/refs" };
    const PULL_POST = { method: "POST", path: "/repos/acme/widgets/pulls" };
    const PR_URL = "https://github.com/acme/widgets/pull/77";
    const BRANCH_REF = "/repos/acme/widgets/git/ref/heads%2Fagent-guardrails%2Frevert-aaaaaaa";
    const BRANCH_GET = { method: "GET", path: BRANCH_REF };
    const PULLS_GET = { method: "GET", path: `/repos/acme/widgets/pulls?head=acme%3A${encodeURIComponent(BRANCH)}&base=main&state=open` };
    /** The look-ups before each create: no revert branch, no open PR from it yet. */
    const nothingYet = (pull = true): void => {
      api().get(BRANCH_REF).reply(404, { message: "Not Found" });
      if (pull)
        api()
          .get("/repos/acme/widgets/pulls")
          .query({ head: `acme:${BRANCH}`, base: "main", state: "open" })
          .reply(200, []);
    };

    /** GitHub's refusals of a direct update, as branch protection and rulesets word them. */
    const REFUSALS = [
      { status: 422, message: "Protected branch update failed for refs/heads/main." },
      { status: 422, message: "Changes must be made through a pull request." },
      { status: 422, message: "Repository rule violations found\n\nChanges must be made through a pull request.\n\n" },
      { status: 409, message: "Conflict" },
    ];

    test.each(REFUSALS)("$status $message → the commit on its own branch and a revert PR into main", async ({ status, message }) => {
      revertUpToTheRef();
      api().patch("/repos/acme/widgets/git/refs/heads%2Fmain").reply(status, { message });
      nothingYet();
      let branch: unknown;
      let pull: { title?: string; body?: string; head?: string; base?: string } = {};
      api()
        .post("/repos/acme/widgets/git/refs", (b: unknown) => {
          branch = b;
          return true;
        })
        .reply(201, { ref: `refs/heads/${BRANCH}`, object: { sha: REVERT_SHA } });
      api()
        .post("/repos/acme/widgets/pulls", (b: typeof pull) => {
          pull = b;
          return true;
        })
        .reply(201, { number: 77, html_url: PR_URL });

      expect(await github.revertPush(repo, push)).toEqual({
        outcome: "revert_pr",
        commitSha: REVERT_SHA,
        branch: BRANCH,
        number: 77,
        url: PR_URL,
      });
      expect(branch).toEqual({ ref: `refs/heads/${BRANCH}`, sha: REVERT_SHA });
      expect(pull).toMatchObject({ title: "Revert agent push aaaaaaa to main", head: BRANCH, base: "main" });
      expect(pull.body).toContain(`restores the tree of ${BEFORE_SHA}`);
      expect(pull.body).toContain("A human must review and merge it");
      expect(requests).toEqual([...READS_AND_COMMIT, REF_PATCH, BRANCH_GET, BRANCH_POST, PULLS_GET, PULL_POST]);
    });

    /** The reads, the commit and the refused ref update of a retried revert. */
    function refusedUpToTheBranch(): void {
      revertUpToTheRef();
      api().patch("/repos/acme/widgets/git/refs/heads%2Fmain").reply(422, { message: "Changes must be made through a pull request." });
    }

    test("on retry the branch exists with the first attempt's revert and its PR is open: both found, nothing created", async () => {
      const FIRST = "9".repeat(40);
      refusedUpToTheBranch();
      api()
        .get(BRANCH_REF)
        .reply(200, { ref: `refs/heads/${BRANCH}`, object: { sha: FIRST } });
      api()
        .get(`/repos/acme/widgets/git/commits/${FIRST}`)
        .reply(200, { sha: FIRST, tree: { sha: BEFORE_TREE }, parents: [{ sha: AGENT_SHA }] });
      api()
        .get("/repos/acme/widgets/pulls")
        .query({ head: `acme:${BRANCH}`, base: "main", state: "open" })
        .reply(200, [{ number: 77, html_url: PR_URL }]);

      expect(await github.revertPush(repo, push)).toEqual({
        outcome: "revert_pr",
        commitSha: FIRST,
        branch: BRANCH,
        number: 77,
        url: PR_URL,
      });
      expect(requests).toEqual([
        ...READS_AND_COMMIT,
        REF_PATCH,
        BRANCH_GET,
        { method: "GET", path: `/repos/acme/widgets/git/commits/${FIRST}` },
        PULLS_GET,
      ]);
    });

    test("a branch and a PR created between the look-ups and the writes: GitHub's 'already exists' answers are read the same way", async () => {
      const FIRST = "9".repeat(40);
      refusedUpToTheBranch();
      api().get(BRANCH_REF).reply(404, { message: "Not Found" });
      api().post("/repos/acme/widgets/git/refs").reply(422, { message: "Reference already exists" });
      api()
        .get(BRANCH_REF)
        .reply(200, { ref: `refs/heads/${BRANCH}`, object: { sha: FIRST } });
      api()
        .get(`/repos/acme/widgets/git/commits/${FIRST}`)
        .reply(200, { sha: FIRST, tree: { sha: BEFORE_TREE }, parents: [{ sha: AGENT_SHA }] });
      api()
        .get("/repos/acme/widgets/pulls")
        .query({ head: `acme:${BRANCH}`, base: "main", state: "open" })
        .reply(200, []);
      api()
        .post("/repos/acme/widgets/pulls")
        .reply(422, {
          message: "Validation Failed",
          errors: [{ resource: "PullRequest", code: "custom", message: `A pull request already exists for acme:${BRANCH}.` }],
        });
      api()
        .get("/repos/acme/widgets/pulls")
        .query({ head: `acme:${BRANCH}`, base: "main", state: "open" })
        .reply(200, [{ number: 77, html_url: PR_URL }]);

      expect(await github.revertPush(repo, push)).toEqual({
        outcome: "revert_pr",
        commitSha: FIRST,
        branch: BRANCH,
        number: 77,
        url: PR_URL,
      });
      expect(requests).toEqual([
        ...READS_AND_COMMIT,
        REF_PATCH,
        BRANCH_GET,
        BRANCH_POST,
        BRANCH_GET,
        { method: "GET", path: `/repos/acme/widgets/git/commits/${FIRST}` },
        PULLS_GET,
        PULL_POST,
        PULLS_GET,
      ]);
    });

    test("a branch of that name holding something else is not taken over: a human decides", async () => {
      const OTHER = "8".repeat(40);
      refusedUpToTheBranch();
      api()
        .get(BRANCH_REF)
        .reply(200, { object: { sha: OTHER } });
      api()
        .get(`/repos/acme/widgets/git/commits/${OTHER}`)
        .reply(200, { sha: OTHER, tree: { sha: "7".repeat(40) }, parents: [{ sha: "6".repeat(40) }] });
      const result = await github.revertPush(repo, push);
      expect(result).toEqual({ outcome: "escalated", why: expect.stringContaining("already holds other commits") });
      expect(requests).toHaveLength(6);
    });

    test.each([
      {
        step: "the branch",
        status: 403,
        branch: { status: 403, message: "Resource not accessible by integration" },
        pull: undefined,
        why: "and to create the branch",
      },
      {
        step: "the branch",
        status: 422,
        branch: { status: 422, message: "Repository rule violations found\n\nCannot create ref due to creations being restricted." },
        pull: undefined,
        why: "and to create the branch",
      },
      {
        step: "the PR",
        status: 403,
        branch: undefined,
        pull: { status: 403, message: "Resource not accessible by integration" },
        why: "and to open a pull request",
      },
    ])("GitHub refusing $step too ($status) escalates with the exact steps for a human", async ({ branch, pull, why }) => {
      refusedUpToTheBranch();
      nothingYet(!branch);
      if (branch) api().post("/repos/acme/widgets/git/refs").reply(branch.status, { message: branch.message });
      else
        api()
          .post("/repos/acme/widgets/git/refs")
          .reply(201, { ref: `refs/heads/${BRANCH}`, object: { sha: REVERT_SHA } });
      if (pull) api().post("/repos/acme/widgets/pulls").reply(pull.status, { message: pull.message });
      const result = await github.revertPush(repo, push);
      if (result.outcome !== "escalated") throw new Error(`expected an escalation, got ${JSON.stringify(result)}`);
      expect(result.why).toContain(why);
      expect(result.why).toContain(`git switch -c ${BRANCH} ${AGENT_SHA} && git restore --source=${BEFORE_SHA} --staged --worktree :/`);
      expect(result.why).toContain("open a pull request into main");
      expect(requests).toHaveLength(pull ? 8 : 6);
    });
  });

  test("revertPush throws other ref-update failures", async () => {
    revertUpToTheRef();
    api().patch("/repos/acme/widgets/git/refs/heads%2Fmain").reply(403, { message: "Resource not accessible by integration" });
    expect(await failure(() => github.revertPush(repo, push))).toMatchObject({ kind: "forbidden", status: 403 });
    expect(requests).toHaveLength(4);
  });

  test("revertPush throws a failed read and writes nothing", async () => {
    api()
      .get("/repos/acme/widgets/git/ref/heads%2Fmain")
      .reply(200, { ref: "refs/heads/main", object: { type: "commit", sha: AGENT_SHA } });
    api().get(`/repos/acme/widgets/git/commits/${BEFORE_SHA}`).reply(502, { message: "Server Error" });
    expect(await failure(() => github.revertPush(repo, push))).toMatchObject({ kind: "server", status: 502 });
    expect(requests).toEqual(READS_AND_COMMIT.slice(0, 2));
  });

  test("revertMerge sends the mutation with the PR node id and returns the revert PR", async () => {
    let body: { query?: string; variables?: Record<string, unknown> } = {};
    api()
      .post("/graphql", (b: typeof body) => {
        body = b;
        return true;
      })
      .reply(200, { data: { revertPullRequest: { revertPullRequest: { number: 31, url: "https://github.com/acme/widgets/pull/31" } } } });
    expect(await github.revertMerge("PR_kwDOA7")).toEqual({ number: 31, url: "https://github.com/acme/widgets/pull/31" });
    expect(body.query).toBe(
      "mutation($id: ID!, $body: String) { revertPullRequest(input: { pullRequestId: $id, body: $body }) { revertPullRequest { number url } } }",
    );
    expect(body.variables).toEqual({ id: "PR_kwDOA7" });
    expect(requests).toEqual([{ method: "POST", path: "/graphql" }]);
  });

  const REVERT_MARKER = { text: "<!-- agent-guardrails:revert-merge pr=42 -->", author: "agent-guardrails[bot]" };

  test("revertMerge with the merged PR looks for an open revert of it first: none, so the mutation carries the marker", async () => {
    let body: { variables?: Record<string, unknown> } = {};
    api()
      .get("/repos/acme/widgets/pulls")
      .query({ state: "open", per_page: "100" })
      .reply(200, [
        {
          number: 50,
          html_url: "https://github.com/acme/widgets/pull/50",
          head: { ref: "revert-4-x" },
          user: { login: "agent-guardrails[bot]" },
          body: "",
        },
      ]);
    api()
      .post("/graphql", (b: typeof body) => {
        body = b;
        return true;
      })
      .reply(200, { data: { revertPullRequest: { revertPullRequest: { number: 51, url: "https://github.com/acme/widgets/pull/51" } } } });
    expect(await github.revertMerge("PR_kwDOA7", { repo, number: 42 }, { marker: REVERT_MARKER })).toEqual({
      number: 51,
      url: "https://github.com/acme/widgets/pull/51",
    });
    expect(body.variables).toEqual({ id: "PR_kwDOA7", body: `Reverts acme/widgets#42\n\n${REVERT_MARKER.text}` });
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /repos/acme/widgets/pulls?state=open&per_page=100",
      "POST /graphql",
    ]);
  });

  test.each([
    {
      found: "GitHub's revert branch",
      pr: { head: { ref: "revert-42-feature" }, user: { login: "agent-guardrails[bot]" }, body: "Reverts acme/widgets#42" },
    },
    {
      found: "the marker (branch renamed)",
      pr: { head: { ref: "undo" }, user: { login: "agent-guardrails[bot]" }, body: `Reverts acme/widgets#42\n\n${REVERT_MARKER.text}` },
    },
  ])("revertMerge finds the open revert PR by $found and sends no mutation", async ({ pr }) => {
    api()
      .get("/repos/acme/widgets/pulls")
      .query({ state: "open", per_page: "100" })
      .reply(200, [{ number: 60, html_url: "https://github.com/acme/widgets/pull/60", ...pr }]);
    expect(await github.revertMerge("PR_kwDOA7", { repo, number: 42 }, { marker: REVERT_MARKER })).toEqual({
      number: 60,
      url: "https://github.com/acme/widgets/pull/60",
    });
    expect(requests).toHaveLength(1);
  });

  test("revertMerge ignores a revert branch someone else opened, and a marker in an agent's PR", async () => {
    api()
      .get("/repos/acme/widgets/pulls")
      .query({ state: "open", per_page: "100" })
      .reply(200, [
        { number: 61, html_url: "u61", head: { ref: "revert-42-feature" }, user: { login: "copilot-swe-agent[bot]" }, body: "" },
        { number: 62, html_url: "u62", head: { ref: "x" }, user: { login: "copilot-swe-agent[bot]" }, body: REVERT_MARKER.text },
      ]);
    api()
      .post("/graphql")
      .reply(200, { data: { revertPullRequest: { revertPullRequest: { number: 63, url: "u63" } } } });
    expect(await github.revertMerge("PR_kwDOA7", { repo, number: 42 }, { marker: REVERT_MARKER })).toEqual({ number: 63, url: "u63" });
  });

  test("revertMerge of an unmerged PR is a validation error", async () => {
    api()
      .post("/graphql")
      .reply(200, { data: { revertPullRequest: null }, errors: [{ type: "UNPROCESSABLE", message: "Pull request is not merged" }] });
    expect((await failure(() => github.revertMerge("PR_kwDOA7"))).kind).toBe("validation");
    expect(requests).toHaveLength(1);
  });

  const INCIDENT = "Agent guardrails tripped: copilot";
  const LABELS = ["agent-guardrails", "incident"];
  const LIST_QUERY = { state: "open", labels: "agent-guardrails,incident", per_page: "100" };
  const LIST_PATH = "/repos/acme/widgets/issues?state=open&labels=agent-guardrails%2Cincident&per_page=100";

  test("ensureIssue updates the body of the open issue with that title and labels", async () => {
    let update: unknown;
    api()
      .get("/repos/acme/widgets/issues")
      .query(LIST_QUERY)
      .reply(200, [
        // A pull request with the same title is not the incident issue.
        { number: 40, title: INCIDENT, html_url: "https://github.com/acme/widgets/pull/40", pull_request: { url: "x" } },
        { number: 41, title: "Agent guardrails tripped: devin", html_url: "https://github.com/acme/widgets/issues/41" },
        { number: 42, title: INCIDENT, html_url: "https://github.com/acme/widgets/issues/42" },
      ]);
    api()
      .patch("/repos/acme/widgets/issues/42", (b: unknown) => {
        update = b;
        return true;
      })
      .reply(200, { number: 42, title: INCIDENT, html_url: "https://github.com/acme/widgets/issues/42" });

    expect(await github.ensureIssue(repo, INCIDENT, "new body", LABELS)).toEqual({
      number: 42,
      url: "https://github.com/acme/widgets/issues/42",
      created: false,
    });
    expect(update).toEqual({ body: "new body" });
    expect(requests).toEqual([
      { method: "GET", path: LIST_PATH },
      { method: "PATCH", path: "/repos/acme/widgets/issues/42" },
    ]);
  });

  test("ensureIssue creates the issue when none is open", async () => {
    let created: unknown;
    api()
      .get("/repos/acme/widgets/issues")
      .query(LIST_QUERY)
      .reply(200, [{ number: 40, title: INCIDENT, html_url: "u", pull_request: { url: "x" } }]);
    api()
      .post("/repos/acme/widgets/issues", (b: unknown) => {
        created = b;
        return true;
      })
      .reply(201, { number: 43, title: INCIDENT, html_url: "https://github.com/acme/widgets/issues/43" });

    expect(await github.ensureIssue(repo, INCIDENT, "body", LABELS)).toEqual({
      number: 43,
      url: "https://github.com/acme/widgets/issues/43",
      created: true,
    });
    expect(created).toEqual({ title: INCIDENT, body: "body", labels: LABELS });
    expect(requests).toEqual([
      { method: "GET", path: LIST_PATH },
      { method: "POST", path: "/repos/acme/widgets/issues" },
    ]);
  });

  test("ensureIssue without labels lists every open issue", async () => {
    api().get("/repos/acme/widgets/issues").query({ state: "open", per_page: "100" }).reply(200, []);
    api().post("/repos/acme/widgets/issues").reply(201, { number: 44, html_url: "https://github.com/acme/widgets/issues/44" });
    expect(await github.ensureIssue(repo, INCIDENT, "body", [])).toMatchObject({ number: 44, created: true });
    expect(requests).toEqual([
      { method: "GET", path: "/repos/acme/widgets/issues?state=open&per_page=100" },
      { method: "POST", path: "/repos/acme/widgets/issues" },
    ]);
  });

  /** `count` open issues numbered from `from`, none of them the incident. */
  function otherIssues(from: number, count: number): { number: number; title: string; html_url: string }[] {
    return Array.from({ length: count }, (_, i) => ({
      number: from + i,
      title: `Other ${from + i}`,
      html_url: `https://github.com/acme/widgets/issues/${from + i}`,
    }));
  }

  test("ensureIssue pages until it finds the issue and reads no further page", async () => {
    const page2 = [
      ...otherIssues(101, 49),
      { number: 150, title: INCIDENT, html_url: "https://github.com/acme/widgets/issues/150" },
      ...otherIssues(151, 50),
    ];
    // Three pages are linked; the third must never be asked for.
    const search = (page: number) => `state=open&labels=agent-guardrails%2Cincident&per_page=100&page=${page}`;
    api()
      .get("/repos/acme/widgets/issues")
      .query(LIST_QUERY)
      .reply(200, otherIssues(1, 100), { link: `<${API}/repos/acme/widgets/issues?${search(2)}>; rel="next"` });
    api()
      .get("/repos/acme/widgets/issues")
      .query({ ...LIST_QUERY, page: "2" })
      .reply(200, page2, { link: `<${API}/repos/acme/widgets/issues?${search(3)}>; rel="next"` });
    api().patch("/repos/acme/widgets/issues/150").reply(200, { number: 150, html_url: "https://github.com/acme/widgets/issues/150" });
    expect(await github.ensureIssue(repo, INCIDENT, "body", LABELS)).toEqual({
      number: 150,
      url: "https://github.com/acme/widgets/issues/150",
      created: false,
    });
    expect(requests).toEqual([
      { method: "GET", path: LIST_PATH },
      { method: "GET", path: `/repos/acme/widgets/issues?${search(2)}` },
      { method: "PATCH", path: "/repos/acme/widgets/issues/150" },
    ]);
  });

  test("ensureIssue reads all 150 labelled issues before it creates one", async () => {
    servePages("/repos/acme/widgets/issues", [otherIssues(1, 100), otherIssues(101, 50)], LIST_QUERY);
    api().post("/repos/acme/widgets/issues").reply(201, { number: 151, html_url: "https://github.com/acme/widgets/issues/151" });
    expect(await github.ensureIssue(repo, INCIDENT, "body", LABELS)).toMatchObject({ number: 151, created: true });
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET ${LIST_PATH}`,
      `GET ${LIST_PATH}&page=2`,
      "POST /repos/acme/widgets/issues",
    ]);
  });

  const INCIDENT_MARKER = {
    text: '<!-- agent-guardrails:incident "Agent guardrails tripped: copilot" -->',
    author: "agent-guardrails[bot]",
  };

  test("ensureIssue with a marker finds our issue by it (title edited by a human), and the update keeps the marker", async () => {
    let update: { body?: string } = {};
    api()
      .get("/repos/acme/widgets/issues")
      .query(LIST_QUERY)
      .reply(200, [
        // An agent's issue quoting the marker is not ours.
        { number: 44, title: "x", body: INCIDENT_MARKER.text, user: { login: "copilot-swe-agent[bot]" }, html_url: "u44" },
        {
          number: 45,
          title: "Copilot incident (triaged)",
          body: `old\n\n${INCIDENT_MARKER.text}`,
          user: { login: "agent-guardrails[bot]" },
          html_url: "u45",
        },
      ]);
    api()
      .patch("/repos/acme/widgets/issues/45", (b: typeof update) => {
        update = b;
        return true;
      })
      .reply(200, { number: 45, html_url: "u45" });
    expect(await github.ensureIssue(repo, INCIDENT, "new body", LABELS, { marker: INCIDENT_MARKER })).toEqual({
      number: 45,
      url: "u45",
      created: false,
    });
    expect(update.body).toBe(`new body\n\n${INCIDENT_MARKER.text}`);
  });

  test("ensureIssue with a marker creates the issue carrying it, and renews the claim between pages and before the write", async () => {
    let created: { body?: string } = {};
    const checkpoint = jest.fn(async () => {});
    servePages("/repos/acme/widgets/issues", [otherIssues(1, 100), otherIssues(101, 5)], LIST_QUERY);
    api()
      .post("/repos/acme/widgets/issues", (b: typeof created) => {
        created = b;
        return true;
      })
      .reply(201, { number: 106, html_url: "u106" });
    expect(await github.ensureIssue(repo, INCIDENT, "body", LABELS, { marker: INCIDENT_MARKER, checkpoint })).toMatchObject({
      number: 106,
      created: true,
    });
    expect(created.body).toBe(`body\n\n${INCIDENT_MARKER.text}`);
    expect(checkpoint).toHaveBeenCalledTimes(2);
  });

  test("ensureIssue throws a failed list and creates nothing", async () => {
    api().get("/repos/acme/widgets/issues").query(LIST_QUERY).reply(403, { message: "Resource not accessible by integration" });
    expect((await failure(() => github.ensureIssue(repo, INCIDENT, "body", LABELS))).kind).toBe("forbidden");
    expect(requests).toHaveLength(1);
  });

  /** `count` changed files named `<prefix><i>`. */
  function files(prefix: string, count: number): { filename: string; status: string }[] {
    return Array.from({ length: count }, (_, i) => ({ filename: `${prefix}${i}`, status: "modified" }));
  }

  const FILES = "/repos/acme/widgets/pulls/7/files";

  test("listPullRequestFiles reads one page and names both sides of a rename", async () => {
    api()
      .get(FILES)
      .query({ per_page: "100" })
      .reply(200, [
        { filename: "src/a.ts", status: "modified" },
        { filename: "docs/ci.yml", previous_filename: ".github/workflows/ci.yml", status: "renamed" },
      ]);
    expect(await github.listPullRequestFiles(repo, 7)).toEqual({
      paths: ["src/a.ts", "docs/ci.yml", ".github/workflows/ci.yml"],
      truncated: false,
    });
    expect(requests).toEqual([{ method: "GET", path: `${FILES}?per_page=100` }]);
  });

  test("listPullRequestFiles follows the Link headers to the last page", async () => {
    servePages(FILES, [files("p1/", 100), files("p2/", 100), files("p3/", 1)]);
    const { paths, truncated } = await github.listPullRequestFiles(repo, 7, 201);
    expect(paths).toHaveLength(201);
    expect([paths[0], paths[100], paths[200]]).toEqual(["p1/0", "p2/0", "p3/0"]);
    expect(truncated).toBe(false);
    expect(requests.map((r) => r.path)).toEqual([`${FILES}?per_page=100`, `${FILES}?per_page=100&page=2`, `${FILES}?per_page=100&page=3`]);
  });

  test("listPullRequestFiles at GitHub's cap: 30 pages of 100, then no next link — truncated", async () => {
    servePages(
      FILES,
      Array.from({ length: 30 }, (_, i) => files(`p${i + 1}/`, 100)),
    );
    const { paths, truncated } = await github.listPullRequestFiles(repo, 7, 4200);
    expect(paths).toHaveLength(3000);
    expect(truncated).toBe(true);
    expect(requests).toHaveLength(30);
  });

  test("listPullRequestFiles with 31 linked pages reads them all and is truncated", async () => {
    // However GitHub pages it, 3,000 files or more is its cap: the rest was never listed.
    servePages(
      FILES,
      Array.from({ length: 31 }, (_, i) => files(`p${i + 1}/`, i === 30 ? 7 : 100)),
    );
    const { paths, truncated } = await github.listPullRequestFiles(repo, 7);
    expect(paths).toHaveLength(3007);
    expect(truncated).toBe(true);
    expect(requests).toHaveLength(31);
    expect(requests.at(-1)).toEqual({ method: "GET", path: `${FILES}?per_page=100&page=31` });
  });

  test.each([
    { changedFiles: 3001, truncated: true },
    // Under the cap a different count is a stale payload (pushed since): the list is the truth.
    { changedFiles: 5, truncated: false },
  ])("listPullRequestFiles with the PR counting $changedFiles files: truncated $truncated", async ({ changedFiles, truncated }) => {
    api().get(FILES).query({ per_page: "100" }).reply(200, files("a/", 3));
    expect(await github.listPullRequestFiles(repo, 7, changedFiles)).toEqual({ paths: ["a/0", "a/1", "a/2"], truncated });
    expect(requests).toHaveLength(1);
  });

  test("listPullRequestFiles throws a failed page", async () => {
    api()
      .get(FILES)
      .query({ per_page: "100" })
      .reply(200, files("p1/", 100), { link: `<${API}${FILES}?per_page=100&page=2>; rel="next"` });
    api().get(FILES).query({ per_page: "100", page: "2" }).reply(502, { message: "Server Error" });
    expect((await failure(() => github.listPullRequestFiles(repo, 7))).kind).toBe("server");
    expect(requests).toHaveLength(2);
  });
});

describe("error mapping", () => {
  const label = () => github.addLabel(repo, 7, "agent:flagged");
  const labels = () => api().post("/repos/acme/widgets/issues/7/labels");

  test("403 without rate-limit signs is forbidden", async () => {
    labels().reply(403, { message: "Resource not accessible by integration" }, { "x-ratelimit-remaining": "4000" });
    const err = await failure(label);
    expect(err).toMatchObject({ kind: "forbidden", status: 403 });
    expect(err.retryAfterSeconds).toBeUndefined();
    expect(err.message).toContain("POST /repos/acme/widgets/issues/7/labels");
    expect(err.message).not.toContain("test-token");
    expect(requests).toHaveLength(1);
  });

  test("403 secondary rate limit honours retry-after", async () => {
    labels().reply(403, { message: "You have exceeded a secondary rate limit." }, { "retry-after": "30" });
    expect(await failure(label)).toMatchObject({ kind: "rate_limited", status: 403, retryAfterSeconds: 30, transient: true });
    expect(requests).toHaveLength(1);
  });

  test("403 secondary rate limit without retry-after waits a minute", async () => {
    labels().reply(403, { message: "You have exceeded a secondary rate limit. Please wait a few minutes." });
    expect(await failure(label)).toMatchObject({ kind: "rate_limited", retryAfterSeconds: 60 });
  });

  test("403 with the primary limit spent waits until the reset", async () => {
    const reset = Math.floor(Date.now() / 1000) + 120;
    labels().reply(403, { message: "API rate limit exceeded" }, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) });
    const err = await failure(label);
    expect(err.kind).toBe("rate_limited");
    expect(err.retryAfterSeconds).toBeGreaterThan(100);
    expect(err.retryAfterSeconds).toBeLessThanOrEqual(120);
  });

  test("429 is rate_limited", async () => {
    labels().reply(429, { message: "Too Many Requests" }, { "retry-after": "5" });
    expect(await failure(label)).toMatchObject({ kind: "rate_limited", status: 429, retryAfterSeconds: 5 });
  });

  test("422 is validation and final", async () => {
    labels().reply(422, { message: "Validation Failed", errors: [{ resource: "Label", code: "invalid" }] });
    expect(await failure(label)).toMatchObject({ kind: "validation", status: 422, transient: false });
  });

  test("500 is server and transient", async () => {
    labels().reply(502, { message: "Server Error" });
    expect(await failure(label)).toMatchObject({ kind: "server", status: 502, transient: true });
    expect(requests).toHaveLength(1);
  });

  test("no answer at all is network", async () => {
    labels().replyWithError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }));
    expect(await failure(label)).toMatchObject({ kind: "network", transient: true });
  });

  test("GraphQL RATE_LIMITED is rate_limited", async () => {
    api()
      .post("/graphql")
      .reply(200, { data: null, errors: [{ type: "RATE_LIMITED", message: "API rate limit exceeded" }] }, { "x-ratelimit-remaining": "0" });
    expect(await failure(() => github.minimizeComment("IC_1", "SPAM"))).toMatchObject({ kind: "rate_limited", retryAfterSeconds: 60 });
  });

  test.each([
    { type: "NOT_FOUND", kind: "not_found" },
    { type: "UNPROCESSABLE", kind: "validation" },
    { type: "FORBIDDEN", kind: "forbidden" },
  ])("GraphQL $type is $kind", async ({ type, kind }) => {
    api()
      .post("/graphql")
      .reply(200, { data: { unminimizeComment: null }, errors: [{ type, message: "nope" }] });
    expect((await failure(() => github.unminimizeComment("IC_1"))).kind).toBe(kind);
    expect(requests).toHaveLength(1);
  });

  test("a GraphQL request refused over HTTP maps by status", async () => {
    api().post("/graphql").reply(403, { message: "You have exceeded a secondary rate limit." }, { "retry-after": "17" });
    expect(await failure(() => github.convertToDraft("PR_1"))).toMatchObject({ kind: "rate_limited", retryAfterSeconds: 17 });
  });
});

describe("toGitHubError", () => {
  const now = new Date("2025-06-01T12:00:00Z");

  test("an HTTP-date retry-after becomes seconds from now", () => {
    const err = Object.assign(new Error("slow down"), {
      status: 429,
      response: { headers: { "retry-after": "Sun, 01 Jun 2025 12:01:30 GMT" }, data: {} },
    });
    expect(toGitHubError(err, now)).toMatchObject({ kind: "rate_limited", retryAfterSeconds: 90 });
  });

  test("token-shaped text never reaches the message", () => {
    const err = Object.assign(new Error("Bad credentials for ghs_abcdefghijklmnop1234 (token abcdefgh12345678)"), {
      status: 401,
      request: { method: "GET", url: "https://api.github.com/repos/a/b?access_token=secret", headers: { authorization: "token xyz" } },
      response: { headers: {}, data: {} },
    });
    const { message } = toGitHubError(err, now);
    expect(message).not.toMatch(/ghs_abc|abcdefgh12345678|secret|xyz/);
    expect(message).toContain("GET /repos/a/b");
  });

  test("an error without a status is network; a GitHubError passes through", () => {
    expect(toGitHubError(new TypeError("fetch failed"), now).kind).toBe("network");
    const original = new GitHubError("validation", "x", 422);
    expect(toGitHubError(original, now)).toBe(original);
  });
});
