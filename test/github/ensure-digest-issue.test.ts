import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "@jest/globals";
import nock from "nock";
import { GitHubError, type GitHubAdapter } from "../../src/github/github-adapter.js";
import { createOctokitAdapter } from "../../src/github/octokit-adapter.js";
import type { InvalidRequest } from "../../src/sim/github-stand-in.js";
import { unthrottledOctokit } from "../../src/sim/unthrottled-octokit.js";
import { validatingPlugin } from "../../src/sim/validating-plugin.js";

const API = "https://api.github.com";
const repo = { owner: "acme", repo: "widgets" };
const MARKER = '<!-- agent-guardrails:digest "4242:maint:2026-W49" -->';
const APP = "agent-guardrails[bot]";
const PERIOD_END = new Date("2026-12-07T00:00:00Z");
const LIST = { state: "all", sort: "created", direction: "desc", since: "2026-12-07T00:00:00.000Z", per_page: "100" };
const digest = {
  title: "Agent guardrails digest: maint 2026-W49",
  body: "the week",
  assignees: ["maint"],
  marker: { text: MARKER, author: APP },
  createdAfter: PERIOD_END,
};

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

function api(): nock.Scope {
  return nock(API).on("request", (req: { method?: string; path?: string }) => requests.push(`${req.method} ${req.path?.split("?")[0]}`));
}
const issue = (number: number, over: Record<string, unknown>) => ({
  number,
  title: "t",
  html_url: `https://github.com/acme/widgets/issues/${number}`,
  created_at: "2026-12-07T00:00:05Z",
  user: { login: APP },
  body: "",
  ...over,
});

describe("ensureDigestIssue: looked up by its marker before it is created", () => {
  test("found, though closed and renamed: nothing is created; a lookalike by someone else and a PR do not count", async () => {
    api()
      .get("/repos/acme/widgets/issues")
      .query(LIST)
      .reply(200, [
        issue(50, { user: { login: "copilot-swe-agent[bot]" }, body: `fake ${MARKER}` }),
        issue(49, { body: `x ${MARKER}`, pull_request: { url: "u" } }),
        issue(48, { title: "renamed by the owner", state: "closed", body: `the week\n\n${MARKER}` }),
      ]);
    expect(await github.ensureDigestIssue(repo, digest)).toEqual({
      number: 48,
      url: "https://github.com/acme/widgets/issues/48",
      created: false,
    });
    expect(requests).toEqual(["GET /repos/acme/widgets/issues"]);
  });

  test("not found: created once with the marker and the owner assigned; paging stops at issues older than the period's end", async () => {
    let created: unknown;
    api()
      .get("/repos/acme/widgets/issues")
      .query(LIST)
      .reply(200, [issue(47, { body: "other" }), issue(12, { created_at: "2026-11-02T10:00:00Z" })], {
        link: `<${API}/repos/acme/widgets/issues?page=2>; rel="next"`,
      });
    api()
      .post("/repos/acme/widgets/issues", (b: unknown) => {
        created = b;
        return true;
      })
      .reply(201, issue(51, {}));
    expect(await github.ensureDigestIssue(repo, digest)).toEqual({
      number: 51,
      url: "https://github.com/acme/widgets/issues/51",
      created: true,
      assigned: true,
    });
    expect(created).toEqual({ title: digest.title, body: `the week\n\n${MARKER}`, assignees: ["maint"] });
    expect(requests).toEqual(["GET /repos/acme/widgets/issues", "POST /repos/acme/widgets/issues"]);
  });

  test("an owner GitHub refuses as assignee: created again without one (a 422 created nothing)", async () => {
    const bodies: unknown[] = [];
    api().get("/repos/acme/widgets/issues").query(LIST).reply(200, []);
    api()
      .post("/repos/acme/widgets/issues", (b: unknown) => bodies.push(b) > 0)
      .reply(422, { message: "Validation Failed", errors: [{ value: "maint", resource: "Issue", field: "assignees", code: "invalid" }] });
    api()
      .post("/repos/acme/widgets/issues", (b: unknown) => bodies.push(b) > 0)
      .reply(201, issue(52, {}));
    expect(await github.ensureDigestIssue(repo, digest)).toMatchObject({ number: 52, created: true, assigned: false });
    expect(bodies.map((b) => (b as { assignees?: string[] }).assignees ?? [])).toEqual([["maint"], []]);
  });

  test("any other refusal is not sent again: the error goes to the caller", async () => {
    api().get("/repos/acme/widgets/issues").query(LIST).reply(200, []);
    api()
      .post("/repos/acme/widgets/issues")
      .reply(422, { message: "Validation Failed", errors: [{ resource: "Issue", field: "title", code: "missing_field" }] });
    await expect(github.ensureDigestIssue(repo, digest)).rejects.toBeInstanceOf(GitHubError);
    expect(requests).toEqual(["GET /repos/acme/widgets/issues", "POST /repos/acme/widgets/issues"]);
  });

  test("a failed create is not sent again: the error goes to the caller, whose next run looks again", async () => {
    api().get("/repos/acme/widgets/issues").query(LIST).reply(200, []);
    api().post("/repos/acme/widgets/issues").reply(502, { message: "Bad Gateway" });
    await expect(github.ensureDigestIssue(repo, { ...digest, assignees: [] })).rejects.toBeInstanceOf(GitHubError);
    expect(requests).toEqual(["GET /repos/acme/widgets/issues", "POST /repos/acme/widgets/issues"]);
  });
});
