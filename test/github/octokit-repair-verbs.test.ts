import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "@jest/globals";
import nock from "nock";
import { GitHubError, type GitHubAdapter } from "../../src/github/github-adapter.js";
import { createOctokitAdapter } from "../../src/github/octokit-adapter.js";
import type { CommentSurface } from "../../src/policy/held-comment.js";
import type { InvalidRequest } from "../../src/sim/github-stand-in.js";
import { unthrottledOctokit } from "../../src/sim/unthrottled-octokit.js";
import { validatingPlugin } from "../../src/sim/validating-plugin.js";

/**
 * The repair verbs against GitHub's answers (nock): the request each sends, GitHub's "already
 * so" answers taken as success, and the rest mapped to GitHubError. Every request is also
 * validated against GitHub's OpenAPI description (validatingPlugin), so a wrong path, parameter
 * or body fails the test even though nock would accept it.
 */

const API = "https://api.github.com";
const repo = { owner: "acme", repo: "widgets" };
const SHA = "a".repeat(40);
const OTHER = "b".repeat(40);

const invalid: InvalidRequest[] = [];
const TestOctokit = unthrottledOctokit().plugin(validatingPlugin((request) => invalid.push(request)));

let github: GitHubAdapter;
let requests: string[];

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());

beforeEach(() => {
  github = createOctokitAdapter(new TestOctokit({ auth: { token: "test-token" } }));
  requests = [];
});

afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
  expect(invalid.splice(0)).toEqual([]);
});

/** A GitHub API scope that records `METHOD path` of every request it answers. */
function api(): nock.Scope {
  return nock(API).on("request", (req: { method?: string; path?: string }) => requests.push(`${req.method ?? "?"} ${req.path ?? "?"}`));
}

/** Runs `call` and returns the GitHubError it threw. */
async function failure(call: () => Promise<unknown>): Promise<GitHubError> {
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GitHubError);
  return error as GitHubError;
}

/** Serves one GraphQL answer, keeping the request's body. */
function graphqlAnswer(data: unknown, errors?: unknown[]): { body: { query?: string; variables?: Record<string, unknown> } } {
  const seen: { body: { query?: string; variables?: Record<string, unknown> } } = { body: {} };
  api()
    .post("/graphql", (b: { query?: string; variables?: Record<string, unknown> }) => {
      seen.body = b;
      return true;
    })
    .reply(200, errors ? { data, errors } : { data });
  return seen;
}

describe("text put back", () => {
  test("updateIssueText patches only the fields given", async () => {
    let body: unknown;
    api()
      .patch("/repos/acme/widgets/issues/7", (b: unknown) => {
        body = b;
        return true;
      })
      .reply(200, { number: 7 });
    await github.updateIssueText(repo, 7, { body: "the human's text" });
    expect(body).toEqual({ body: "the human's text" });
  });

  test("updateIssueText with nothing to put back sends nothing", async () => {
    await github.updateIssueText(repo, 7, {});
    expect(requests).toEqual([]);
  });

  const REST_SURFACES: [CommentSurface, string][] = [
    ["issue_comment", "/repos/acme/widgets/issues/comments/11"],
    ["review_comment", "/repos/acme/widgets/pulls/comments/11"],
    ["commit_comment", "/repos/acme/widgets/comments/11"],
  ];
  test.each(REST_SURFACES)("updateCommentBody of a %s patches %s", async (surface, path) => {
    let body: unknown;
    api()
      .patch(path, (b: unknown) => {
        body = b;
        return true;
      })
      .reply(200, { id: 11 });
    await github.updateCommentBody(repo, { surface, commentId: 11, nodeId: "N_11" }, "restored");
    expect(body).toEqual({ body: "restored" });
  });

  const GRAPHQL_SURFACES: [CommentSurface, string, Record<string, unknown>][] = [
    ["discussion_comment", "updateDiscussionComment", { commentId: "N_11", body: "restored" }],
    ["review", "updatePullRequestReview", { pullRequestReviewId: "N_11", body: "restored" }],
  ];
  test.each(GRAPHQL_SURFACES)("updateCommentBody of a %s is the %s mutation", async (surface, mutation, variables) => {
    const seen = graphqlAnswer({ [mutation]: { id: "N_11" } });
    await github.updateCommentBody(repo, { surface, commentId: 11, nodeId: "N_11" }, "restored");
    expect(seen.body.query).toContain(`${mutation}(input:`);
    expect(seen.body.variables).toEqual(variables);
  });

  test("updateCommentBody of a comment gone is not_found (final: there is nothing to put the text in)", async () => {
    api().patch("/repos/acme/widgets/issues/comments/11").reply(404, { message: "Not Found" });
    const err = await failure(() => github.updateCommentBody(repo, { surface: "issue_comment", commentId: 11, nodeId: "N" }, "x"));
    expect(err).toMatchObject({ kind: "not_found", transient: false });
  });

  test("updateDiscussion sends title and body", async () => {
    const seen = graphqlAnswer({ updateDiscussion: { discussion: { id: "D_1" } } });
    await github.updateDiscussion("D_1", { title: "t", body: "b" });
    expect(seen.body.variables).toEqual({ discussionId: "D_1", title: "t", body: "b" });
  });
});

