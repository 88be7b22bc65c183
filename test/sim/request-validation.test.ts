import { afterEach, describe, expect, test } from "@jest/globals";
import { startGitHubStandIn, type StandIn } from "../../src/sim/github-stand-in.js";
import type { Fault, World } from "../../src/sim/scenario.js";
import { unthrottledOctokit } from "../../src/sim/unthrottled-octokit.js";
import { validateGraphqlRequest } from "../../src/sim/validate-graphql-request.js";
import { validatingPlugin } from "../../src/sim/validating-plugin.js";
import type { InvalidRequest } from "../../src/sim/github-stand-in.js";
import { validateRestRequest } from "../../src/sim/validate-rest-request.js";

const world: World = {
  owner: "acme",
  repo: "widgets",
  default_branch: "main",
  app: "agent-guardrails[bot]",
  permissions: { dev: "write" },
  members: ["dev"],
  files: {},
};

let standIn: StandIn | undefined;

afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

const repository = { full_name: "acme/widgets", name: "widgets", owner: { login: "acme", type: "Organization" }, default_branch: "main" };
const issue = (number: number) => ({
  number,
  node_id: `I_${number}`,
  title: `Issue ${number}`,
  state: "open",
  user: { login: "dev", type: "User" },
  labels: [],
});

/** What the requests below act on, announced as GitHub's webhooks would: the faithful stand-in knows nothing else. */
function seed(running: StandIn): void {
  running.observe("issues", { action: "opened", issue: issue(5), repository, sender: { login: "dev" } });
  const comment = { id: 1, node_id: "IC_1", body: "hi", user: { login: "dev", type: "User" } };
  running.observe("issue_comment", { action: "created", issue: issue(3), comment, repository, sender: { login: "dev" } });
  running.observe("push", {
    ref: "refs/heads/agent/change",
    before: "0".repeat(40),
    after: "a".repeat(40),
    commits: [{ id: "a".repeat(40), added: ["x.ts"] }],
    repository,
  });
}

async function start(faults?: Fault[]): Promise<StandIn> {
  standIn = await startGitHubStandIn({ ...structuredClone(world), ...(faults ? { faults } : {}) });
  seed(standIn);
  return standIn;
}

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${(standIn as StandIn).url}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: JSON.parse(text === "" ? "null" : text) as Record<string, unknown> };
}

const minimize = (classifier: string) =>
  `mutation { minimizeComment(input: {subjectId: "IC_1", classifier: ${classifier}}) { minimizedComment { isMinimized } } }`;

