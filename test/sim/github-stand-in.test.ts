import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import { startGitHubStandIn, type StandIn } from "../../src/sim/github-stand-in.js";
import { graphqlFields } from "../../src/sim/graphql-fields.js";
import type { World } from "../../src/sim/scenario.js";
import { OPTED_IN } from "./stand-in-client.js";
import { unthrottledOctokit } from "../../src/sim/unthrottled-octokit.js";

const world: World = {
  installation_permissions: { ...OPTED_IN },
  owner: "acme",
  repo: "widgets",
  default_branch: "main",
  app: "agent-guardrails[bot]",
  permissions: { maint: "admin", keeper: "maintain", dev: "write", tri: "triage", reader: "read" },
  members: ["maint", "dev"],
  files: {
    ".github/agent-guardrails.yml": "mode: enforce\n",
    "acme/.github:.github/agent-guardrails.yml": "owner: maint\n",
  },
};

let standIn: StandIn;

beforeEach(async () => {
  standIn = await startGitHubStandIn(structuredClone(world));
});

afterEach(async () => {
  await standIn.close();
  // Everything these tests send is what GitHub accepts (refusals are tested in request-validation.test.ts).
  expect(standIn.invalid).toEqual([]);
});

/** Octokit as the app gets it, pointed at the stand-in (throttling off, function form). */
function octokit(baseUrl = standIn.url) {
  const Octokit = unthrottledOctokit(baseUrl);
  return new Octokit({ auth: { token: "test" } });
}

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${standIn.url}${path}`, {
    method,
    headers: { "content-type": "application/json", ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const json = response.headers.get("content-type")?.startsWith("application/json") ? (JSON.parse(text) as unknown) : undefined;
  return { status: response.status, headers: response.headers, text, json };
}

describe("reads answered from the world", () => {
  test("a default-branch file, raw, recorded with its path decoded", async () => {
    const { data, headers } = await octokit().request("GET /repos/{owner}/{repo}/contents/{path}", {
      owner: "acme",
      repo: "widgets",
      path: ".github/agent-guardrails.yml",
      mediaType: { format: "raw" },
    });
    expect(data).toBe("mode: enforce\n");
    expect(headers["content-type"]).toBe("application/vnd.github.raw; charset=utf-8");
    expect(standIn.requests).toEqual([{ method: "GET", path: "/repos/acme/widgets/contents/.github/agent-guardrails.yml", status: 200 }]);
  });

  test("the JSON form carries the content in base64", async () => {
    const { json, status } = await call("GET", "/repos/acme/widgets/contents/.github%2Fagent-guardrails.yml");
    expect(status).toBe(200);
    const file = json as { type: string; encoding: string; content: string; path: string };
    expect(file).toMatchObject({ type: "file", encoding: "base64", path: ".github/agent-guardrails.yml" });
    expect(Buffer.from(file.content, "base64").toString()).toBe("mode: enforce\n");
  });

  test("a missing file and an unknown repository are 404; another repo's file comes from an owner/name: key", async () => {
    expect((await call("GET", "/repos/acme/widgets/contents/nope.yml")).status).toBe(404);
    expect((await call("GET", "/repos/acme/other/contents/.github/agent-guardrails.yml")).status).toBe(404);
    const org = await call("GET", "/repos/acme/.github/contents/.github%2Fagent-guardrails.yml", undefined, {
      accept: "application/vnd.github.raw",
    });
    expect(org).toMatchObject({ status: 200, text: "owner: maint\n" });
  });

  test("repository permission: role_name as given, legacy permission mapped, a login with no account 404", async () => {
    const role = async (login: string) =>
      (await call("GET", `/repos/acme/widgets/collaborators/${encodeURIComponent(login)}/permission`)).json;
    expect(await role("keeper")).toMatchObject({ permission: "write", role_name: "maintain", user: { login: "keeper" } });
    expect(await role("tri")).toMatchObject({ permission: "read", role_name: "triage" });
    expect(await role("maint")).toMatchObject({ permission: "admin", role_name: "admin" });
    expect(await role("someone[bot]")).toMatchObject({ message: "Not Found" });
    expect(standIn.requests.map((r) => r.path)).toContain("/repos/acme/widgets/collaborators/someone[bot]/permission");
  });

  test("org membership: 204 for a member, 404 otherwise", async () => {
    expect((await call("GET", "/orgs/acme/members/dev")).status).toBe(204);
    expect((await call("GET", "/orgs/acme/members/reader")).status).toBe(404);
  });

  test("GET /app names the app from world.app; the token exchange is answered but not recorded", async () => {
    expect((await call("GET", "/app")).json).toMatchObject({ id: 1, slug: "agent-guardrails" });
    const token = await call("POST", "/app/installations/4242/access_tokens", {});
    expect(token).toMatchObject({ status: 201, json: { token: "ghs_standin" } });
    expect(standIn.requests).toEqual([{ method: "GET", path: "/app", status: 200 }]);
  });
});

describe("pull requests stay consistent with what was observed and written", () => {
  const pull = {
    number: 42,
    node_id: "PR_kw42",
    state: "open",
    draft: false,
    user: { login: "copilot-swe-agent[bot]", id: 1, type: "Bot" },
    head: { ref: "agent/change", sha: "a".repeat(40) },
    base: { ref: "main", sha: "b".repeat(40) },
    labels: [],
  };
  const repository = { full_name: "acme/widgets", name: "widgets", owner: { login: "acme" } };

  test("a synchronize moves the head; a draft conversion reads back as a draft", async () => {
    standIn.observe("pull_request", { action: "opened", pull_request: pull, repository, installation: { id: 4242 } });
    standIn.observe("pull_request", {
      action: "synchronize",
      pull_request: { ...pull, head: { ...pull.head, sha: "c".repeat(40) } },
      repository,
    });
    const response = await octokit().graphql(
      `mutation ($id: ID!) { convertPullRequestToDraft(input: { pullRequestId: $id }) { pullRequest { id isDraft } } }`,
      { id: "PR_kw42" },
    );
    expect(response).toEqual({ convertPullRequestToDraft: { pullRequest: { id: "PR_kw42", number: 42, isDraft: true } } });
    const { data } = await octokit().rest.pulls.get({ owner: "acme", repo: "widgets", pull_number: 42 });
    expect(data).toMatchObject({ number: 42, draft: true, head: { sha: "c".repeat(40) } });
  });

  test("a PR never announced is GitHub's 404", async () => {
    await expect(octokit().rest.pulls.get({ owner: "acme", repo: "widgets", pull_number: 7 })).rejects.toMatchObject({ status: 404 });
  });

  test("labels: added, listed, removed; removing an absent label is GitHub's 404", async () => {
    standIn.observe("pull_request", { action: "opened", pull_request: pull, repository });
    const o = octokit();
    await o.rest.issues.addLabels({ owner: "acme", repo: "widgets", issue_number: 42, labels: ["agent:pending-approval"] });
    expect((await o.rest.pulls.get({ owner: "acme", repo: "widgets", pull_number: 42 })).data.labels.map((l) => l.name)).toEqual([
      "agent:pending-approval",
    ]);
    await o.rest.issues.removeLabel({ owner: "acme", repo: "widgets", issue_number: 42, name: "agent:pending-approval" });
    await expect(
      o.rest.issues.removeLabel({ owner: "acme", repo: "widgets", issue_number: 42, name: "agent:pending-approval" }),
    ).rejects.toMatchObject({
      status: 404,
    });
    expect(standIn.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /repos/acme/widgets/issues/42/labels",
      "GET /repos/acme/widgets/pulls/42",
      "DELETE /repos/acme/widgets/issues/42/labels/agent:pending-approval",
      "DELETE /repos/acme/widgets/issues/42/labels/agent:pending-approval",
    ]);
    expect(standIn.requests[0]?.body).toEqual({ labels: ["agent:pending-approval"] });
  });
});

describe("writes answer with plausible bodies", () => {
  test("check runs are created completed with increasing ids and listed newest first", async () => {
    standIn.observe("push", {
      ref: "refs/heads/agent/x",
      before: "0".repeat(40),
      after: "a".repeat(40),
      commits: [],
      repository: { full_name: "acme/widgets" },
    });
    const o = octokit();
    const create = (conclusion: "action_required" | "success") =>
      o.rest.checks.create({
        owner: "acme",
        repo: "widgets",
        name: "agent-guardrails",
        head_sha: "a".repeat(40),
        status: "completed",
        conclusion,
        details_url: "https://example.invalid/guardrails",
        output: { title: "t", summary: "s" },
      });
    const first = await create("action_required");
    const second = await create("success");
    expect(first.status).toBe(201);
    expect(first.data).toMatchObject({ name: "agent-guardrails", status: "completed", conclusion: "action_required" });
    expect(second.data.id).toBeGreaterThan(first.data.id);
    const listed = await o.rest.checks.listForRef({ owner: "acme", repo: "widgets", ref: "a".repeat(40), check_name: "agent-guardrails" });
    expect(listed.data.check_runs.map((r) => r.conclusion)).toEqual(["success", "action_required"]);
    expect(standIn.requests[0]).toMatchObject({
      method: "POST",
      path: "/repos/acme/widgets/check-runs",
      body: { conclusion: "action_required" },
    });
    expect(standIn.requests[2]?.path).toBe(`/repos/acme/widgets/commits/${"a".repeat(40)}/check-runs?check_name=agent-guardrails`);
  });

  test("an issue comment gets id, node_id and html_url; deleting a comment is 204, deleting it again 404", async () => {
    standIn.observe("issues", {
      action: "opened",
      issue: { number: 5, title: "t", state: "open", user: { login: "dev", id: 2 } },
      repository: { full_name: "acme/widgets" },
    });
    const o = octokit();
    const { status, data } = await o.rest.issues.createComment({ owner: "acme", repo: "widgets", issue_number: 5, body: "hello" });
    expect(status).toBe(201);
    expect(data).toMatchObject({ body: "hello", user: { login: "agent-guardrails[bot]" } });
    expect(data.node_id).toEqual(expect.any(String));
    expect(data.html_url).toBe(`https://github.com/acme/widgets/issues/5#issuecomment-${data.id}`);
    const deleted = await o.rest.issues.deleteComment({ owner: "acme", repo: "widgets", comment_id: data.id });
    expect(deleted.status).toBe(204);
    await expect(o.rest.issues.deleteComment({ owner: "acme", repo: "widgets", comment_id: data.id })).rejects.toMatchObject({
      status: 404,
    });
  });

  test("a review dismissal and a PR update answer 200", async () => {
    const repository = { full_name: "acme/widgets" };
    standIn.observe("pull_request_review", {
      action: "submitted",
      review: { id: 9, state: "approved", user: { login: "copilot-swe-agent[bot]", id: 1 } },
      pull_request: { number: 42, node_id: "PR_42", state: "open", head: { ref: "agent/x", sha: "a".repeat(40) } },
      repository,
    });
    const o = octokit();
    const dismissed = await o.rest.pulls.dismissReview({
      owner: "acme",
      repo: "widgets",
      pull_number: 42,
      review_id: 9,
      message: "agent approval",
    });
    expect(dismissed.data).toMatchObject({ id: 9, state: "DISMISSED" });
    const closed = await o.rest.pulls.update({ owner: "acme", repo: "widgets", pull_number: 42, state: "closed" });
    expect(closed.data.state).toBe("closed");
  });

  test("GraphQL: a pull request review is Minimizable, by its node id; an unknown node does not resolve", async () => {
    standIn.observe("pull_request_review", {
      action: "submitted",
      review: { id: 9, node_id: "PRR_9", state: "commented", body: "lgtm", user: { login: "copilot-swe-agent[bot]", id: 1 } },
      pull_request: { number: 42, node_id: "PR_42", state: "open", head: { ref: "agent/x", sha: "a".repeat(40) } },
      repository: { full_name: "acme/widgets" },
    });
    const o = octokit();
    const hide = `mutation M($id: ID!) { minimizeComment(input: {subjectId: $id, classifier: OUTDATED}) { minimizedComment { isMinimized } } }`;
    expect(await o.graphql(hide, { id: "PRR_9" })).toEqual({
      minimizeComment: { minimizedComment: { isMinimized: true, minimizedReason: "outdated" } },
    });
    await expect(o.graphql(hide, { id: "PRR_10" })).rejects.toThrow(/Could not resolve to a node/);
  });

  test("GraphQL: minimize, an unknown mutation, and the recorded operation and variables", async () => {
    standIn.observe("issue_comment", {
      action: "created",
      issue: { number: 5, title: "t", state: "open" },
      comment: { id: 1, node_id: "IC_1", body: "spam" },
      repository: { full_name: "acme/widgets" },
    });
    const o = octokit();
    const minimized = await o.graphql(
      `mutation M($id: ID!) { minimizeComment(input: {subjectId: $id, classifier: SPAM}) { minimizedComment { isMinimized } } }`,
      {
        id: "IC_1",
      },
    );
    expect(minimized).toEqual({ minimizeComment: { minimizedComment: { isMinimized: true, minimizedReason: "spam" } } });
    expect(await o.graphql(`mutation { addStar(input: {starrableId: "R_1"}) { clientMutationId } }`)).toEqual({ addStar: {} });
    expect(standIn.requests.map(({ method, path, operation, variables }) => ({ method, path, operation, variables }))).toEqual([
      { method: "POST", path: "/graphql", operation: "minimizeComment", variables: { id: "IC_1" } },
      { method: "POST", path: "/graphql", operation: "addStar", variables: undefined },
    ]);
  });
});