describe("discussions", () => {
  test("deleteDiscussion of one already gone succeeds", async () => {
    graphqlAnswer({ deleteDiscussion: null }, [
      { type: "NOT_FOUND", path: ["deleteDiscussion"], message: "Could not resolve to a node with the global id of 'D_1'" },
    ]);
    await expect(github.deleteDiscussion("D_1")).resolves.toBeUndefined();
  });

  test("deleteDiscussion refused is forbidden", async () => {
    graphqlAnswer({ deleteDiscussion: null }, [
      { type: "FORBIDDEN", path: ["deleteDiscussion"], message: "Resource not accessible by integration" },
    ]);
    expect(await failure(() => github.deleteDiscussion("D_1"))).toMatchObject({ kind: "forbidden" });
  });

  const input = { repositoryNodeId: "R_1", categoryNodeId: "DIC_1", title: "t", body: "b" };
  const marker = { text: "<!-- agent-guardrails:repost discussion=9 -->", author: "agent-guardrails[bot]" };

  test("createDiscussion with a marker finds the app's own re-post and creates nothing", async () => {
    const seen = graphqlAnswer({
      node: {
        discussions: {
          nodes: [
            // The agent quoting the marker is not the app's re-post.
            { id: "D_agent", number: 12, url: "u12", body: `b\n\n${marker.text}`, author: { login: "copilot-swe-agent[bot]" } },
            { id: "D_ours", number: 11, url: "u11", body: `b\n\n${marker.text}`, author: { login: "agent-guardrails[bot]" } },
          ],
        },
      },
    });
    await expect(github.createDiscussion(input, { marker })).resolves.toEqual({ nodeId: "D_ours", number: 11, url: "u11" });
    expect(seen.body.variables).toEqual({ repositoryId: "R_1", categoryId: "DIC_1" });
    expect(requests).toHaveLength(1);
  });

  test("createDiscussion with a marker not found creates one carrying it", async () => {
    graphqlAnswer({ node: { discussions: { nodes: [] } } });
    const seen = graphqlAnswer({ createDiscussion: { discussion: { id: "D_new", number: 13, url: "u13" } } });
    await expect(github.createDiscussion(input, { marker })).resolves.toEqual({ nodeId: "D_new", number: 13, url: "u13" });
    expect(seen.body.variables).toEqual({ repositoryId: "R_1", categoryId: "DIC_1", title: "t", body: `b\n\n${marker.text}` });
  });
});

