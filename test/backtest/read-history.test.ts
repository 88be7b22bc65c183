import { afterEach, describe, expect, test } from "@jest/globals";
import { Octokit } from "@octokit/rest";
import { parse } from "yaml";
import { backtestScenario } from "../../src/backtest/run-backtest.js";
import { readHistory } from "../../src/backtest/read-history.js";
import { startReplayServer, type RecordedAnswer, type ReplayServer } from "./replay-server.js";

/** A personal repository, quiet this week, whose config extends another of its owner's, read with a token that may not list collaborators. */
const SINCE = "2026-11-20T00:00:00.000Z";
const ok = (body: unknown): RecordedAnswer => ({ status: 200, headers: {}, body });
const file = (text: string): RecordedAnswer =>
  ok({ type: "file", encoding: "base64", content: Buffer.from(text).toString("base64"), path: ".github/agent-guardrails.yml" });
const notFound: RecordedAnswer = {
  status: 404,
  headers: {},
  body: { message: "Not Found", documentation_url: "https://docs.github.com/rest" },
};
const windowed = `direction=asc&per_page=100&since=${SINCE}&sort=created`;
const owner = { login: "alice", id: 7, node_id: "U_alice", type: "User", site_admin: false };
const comment = {
  id: 1,
  node_id: "IC_1",
  user: { login: "bob", id: 8, node_id: "U_bob", type: "User", site_admin: false },
  author_association: "COLLABORATOR",
  created_at: "2026-11-20T10:00:00Z",
  updated_at: "2026-11-20T10:00:00Z",
  issue_url: "https://api.github.com/repos/alice/tools/issues/1",
  body: "ok",
};

const answers: Record<string, RecordedAnswer> = {
  "GET /repos/alice/tools": ok({
    id: 1,
    node_id: "R_tools",
    name: "tools",
    full_name: "alice/tools",
    private: true,
    owner,
    default_branch: "trunk",
    html_url: "https://github.com/alice/tools",
  }),
  "GET /repos/alice/tools/contents/.github/agent-guardrails.yml": file("_extends: shared\nowner: alice\n"),
  "GET /repos/alice/.github/contents/.github/agent-guardrails.yml": notFound,
  "GET /repos/alice/shared/contents/.github/agent-guardrails.yml": file("mode: enforce\npolicy: { comment: hold }\n"),
  "GET /repos/alice/tools/collaborators?per_page=100": {
    status: 403,
    headers: {},
    body: { message: "Must have push access to view repository collaborators.", documentation_url: "https://docs.github.com/rest" },
  },
  [`GET /repos/alice/tools/issues?${windowed}&state=all`]: ok([]),
  [`GET /repos/alice/tools/issues/comments?${windowed}`]: ok([comment]),
  [`GET /repos/alice/tools/pulls/comments?${windowed}`]: ok([]),
  [`GET /repos/alice/tools/commits?per_page=100&sha=trunk&since=${SINCE}`]: ok([]),
};

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
});

describe("reading a personal repository's history", () => {
  test("the _extends target is read, roles come from associations, and every config file runs in observe mode", async () => {
    server = await startReplayServer({ since: SINCE, answers });
    const octokit = new Octokit({ baseUrl: server.url, log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} } });
    const history = await readHistory(octokit, {
      owner: "alice",
      repo: "tools",
      since: new Date(SINCE),
      until: new Date("2026-11-21T00:00:00.000Z"),
    });
    expect(server.unrecorded).toEqual([]);
    expect(Object.keys(history.files).sort()).toEqual([".github/agent-guardrails.yml", "alice/shared:.github/agent-guardrails.yml"]);
    expect(history.collaborators).toBeUndefined();

    const { scenario, notes } = backtestScenario(history, []);
    expect(scenario.world).toMatchObject({
      owner: "alice",
      repo: "tools",
      default_branch: "trunk",
      account: "User",
      visibility: "private",
      members: [],
      permissions: { alice: "admin", bob: "write" },
    });
    for (const text of Object.values(scenario.world.files)) expect(parse(text)).toMatchObject({ mode: "observe" });
    expect(notes).toEqual(["the token may not list collaborators: roles were taken from each author's association"]);
    // A comment whose issue was not listed (the issue itself did not change) cannot be put in its thread: left out.
    expect(scenario.events).toEqual([]);
  });
});