describe("GraphQL requests are checked against GitHub's schema", () => {
  test("a valid mutation is answered; an unknown field, a wrong enum and a missing argument are refused with 200 and errors", async () => {
    await start();
    expect(await call("POST", "/graphql", { query: minimize("SPAM") })).toMatchObject({
      status: 200,
      json: { data: { minimizeComment: {} } },
    });
    expect(standIn?.invalid).toEqual([]);

    const unknownField = await call("POST", "/graphql", { query: `{ viewer { login shoeSize } }` });
    expect(unknownField.status).toBe(200);
    expect(unknownField.json).toEqual({
      errors: [{ message: expect.stringContaining(`Cannot query field "shoeSize" on type "User"`), locations: [{ line: 1, column: 18 }] }],
    });
    expect(unknownField.json.data).toBeUndefined();

    const wrongEnum = await call("POST", "/graphql", { query: minimize("NOPE") });
    expect(wrongEnum.json.errors).toEqual([
      expect.objectContaining({ message: `Value "NOPE" does not exist in "ReportedContentClassifiers" enum.` }),
    ]);

    const missingArgument = await call("POST", "/graphql", { query: `mutation { convertPullRequestToDraft { pullRequest { isDraft } } }` });
    expect(missingArgument.json.errors).toEqual([
      expect.objectContaining({
        message: expect.stringContaining(`argument "input" of type "ConvertPullRequestToDraftInput!" is required`),
      }),
    ]);

    expect(standIn?.invalid).toEqual([
      { method: "POST", path: "/graphql", operation: "viewer", reason: expect.stringContaining("shoeSize") },
      { method: "POST", path: "/graphql", operation: "minimizeComment", reason: expect.stringContaining("NOPE") },
      { method: "POST", path: "/graphql", operation: "convertPullRequestToDraft", reason: expect.stringContaining(`"input"`) },
    ]);
    expect(standIn?.requests.map((r) => r.status)).toEqual([200, 200, 200, 200]);
  });

  test("variables must fit their definitions: a bad enum value, a missing required variable", async () => {
    await start();
    const query = `mutation Hide($id: ID!, $why: ReportedContentClassifiers!) { minimizeComment(input: {subjectId: $id, classifier: $why}) { clientMutationId } }`;
    const octokit = new (unthrottledOctokit((standIn as StandIn).url))({ auth: "test" });
    await expect(octokit.graphql(query, { id: "IC_1", why: "OUTDATED" })).resolves.toHaveProperty("minimizeComment");
    // Octokit turns a 200 with `errors` into a thrown GraphqlResponseError, as it would against GitHub.
    await expect(octokit.graphql(query, { id: "IC_1", why: "outdated" })).rejects.toThrow(`Variable "$why" got invalid value "outdated"`);
    await expect(octokit.graphql(query, { why: "SPAM" })).rejects.toThrow(`Variable "$id" of required type "ID!" was not provided.`);
    expect(standIn?.invalid.map((i) => i.operation)).toEqual(["minimizeComment", "minimizeComment"]);
  });

  test("a syntax error is refused; a body without a query is a 400", async () => {
    await start();
    expect((await call("POST", "/graphql", { query: "{ viewer { login " })).json).toEqual({
      errors: [{ message: "Syntax Error: Expected Name, found <EOF>.", locations: [{ line: 1, column: 18 }] }],
    });
    expect(await call("POST", "/graphql", { variables: {} })).toMatchObject({
      status: 400,
      json: { message: "A query attribute must be specified and must be a string." },
    });
    expect(standIn?.invalid).toHaveLength(2);
  });
});

describe("REST requests are checked against GitHub's REST description", () => {
  test("a check run concluded `pending` is a 422 in GitHub's words, and nothing is created", async () => {
    await start();
    const reply = await call("POST", "/repos/acme/widgets/check-runs", {
      name: "agent-guardrails",
      head_sha: "a".repeat(40),
      conclusion: "pending",
    });
    expect(reply.status).toBe(422);
    expect(reply.json.message).toBe(
      `Invalid request.\n\nFor 'conclusion', "pending" is not a member of ["action_required","cancelled","failure","neutral","success","skipped","stale","timed_out"].`,
    );
    expect(standIn?.invalid).toEqual([
      {
        method: "POST",
        path: "/repos/acme/widgets/check-runs",
        operation: "POST /repos/{owner}/{repo}/check-runs",
        reason: reply.json.message,
      },
    ]);
    const listed = await call("GET", `/repos/acme/widgets/commits/${"a".repeat(40)}/check-runs`);
    expect(listed.json.total_count).toBe(0);
  });

  test("a required body property missing: `wasn't supplied`", async () => {
    await start();
    const reply = await call("PATCH", "/repos/acme/widgets/git/refs/heads%2Fmain", { force: true });
    expect(reply).toMatchObject({ status: 422, json: { message: `Invalid request.\n\n"sha" wasn't supplied.` } });
    expect(await call("POST", "/repos/acme/widgets/issues/1/comments", "not json")).toMatchObject({
      status: 400,
      json: { message: "Problems parsing JSON" },
    });
  });

  test("an unknown route is GitHub's 404, recorded with its status and listed in `invalid`", async () => {
    await start();
    const reply = await call("GET", "/repos/acme/widgets/teleport?far=away");
    expect(reply).toMatchObject({ status: 404, json: { message: "Not Found" } });
    expect(standIn?.requests).toEqual([{ method: "GET", path: "/repos/acme/widgets/teleport?far=away", status: 404 }]);
    expect(standIn?.invalid).toEqual([
      { method: "GET", path: "/repos/acme/widgets/teleport?far=away", reason: expect.stringContaining("GET /repos/acme/widgets/teleport") },
    ]);
  });

  test("query parameters: an unknown name, a value outside the enum, per_page over 100, a non-integer path number", async () => {
    await start();
    expect((await call("GET", "/repos/acme/widgets/issues?state=all&per_page=100&labels=a,b")).status).toBe(200);
    expect(standIn?.invalid).toEqual([]);
    const refused = [
      await call("GET", "/repos/acme/widgets/issues?sate=open"),
      await call("GET", "/repos/acme/widgets/issues?state=shut"),
      await call("GET", "/repos/acme/widgets/issues?per_page=500"),
      await call("GET", "/repos/acme/widgets/issues/twelve"),
    ];
    expect(refused.map((r) => r.status)).toEqual([422, 422, 422, 404]);
    expect(standIn?.invalid.map((i) => i.reason)).toEqual([
      `Validation Failed: query parameter "sate" is not one GitHub describes for this operation.`,
      `Validation Failed: For 'state', "shut" is not a member of ["open","closed","all"].`,
      "Validation Failed: For 'per_page', 500 must be <= 100.",
      `Not Found: For 'issue_number', "twelve" must be integer.`,
    ]);
  });
});