describe("git data follows observed pushes", () => {
  const repository = { full_name: "acme/widgets", name: "widgets", owner: { login: "acme" } };
  const before = "1".repeat(40);
  const after = "2".repeat(40);

  test("undoing a push: the tip, the old tree, a new commit on the tip, a fast-forward; a non-fast-forward is 422", async () => {
    standIn.observe("push", {
      ref: "refs/heads/main",
      before,
      after,
      commits: [{ id: after, modified: [".github/workflows/ci.yml"] }],
      repository,
    });
    const o = octokit();
    const ref = await o.rest.git.getRef({ owner: "acme", repo: "widgets", ref: "heads/main" });
    expect(ref.data.object.sha).toBe(after);
    const old = await o.rest.git.getCommit({ owner: "acme", repo: "widgets", commit_sha: before });
    const revert = await o.rest.git.createCommit({
      owner: "acme",
      repo: "widgets",
      message: "Revert",
      tree: old.data.tree.sha,
      parents: [after],
    });
    expect(revert.status).toBe(201);
    await expect(o.rest.git.updateRef({ owner: "acme", repo: "widgets", ref: "heads/main", sha: "3".repeat(40) })).rejects.toMatchObject({
      status: 422,
    });
    const moved = await o.rest.git.updateRef({ owner: "acme", repo: "widgets", ref: "heads/main", sha: revert.data.sha });
    expect(moved.data.object.sha).toBe(revert.data.sha);
    expect(standIn.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /repos/acme/widgets/git/ref/heads/main",
      `GET /repos/acme/widgets/git/commits/${before}`,
      "POST /repos/acme/widgets/git/commits",
      "PATCH /repos/acme/widgets/git/refs/heads/main",
      "PATCH /repos/acme/widgets/git/refs/heads/main",
    ]);
  });

  test("a PR's files are what pushes to its head branch changed", async () => {
    standIn.observe("push", {
      ref: "refs/heads/agent/change",
      before,
      after,
      commits: [{ added: ["src/a.ts"], modified: [".github/agent-guardrails.yml"] }],
      repository,
    });
    standIn.observe("pull_request", {
      action: "opened",
      pull_request: { number: 9, node_id: "PR_9", head: { ref: "agent/change", sha: after } },
      repository,
    });
    const { data } = await octokit().rest.pulls.listFiles({ owner: "acme", repo: "widgets", pull_number: 9 });
    expect(data.map((f) => f.filename)).toEqual(["src/a.ts", ".github/agent-guardrails.yml"]);
  });

  test("an issue the app created is found again by label and creator", async () => {
    const o = octokit();
    const created = await o.rest.issues.create({
      owner: "acme",
      repo: "widgets",
      title: "Agent guardrails tripped: x",
      labels: ["agent:halted"],
    });
    expect(created.status).toBe(201);
    const found = await o.rest.issues.listForRepo({
      owner: "acme",
      repo: "widgets",
      labels: "agent:halted",
      creator: "agent-guardrails[bot]",
      state: "open",
    });
    expect(found.data.map((i) => i.number)).toEqual([created.data.number]);
    const other = await o.rest.issues.listForRepo({ owner: "acme", repo: "widgets", labels: "agent:halted", creator: "dev" });
    expect(other.data).toEqual([]);
  });
});