describe("pull requests", () => {
  test("disableAutoMerge when auto-merge is off sends no mutation", async () => {
    graphqlAnswer({ node: { autoMergeRequest: null } });
    await github.disableAutoMerge("PR_1");
    expect(requests).toHaveLength(1);
  });

  test("disableAutoMerge when it is on sends the mutation", async () => {
    graphqlAnswer({ node: { autoMergeRequest: { enabledAt: "2026-12-01T00:00:00Z" } } });
    const seen = graphqlAnswer({ disablePullRequestAutoMerge: { pullRequest: { id: "PR_1" } } });
    await github.disableAutoMerge("PR_1");
    expect(seen.body.query).toContain("disablePullRequestAutoMerge(input:");
    expect(seen.body.variables).toEqual({ pullRequestId: "PR_1" });
  });

  test("removeRequestedReviewers deletes the logins", async () => {
    let body: unknown;
    api()
      .delete("/repos/acme/widgets/pulls/42/requested_reviewers", (b: unknown) => {
        body = b;
        return true;
      })
      .reply(200, { number: 42 });
    await github.removeRequestedReviewers(repo, 42, ["copilot-swe-agent[bot]"]);
    expect(body).toEqual({ reviewers: ["copilot-swe-agent[bot]"] });
  });

  test("markReadyForReview of a PR not a draft succeeds", async () => {
    graphqlAnswer({ markPullRequestReadyForReview: null }, [{ type: "UNPROCESSABLE", message: "Pull request is not a draft" }]);
    await expect(github.markReadyForReview("PR_1")).resolves.toBeUndefined();
  });

  test("markReadyForReview refused is forbidden", async () => {
    graphqlAnswer({ markPullRequestReadyForReview: null }, [{ type: "FORBIDDEN", message: "Resource not accessible by integration" }]);
    expect(await failure(() => github.markReadyForReview("PR_1"))).toMatchObject({ kind: "forbidden" });
  });
});

describe("refs", () => {
  test("deleteRef without a sha deletes at once", async () => {
    api().delete("/repos/acme/widgets/git/refs/tags%2Fv9").reply(204);
    await expect(github.deleteRef(repo, "refs/tags/v9")).resolves.toEqual({ outcome: "done" });
    expect(requests).toEqual(["DELETE /repos/acme/widgets/git/refs/tags%2Fv9"]);
  });

  test.each([
    ["404", 404, { message: "Not Found" }],
    ["422 Reference does not exist", 422, { message: "Reference does not exist" }],
  ])("deleteRef of a ref already gone (%s) succeeds", async (_name, status, body) => {
    api().delete("/repos/acme/widgets/git/refs/heads%2Fagent%2Fx").reply(status, body);
    await expect(github.deleteRef(repo, "heads/agent/x")).resolves.toEqual({ outcome: "done" });
  });

  test("deleteRef with the sha it still points at deletes it", async () => {
    api()
      .get("/repos/acme/widgets/git/ref/heads%2Fagent%2Fx")
      .reply(200, { ref: "refs/heads/agent/x", object: { sha: SHA, type: "commit" } });
    api().delete("/repos/acme/widgets/git/refs/heads%2Fagent%2Fx").reply(204);
    await expect(github.deleteRef(repo, "heads/agent/x", SHA)).resolves.toEqual({ outcome: "done" });
  });

  test("deleteRef of a ref someone built on is escalated, nothing deleted", async () => {
    api()
      .get("/repos/acme/widgets/git/ref/heads%2Fagent%2Fx")
      .reply(200, { ref: "refs/heads/agent/x", object: { sha: OTHER, type: "commit" } });
    const outcome = await github.deleteRef(repo, "heads/agent/x", SHA);
    expect(outcome).toMatchObject({ outcome: "escalated", why: expect.stringContaining(OTHER) });
    expect(requests).toEqual(["GET /repos/acme/widgets/git/ref/heads%2Fagent%2Fx"]);
  });

  test("deleteRef with a sha of a ref gone succeeds without a delete", async () => {
    api().get("/repos/acme/widgets/git/ref/heads%2Fagent%2Fx").reply(404, { message: "Not Found" });
    await expect(github.deleteRef(repo, "heads/agent/x", SHA)).resolves.toEqual({ outcome: "done" });
    expect(requests).toHaveLength(1);
  });

  test("deleteRef refused is forbidden", async () => {
    api().delete("/repos/acme/widgets/git/refs/heads%2Fx").reply(403, { message: "Resource not accessible by integration" });
    expect(await failure(() => github.deleteRef(repo, "heads/x"))).toMatchObject({ kind: "forbidden" });
  });

  test("createRef posts the fully qualified ref", async () => {
    let body: unknown;
    api()
      .post("/repos/acme/widgets/git/refs", (b: unknown) => {
        body = b;
        return true;
      })
      .reply(201, { ref: "refs/heads/main2", object: { sha: SHA } });
    await expect(github.createRef(repo, "heads/main2", SHA)).resolves.toEqual({ outcome: "done" });
    expect(body).toEqual({ ref: "refs/heads/main2", sha: SHA });
  });

  test.each([
    ["at the sha: a retry, success", SHA, { outcome: "done" }],
    ["elsewhere: someone recreated it, escalated", OTHER, { outcome: "escalated" }],
  ])("createRef of a ref that exists %s", async (_name, tip, expected) => {
    api().post("/repos/acme/widgets/git/refs").reply(422, { message: "Reference already exists" });
    api()
      .get("/repos/acme/widgets/git/ref/heads%2Fmain2")
      .reply(200, { ref: "refs/heads/main2", object: { sha: tip } });
    await expect(github.createRef(repo, "refs/heads/main2", SHA)).resolves.toMatchObject(expected);
  });

  test("createRef at a sha GitHub does not have is validation (final)", async () => {
    api().post("/repos/acme/widgets/git/refs").reply(422, { message: "Object does not exist" });
    expect(await failure(() => github.createRef(repo, "heads/x", SHA))).toMatchObject({ kind: "validation", transient: false });
  });
});