describe("the validators on their own", () => {
  const rest = (method: string, path: string, body?: unknown, query = "") =>
    validateRestRequest({ method, path, query: new URLSearchParams(query), body });

  test("Octokit's shapes pass: labels as an array of names, a nullable state_reason, a contents path and a ref with slashes", () => {
    expect(rest("POST", "/repos/acme/widgets/issues/3/labels", { labels: ["agent:held"] })).toBeUndefined();
    expect(rest("PATCH", "/repos/acme/widgets/issues/3", { state: "closed", state_reason: null })).toBeUndefined();
    expect(rest("GET", "/repos/acme/widgets/contents/.github/agent-guardrails.yml", undefined, "ref=main")).toBeUndefined();
    expect(rest("GET", "/repos/acme/widgets/git/ref/heads/agent/change")).toBeUndefined();
    expect(
      validateRestRequest({
        method: "DELETE",
        path: "/repos/acme/widgets/issues/3/labels/area/ui",
        segments: ["repos", "acme", "widgets", "issues", "3", "labels", "area/ui"],
        query: new URLSearchParams(),
        body: undefined,
      }),
    ).toBeUndefined();
  });

  test("OpenAPI's nullable became an explicit null: null passes where GitHub allows it, not elsewhere", () => {
    expect(rest("PATCH", "/repos/acme/widgets/issues/3", { state: null })).toMatchObject({
      status: 422,
      reason: expect.stringContaining("'state'"),
    });
    expect(rest("PATCH", "/repos/acme/widgets/issues/3", { state_reason: "tired" })).toMatchObject({ status: 422 });
    expect(rest("PATCH", "/repos/acme/widgets/issues/3", { body: null })).toBeUndefined();
  });

  test("a literal segment wins over a parameter, and a date-time must be one", () => {
    expect(rest("GET", "/repos/acme/widgets/issues/comments/7")).toBeUndefined();
    expect(
      rest("POST", "/repos/acme/widgets/check-runs", { name: "n", head_sha: "a", conclusion: "success", completed_at: "yesterday" }),
    ).toMatchObject({
      status: 422,
      reason: expect.stringContaining("completed_at"),
    });
  });

  test("GraphQL: valid documents and variables pass", () => {
    expect(
      validateGraphqlRequest({
        query: `query($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { id } }`,
        variables: { owner: "acme", name: "widgets" },
      }),
    ).toBeUndefined();
    expect(validateGraphqlRequest({ query: minimize("SPAM") })).toBeUndefined();
    expect(validateGraphqlRequest("query")).toBe("A query attribute must be specified and must be a string.");
  });
});