describe("GitHub Enterprise Server path style (probot run with GHE_HOST)", () => {
  test("REST under /api/v3 and GraphQL at /api/graphql are recorded as GitHub's docs name them", async () => {
    standIn.observe("pull_request", {
      action: "opened",
      pull_request: { number: 8, node_id: "PR_x", state: "open", draft: true },
      repository: { full_name: "acme/widgets" },
    });
    const o = octokit(`${standIn.url}/api/v3`);
    const { data } = await o.rest.repos.getCollaboratorPermissionLevel({ owner: "acme", repo: "widgets", username: "dev" });
    expect(data.permission).toBe("write");
    await o.graphql(`mutation { markPullRequestReadyForReview(input: {pullRequestId: "PR_x"}) { pullRequest { isDraft } } }`);
    expect(standIn.requests).toEqual([
      { method: "GET", path: "/repos/acme/widgets/collaborators/dev/permission", status: 200 },
      expect.objectContaining({ method: "POST", path: "/graphql", operation: "markPullRequestReadyForReview", status: 200 }),
    ]);
  });
});

describe("failure injection", () => {
  test("the next matching request fails once with the given status and headers, and is still recorded", async () => {
    standIn.observe("push", {
      ref: "refs/heads/agent/x",
      before: "0".repeat(40),
      after: "a".repeat(40),
      commits: [],
      repository: { full_name: "acme/widgets" },
    });
    standIn.failNext({ method: "POST", pathPrefix: "/repos/acme/widgets/check-runs" }, 502, { "retry-after": "7" });
    const first = await call("POST", "/repos/acme/widgets/check-runs", { name: "agent-guardrails", head_sha: "a".repeat(40) });
    expect(first.status).toBe(502);
    expect(first.headers.get("retry-after")).toBe("7");
    const second = await call("POST", "/repos/acme/widgets/check-runs", { name: "agent-guardrails", head_sha: "a".repeat(40) });
    expect(second.status).toBe(201);
    expect(standIn.requests).toHaveLength(2);
  });

  test("a failed GraphQL mutation changes nothing", async () => {
    standIn.observe("pull_request", {
      action: "opened",
      pull_request: { number: 3, node_id: "PR_3", draft: false, state: "open" },
      repository: { full_name: "acme/widgets" },
    });
    standIn.failNext({ pathPrefix: "/graphql" }, 403);
    await expect(
      octokit().graphql(`mutation { convertPullRequestToDraft(input: {pullRequestId: "PR_3"}) { pullRequest { id } } }`),
    ).rejects.toMatchObject({
      status: 403,
    });
    expect((await octokit().rest.pulls.get({ owner: "acme", repo: "widgets", pull_number: 3 })).data.draft).toBe(false);
  });
});

describe("graphqlFields names an operation by its first field", () => {
  test.each([
    ["query shorthand", `{ viewer { login } }`, "query", ["viewer"]],
    [
      "named mutation with variables",
      `mutation Draft($id: ID!) { convertPullRequestToDraft(input: {pullRequestId: $id}) { pullRequest { id } } }`,
      "mutation",
      ["convertPullRequestToDraft"],
    ],
    [
      "alias",
      `mutation { hide: minimizeComment(input: {subjectId: "x", classifier: SPAM}) { clientMutationId } }`,
      "mutation",
      ["minimizeComment"],
    ],
    [
      "fragment first, comment, braces in a string and a default value",
      `# a { comment\nfragment F on PullRequest { id }\nquery Q($n: In = {a: 1}) { repository(owner: "{", name: "}") { ...F } node(id: "x") { id } }`,
      "query",
      ["repository", "node"],
    ],
  ])("%s", (_label, document, type, fields) => {
    const parsed = graphqlFields(document);
    expect(parsed?.type).toBe(type);
    expect(parsed?.fields.map((f) => f.name)).toEqual(fields);
  });

  test("no operation, no name", () => {
    expect(graphqlFields("fragment F on X { id }")).toBeNull();
  });
});
