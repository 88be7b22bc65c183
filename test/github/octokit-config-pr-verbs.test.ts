import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "@jest/globals";
import nock from "nock";
import { GitHubError, type GitHubAdapter } from "../../src/github/github-adapter.js";
import { createOctokitAdapter } from "../../src/github/octokit-adapter.js";
import type { InvalidRequest } from "../../src/sim/github-stand-in.js";
import { unthrottledOctokit } from "../../src/sim/unthrottled-octokit.js";
import { validatingPlugin } from "../../src/sim/validating-plugin.js";

const API = "https://api.github.com";
const repo = { owner: "acme", repo: "widgets" };
const invalid: InvalidRequest[] = [];
/** Retries and throttling off (probot#2039), so one verb is exactly the requests it sends. */
const TestOctokit = unthrottledOctokit().plugin(validatingPlugin((request) => invalid.push(request)));
let github: GitHubAdapter;

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
beforeEach(() => {
  github = createOctokitAdapter(new TestOctokit({ auth: { token: "test-token" } }));
});
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
  expect(invalid.splice(0)).toEqual([]);
});

const pull = (number: number) => ({
  number,
  html_url: `https://github.com/acme/widgets/pull/${number}`,
  head: { sha: "c".repeat(40), ref: "agent-guardrails/promote-x-1" },
});

describe("the verbs a promote's pull request is made of", () => {
  test("getDefaultBranch: the repository's default branch and its tip (2 requests)", async () => {
    nock(API).get("/repos/acme/widgets").reply(200, { default_branch: "trunk" });
    nock(API)
      .get("/repos/acme/widgets/git/ref/heads%2Ftrunk")
      .reply(200, { ref: "refs/heads/trunk", object: { sha: "a".repeat(40), type: "commit" } });
    expect(await github.getDefaultBranch(repo)).toEqual({ name: "trunk", sha: "a".repeat(40) });
  });

  test("getFileForUpdate: the text and its blob sha, on a branch; absent is null", async () => {
    const content = Buffer.from("mode: enforce\n").toString("base64");
    nock(API)
      .get("/repos/acme/widgets/contents/.github%2Fagent-guardrails.yml")
      .query({ ref: "agent-guardrails/promote-x-1" })
      .reply(200, { type: "file", path: ".github/agent-guardrails.yml", sha: "b".repeat(40), encoding: "base64", content });
    nock(API).get("/repos/acme/widgets/contents/.github%2Fagent-guardrails.yml").reply(404, { message: "Not Found" });
    expect(await github.getFileForUpdate(repo, ".github/agent-guardrails.yml", "agent-guardrails/promote-x-1")).toEqual({
      text: "mode: enforce\n",
      sha: "b".repeat(40),
    });
    expect(await github.getFileForUpdate(repo, ".github/agent-guardrails.yml")).toBeNull();
  });

  test("ensureBranch: created, or GitHub's 422 'Reference already exists' read as there; another 422 is an error", async () => {
    const bodies: unknown[] = [];
    nock(API)
      .post("/repos/acme/widgets/git/refs", (b) => (bodies.push(b), true))
      .reply(201, { ref: "refs/heads/x", object: { sha: "a".repeat(40) } });
    nock(API).post("/repos/acme/widgets/git/refs").reply(422, { message: "Reference already exists" });
    nock(API).post("/repos/acme/widgets/git/refs").reply(422, { message: "Object does not exist" });
    expect(await github.ensureBranch(repo, "x", "a".repeat(40))).toEqual({ created: true });
    expect(bodies).toEqual([{ ref: "refs/heads/x", sha: "a".repeat(40) }]);
    expect(await github.ensureBranch(repo, "x", "a".repeat(40))).toEqual({ created: false });
    await expect(github.ensureBranch(repo, "x", "a".repeat(40))).rejects.toBeInstanceOf(GitHubError);
  });

  test("putFile: one PUT with the Base64 content, the branch and the blob sha it replaces", async () => {
    const bodies: unknown[] = [];
    nock(API)
      .put("/repos/acme/widgets/contents/.github%2Fagent-guardrails.yml", (b) => (bodies.push(b), true))
      .reply(200, { content: {}, commit: { sha: "d".repeat(40) } });
    expect(
      await github.putFile(repo, {
        path: ".github/agent-guardrails.yml",
        branch: "x",
        message: "m",
        text: "agents: []\n",
        sha: "b".repeat(40),
      }),
    ).toEqual({ commitSha: "d".repeat(40) });
    expect(bodies).toEqual([{ message: "m", content: Buffer.from("agents: []\n").toString("base64"), branch: "x", sha: "b".repeat(40) }]);
  });

  test("ensurePullRequest: the open one from the branch is reused; else opened; GitHub's 'already exists' is read as found", async () => {
    nock(API)
      .get("/repos/acme/widgets/pulls")
      .query({ head: "acme:x", base: "main", state: "open" })
      .reply(200, [pull(7)]);
    expect(await github.ensurePullRequest(repo, { head: "x", base: "main", title: "t", body: "b" })).toEqual({
      number: 7,
      url: pull(7).html_url,
      created: false,
      headSha: "c".repeat(40),
    });

    nock(API).get("/repos/acme/widgets/pulls").query({ head: "acme:x", base: "main", state: "open" }).reply(200, []);
    nock(API).post("/repos/acme/widgets/pulls").reply(201, pull(8));
    expect(await github.ensurePullRequest(repo, { head: "x", base: "main", title: "t", body: "b" })).toMatchObject({
      number: 8,
      created: true,
    });

    nock(API).get("/repos/acme/widgets/pulls").query({ head: "acme:x", base: "main", state: "open" }).reply(200, []);
    nock(API)
      .post("/repos/acme/widgets/pulls")
      .reply(422, {
        message: "Validation Failed",
        errors: [{ resource: "PullRequest", code: "custom", message: "A pull request already exists for acme:x." }],
      });
    nock(API)
      .get("/repos/acme/widgets/pulls")
      .query({ head: "acme:x", base: "main", state: "open" })
      .reply(200, [pull(9)]);
    expect(await github.ensurePullRequest(repo, { head: "x", base: "main", title: "t", body: "b" })).toMatchObject({
      number: 9,
      created: false,
    });
  });
});