describe("validatingPlugin: the same checks on the client side, for tests whose GitHub is nock", () => {
  test("reports what GitHub would refuse, GHES paths and encoded segments included, and lets valid requests be", async () => {
    await start();
    const reported: InvalidRequest[] = [];
    const Octokit = unthrottledOctokit(`${(standIn as StandIn).url}/api/v3`).plugin(validatingPlugin((r) => reported.push(r)));
    const octokit = new Octokit({ auth: "test" });
    await octokit.rest.issues.addLabels({ owner: "acme", repo: "widgets", issue_number: 3, labels: ["area/ui"] });
    await octokit.rest.issues.removeLabel({ owner: "acme", repo: "widgets", issue_number: 3, name: "area/ui" });
    await octokit.rest.git.getRef({ owner: "acme", repo: "widgets", ref: "heads/agent/change" });
    await octokit.graphql(minimize("SPAM"));
    expect(reported).toEqual([]);
    // A literal route is untyped: Octokit's types would refuse "pending" before GitHub does.
    await octokit
      .request("POST /repos/acme/widgets/check-runs", { name: "n", head_sha: "a", conclusion: "pending" })
      .catch(() => undefined);
    await octokit.request("GET /repos/{owner}/{repo}/issues", { owner: "acme", repo: "widgets", sate: "open" }).catch(() => undefined);
    await octokit.graphql(minimize("NOPE")).catch(() => undefined);
    expect(reported).toEqual([
      {
        method: "POST",
        path: "/repos/acme/widgets/check-runs",
        operation: "POST /repos/{owner}/{repo}/check-runs",
        reason: expect.stringContaining(`"pending"`),
      },
      {
        method: "GET",
        path: "/repos/acme/widgets/issues?sate=open",
        operation: "GET /repos/{owner}/{repo}/issues",
        reason: expect.stringContaining(`"sate"`),
      },
      { method: "POST", path: "/graphql", operation: "minimizeComment", reason: expect.stringContaining("NOPE") },
    ]);
    // The stand-in saw the same three.
    expect(standIn?.invalid.map((i) => i.reason)).toEqual(reported.map((i) => i.reason));
  });
});

describe("world.faults", () => {
  const comment = "^POST /repos/acme/widgets/issues/\\d+/comments$";

  test("after: true applies the call, then answers the error (a lost response); times limits how many fail", async () => {
    await start([{ match: comment, status: 502, after: true, times: 1 }]);
    expect((await call("POST", "/repos/acme/widgets/issues/5/comments", { body: "hello" })).status).toBe(502);
    const listed = await call("GET", "/repos/acme/widgets/issues/5/comments");
    expect((listed.json as unknown as { body: string }[]).map((c) => c.body)).toEqual(["hello"]);
    expect((await call("POST", "/repos/acme/widgets/issues/5/comments", { body: "again" })).status).toBe(201);
    expect(standIn?.requests.map((r) => r.status)).toEqual([502, 200, 201]);
  });

  test("without after the call changes nothing; a fault without times fails every match; other requests pass", async () => {
    await start([{ match: comment, status: 500 }]);
    expect((await call("POST", "/repos/acme/widgets/issues/5/comments", { body: "one" })).status).toBe(500);
    expect((await call("POST", "/repos/acme/widgets/issues/5/comments", { body: "two" })).status).toBe(500);
    expect((await call("GET", "/repos/acme/widgets/issues/5/comments")).json).toEqual([]);
  });

  test("times: 2 fails twice, then the call goes through", async () => {
    await start([{ match: comment, status: 502, times: 2 }]);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call("POST", "/repos/acme/widgets/issues/5/comments", { body: `try ${i}` })).status);
    expect(statuses).toEqual([502, 502, 201]);
  });

  test("429 carries retry-after and GitHub's secondary-rate-limit message; 403 says the integration lacks access", async () => {
    await start([
      { match: comment, status: 429, retry_after: 30 },
      { match: "^minimizeComment$", status: 403 },
    ]);
    const limited = await call("POST", "/repos/acme/widgets/issues/5/comments", { body: "hello" });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("30");
    expect(limited.json.message).toEqual(expect.stringContaining("You have exceeded a secondary rate limit"));
    const refused = await call("POST", "/graphql", { query: minimize("SPAM") });
    expect(refused).toMatchObject({ status: 403, json: { message: "Resource not accessible by integration" } });
    expect(refused.headers.get("retry-after")).toBeNull();
  });

  test("hang_ms holds the answer", async () => {
    await start([{ match: "^GET /repos/acme/widgets$", status: 502, hang_ms: 300 }]);
    const started = Date.now();
    expect((await call("GET", "/repos/acme/widgets")).status).toBe(502);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    const quick = Date.now();
    expect((await call("GET", "/repos/acme/widgets/issues")).status).toBe(200);
    expect(Date.now() - quick).toBeLessThan(290);
  });
});