describe("runs and releases", () => {
  test("cancelWorkflowRun posts the cancel", async () => {
    api().post("/repos/acme/widgets/actions/runs/30433642/cancel").reply(202, {});
    await expect(github.cancelWorkflowRun(repo, 30433642)).resolves.toEqual({ alreadyFinished: false });
  });

  test("cancelWorkflowRun of a finished run (409) succeeds", async () => {
    api()
      .post("/repos/acme/widgets/actions/runs/30433642/cancel")
      .reply(409, { message: "Cannot cancel a workflow run that is completed." });
    await expect(github.cancelWorkflowRun(repo, 30433642)).resolves.toEqual({ alreadyFinished: true });
  });

  test.each([
    [404, "not_found"],
    [403, "forbidden"],
    [502, "server"],
  ])("cancelWorkflowRun answered %s is %s", async (status, kind) => {
    api().post("/repos/acme/widgets/actions/runs/1/cancel").reply(status, { message: "no" });
    expect(await failure(() => github.cancelWorkflowRun(repo, 1))).toMatchObject({ kind });
  });

  test("setReleaseDraft patches draft only", async () => {
    let body: unknown;
    api()
      .patch("/repos/acme/widgets/releases/600", (b: unknown) => {
        body = b;
        return true;
      })
      .reply(200, { id: 600, draft: true });
    await github.setReleaseDraft(repo, 600, true);
    expect(body).toEqual({ draft: true });
  });
});

describe("assignees", () => {
  test("assignEverywhere posts the login on each number; one gone is skipped", async () => {
    api()
      .post("/repos/acme/widgets/issues/7/assignees", { assignees: ["copilot-swe-agent[bot]"] })
      .reply(201, { number: 7 });
    api().post("/repos/acme/widgets/issues/8/assignees").reply(404, { message: "Not Found" });
    api().post("/repos/acme/widgets/issues/42/assignees").reply(201, { number: 42 });
    await expect(github.assignEverywhere(repo, "copilot-swe-agent[bot]", [7, 8, 42])).resolves.toEqual([7, 42]);
  });

  test("assignEverywhere stops at a refusal", async () => {
    api().post("/repos/acme/widgets/issues/7/assignees").reply(403, { message: "Resource not accessible by integration" });
    expect(await failure(() => github.assignEverywhere(repo, "a", [7, 8]))).toMatchObject({ kind: "forbidden" });
    expect(requests).toHaveLength(1);
  });
});

describe("access", () => {
  test("cutOffUser remove_collaborator reads the role, removes, and returns the role", async () => {
    api().get("/repos/acme/widgets/collaborators/dev").reply(204);
    api()
      .get("/repos/acme/widgets/collaborators/dev/permission")
      .reply(200, { permission: "write", role_name: "maintain", user: { login: "dev" } });
    api().delete("/repos/acme/widgets/collaborators/dev").reply(204);
    await expect(github.cutOffUser(repo, "dev", "remove_collaborator")).resolves.toEqual({ permission: "maintain" });
  });

  test("cutOffUser remove_collaborator of someone who is no collaborator sends no delete, and has no role to restore", async () => {
    api().get("/repos/acme/widgets/collaborators/dev").reply(404, { message: "Not Found" });
    await expect(github.cutOffUser(repo, "dev", "remove_collaborator")).resolves.toEqual({});
    expect(requests).toEqual(["GET /repos/acme/widgets/collaborators/dev"]);
  });

  test("cutOffUser remove_collaborator removed meanwhile (404 on the delete) succeeds", async () => {
    api().get("/repos/acme/widgets/collaborators/dev").reply(204);
    api()
      .get("/repos/acme/widgets/collaborators/dev/permission")
      .reply(200, { permission: "write", role_name: "write", user: { login: "dev" } });
    api().delete("/repos/acme/widgets/collaborators/dev").reply(404, { message: "Not Found" });
    await expect(github.cutOffUser(repo, "dev", "remove_collaborator")).resolves.toEqual({ permission: "write" });
  });

  test("cutOffUser remove_collaborator refused is forbidden", async () => {
    api().get("/repos/acme/widgets/collaborators/dev").reply(204);
    api()
      .get("/repos/acme/widgets/collaborators/dev/permission")
      .reply(200, { permission: "write", role_name: "write", user: { login: "dev" } });
    api().delete("/repos/acme/widgets/collaborators/dev").reply(403, { message: "Resource not accessible by integration" });
    expect(await failure(() => github.cutOffUser(repo, "dev", "remove_collaborator"))).toMatchObject({ kind: "forbidden" });
  });

  test.each([
    ["blocks", 204, {}],
    ["already blocked (422) succeeds", 422, { message: "Blocked user has already been blocked" }],
  ])("cutOffUser block_user %s", async (_name, status, body) => {
    api().put("/orgs/acme/blocks/dev").reply(status, body);
    await expect(github.cutOffUser(repo, "dev", "block_user")).resolves.toEqual({});
  });

  test.each([
    ["201: an invitation", 201, true],
    ["204: added at once", 204, false],
  ])("restoreUserAccess remove_collaborator puts the role back (%s)", async (_name, status, invited) => {
    let body: unknown;
    api()
      .put("/repos/acme/widgets/collaborators/dev", (b: unknown) => {
        body = b;
        return true;
      })
      .reply(status, status === 201 ? { id: 1 } : undefined);
    await expect(github.restoreUserAccess(repo, "dev", "remove_collaborator", "write")).resolves.toEqual({ invited });
    // GitHub's PUT names roles by their old names: write is push.
    expect(body).toEqual({ permission: "push" });
  });

  test("restoreUserAccess remove_collaborator without a role sends nothing (PUT would give push)", async () => {
    await expect(github.restoreUserAccess(repo, "dev", "remove_collaborator")).resolves.toEqual({ invited: false });
    expect(requests).toEqual([]);
  });

  test("restoreUserAccess block_user unblocks; not blocked (404) succeeds", async () => {
    api().delete("/orgs/acme/blocks/dev").reply(404, { message: "Not Found" });
    await expect(github.restoreUserAccess(repo, "dev", "block_user")).resolves.toEqual({ invited: false });
  });
});
