import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "@jest/globals";
import { backtestCommand, type BacktestDeps } from "../../src/cli/backtest-command.js";
import { main, USAGE } from "../../src/cli/main.js";
import type { BacktestReport } from "../../src/backtest/summarize-backtest.js";
import { loadRecordedHistory, startReplayServer, type ReplayServer } from "./replay-server.js";

/**
 * `agent-guardrails backtest` against a recorded day of acme/widgets (scripts/write-backtest-fixture.mjs)
 * served on 127.0.0.1: amok-agent[bot] floods four threads, Copilot opens a pull request, speedy
 * (a person's account) posts 15 comments in 28 seconds.
 */
const recorded = loadRecordedHistory("acme-widgets.json");
const NOW = () => new Date("2026-11-21T00:00:00.000Z");
const COMMENTS_PAGE_1 = "GET /repos/acme/widgets/issues/comments?direction=asc&per_page=100&since=2026-11-20T00:00:00.000Z&sort=created";

function buffer(isTTY = false) {
  let text = "";
  return {
    isTTY,
    write: (s: string) => ((text += s), true),
    get text() {
      return text;
    },
  };
}

let server: ReplayServer;
let waits: number[];
beforeAll(async () => {
  server = await startReplayServer(recorded);
});
beforeEach(() => {
  server.requests.length = 0;
  server.authorizations.length = 0;
  waits = [];
});
afterAll(async () => {
  await server.close();
});

async function backtest(args: string[], deps: BacktestDeps = {}, tty = false) {
  const out = buffer();
  const err = buffer(tty);
  const sleep = async (ms: number) => void waits.push(ms);
  const code = await backtestCommand(args, out, err, { env: { GITHUB_TOKEN: "ghp_recorded" }, now: NOW, sleep, ...deps });
  return { code, out: out.text, err: err.text };
}

const DAY = ["--repo", "acme/widgets", "--since", "2026-11-20T00:00:00Z"];
let report: BacktestReport;
let requests: string[];
let authorizations: (string | undefined)[];

describe("backtest --json on the recorded day", () => {
  beforeAll(async () => {
    server.requests.length = 0;
    const run = await backtest([...DAY, "--api-url", server.url, "--json"]);
    expect(run).toMatchObject({ code: 0, err: "" });
    report = JSON.parse(run.out) as BacktestReport;
    requests = [...server.requests];
    authorizations = [...server.authorizations];
  }, 60_000);

  test("the flooding agent would have tripped the breaker on the burst limit at its 11th comment", () => {
    const amok = report.agents.find((a) => a.login === "amok-agent[bot]");
    expect(amok).toMatchObject({ actions: 121, flaggedIssues: [7], hiddenComments: 10, containedOnArrival: 110 });
    expect(amok?.trips).toHaveLength(1);
    expect(amok?.trips[0]).toMatchObject({
      reason: "burst",
      at: "2026-11-20T10:05:20.000Z",
      evidence: "11 actions within 60s (burst limit 10)",
    });
    // What containment would have reached at the trip: the agent unassigned, its 10 earlier comments hidden, its issue closed.
    expect(amok?.trips[0]?.containment).toEqual({ unassign_agent: 1, minimize_comment: 10, close_issue: 1 });
  });

  test("Copilot's pull request would have been gated, its review comment hidden, and nothing tripped", () => {
    expect(report.agents.find((a) => a.login === "Copilot")).toMatchObject({
      gatedPullRequests: [6],
      hiddenComments: 1,
      heldComments: 0,
      trips: [],
      containedOnArrival: 0,
    });
  });

  test("claude[bot], a well-known coding agent the config does not name, pushed to main: the breaker would have tripped and reverted the push", () => {
    const claude = report.agents.find((a) => a.login === "claude[bot]");
    const mainCommits = recorded.answers["GET /repos/acme/widgets/commits?per_page=100&sha=main&since=2026-11-20T00:00:00.000Z"]?.body as {
      sha: string;
      author: { login: string };
    }[];
    const pushed = mainCommits.find((c) => c.author.login === "claude[bot]")?.sha;
    // The push that tripped it is undone as it arrives: reverted.
    expect(claude).toMatchObject({ actions: 1, revertedPushes: [pushed], containedOnArrival: 1 });
    expect(claude?.trips).toEqual([
      {
        reason: "protected",
        at: "2026-11-20T11:00:00.000Z",
        evidence: "changed protected paths: .github/workflows/ci.yml",
        times: 1,
        alsoOn: [],
        containment: { unassign_agent: 1 },
      },
    ]);
  });

  test("speedy, not listed as an agent, acted at machine pace: one alert, and no person is reported as an agent", () => {
    expect(report.pace).toEqual([{ login: "speedy", at: "2026-11-20T12:00:20.000Z", evidence: "11 actions within 60s (burst limit 10)" }]);
    expect(report.agents.map((a) => a.login)).toEqual(["amok-agent[bot]", "claude[bot]", "Copilot"]);
  });

  test("it read every page, only read, with the token, and asked only what GitHub was recorded answering", () => {
    expect(requests).toContain(COMMENTS_PAGE_1);
    expect(requests).toContain(COMMENTS_PAGE_1.replace("direction=asc&", "direction=asc&page=2&"));
    expect(requests.every((r) => r.startsWith("GET "))).toBe(true);
    expect(new Set(authorizations)).toEqual(new Set(["token ghp_recorded"]));
    expect(server.unrecorded).toEqual([]);
    expect(report).toMatchObject({
      repo: "acme/widgets",
      since: "2026-11-20T00:00:00.000Z",
      until: "2026-11-21T00:00:00.000Z",
      events: 154,
      notes: [],
    });
  });
});

describe("backtest's table", () => {
  test("names each agent's trip, its reach and the account at machine pace; progress only on a terminal", async () => {
    const folder = await mkdtemp(join(tmpdir(), "backtest-token-"));
    try {
      await writeFile(join(folder, "token"), "ghp_from_file\n");
      const run = await backtest(
        ["--repo", "acme/widgets", "--since", "1d", "--api-url", `${server.url}/`, "--token-file", join(folder, "token")],
        { env: {} },
        true,
      );
      expect(run.code).toBe(0);
      expect(new Set(server.authorizations)).toEqual(new Set(["token ghp_from_file"]));
      const lines = run.out.split("\n");
      expect(lines[0]).toBe(
        "Backtest of acme/widgets from 2026-11-20T00:00:00.000Z to 2026-11-21T00:00:00.000Z: 154 event(s) replayed in observe mode",
      );
      expect(lines[2]).toMatch(/^AGENT +ACTIONS +GATED PRS +HIDDEN +HELD +FLAGGED ISSUES +REVERTED +TRIPS +CONTAINED$/);
      expect(lines[3]).toMatch(/^amok-agent\[bot\] +121 +- +10 +0 +#7 +0 +burst 2026-11-20T10:05:20.000Z +110$/);
      expect(lines[4]).toMatch(/^claude\[bot\] +1 +- +0 +0 +- +1 +protected 2026-11-20T11:00:00.000Z +1$/);
      expect(lines[5]).toMatch(/^Copilot +5 +#6 +1 +0 +- +0 +- +0$/);
      expect(run.out).toContain(
        "amok-agent[bot] would have tripped the breaker (burst) at 2026-11-20T10:05:20.000Z: 11 actions within 60s (burst limit 10)",
      );
      expect(run.out).toContain("  containment would have reached: unassign_agent ×1, minimize_comment ×10, close_issue ×1");
      expect(run.out).toContain("  speedy at 2026-11-20T12:00:20.000Z: 11 actions within 60s (burst limit 10)");
      expect(run.err).toContain("reading issues and pull requests");
      expect(run.err.endsWith("\r\x1b[K")).toBe(true);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }, 60_000);

  test("--agent makes an account an agent: speedy answering itself in one thread then trips the loop breaker, and no pace alert", async () => {
    const run = await backtest([...DAY, "--api-url", server.url, "--json", "--agent", "speedy"]);
    expect(run.code).toBe(0);
    const withSpeedy = JSON.parse(run.out) as BacktestReport;
    expect(withSpeedy.pace).toEqual([]);
    const speedy = withSpeedy.agents.find((a) => a.login === "speedy");
    expect(speedy?.actions).toBe(15);
    expect(speedy?.trips[0]).toMatchObject({ reason: "loop", at: "2026-11-20T12:00:10.000Z" });
    expect(speedy?.hiddenComments).toBe(5);
  }, 60_000);
});

describe("backtest within GitHub's rate limits", () => {
  test("a 403 secondary-limit answer with retry-after is waited out, then the page read again", async () => {
    server.failNext(COMMENTS_PAGE_1, {
      status: 403,
      headers: { "retry-after": "7" },
      body: {
        message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
        documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
      },
    });
    const run = await backtest([...DAY, "--api-url", server.url, "--json"]);
    expect(run.code).toBe(0);
    expect(waits).toEqual([7000]);
    expect(server.requests.filter((r) => r === COMMENTS_PAGE_1)).toHaveLength(2);
    expect((JSON.parse(run.out) as BacktestReport).agents.find((a) => a.login === "amok-agent[bot]")?.actions).toBe(121);
  }, 60_000);

  test("a spent quota (x-ratelimit-remaining: 0) waits for x-ratelimit-reset", async () => {
    const reset = Math.floor(NOW().getTime() / 1000) + 30;
    server.failNext(COMMENTS_PAGE_1, {
      status: 403,
      headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) },
      body: {
        message: "API rate limit exceeded for user ID 1.",
        documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
      },
    });
    const run = await backtest([...DAY, "--api-url", server.url, "--json"]);
    expect(run.code).toBe(0);
    expect(waits).toEqual([31_000]);
  }, 60_000);

  test("an answer that spends the quota makes the next request wait for the reset", async () => {
    const page = recorded.answers[COMMENTS_PAGE_1];
    if (!page) throw new Error("the fixture lost its first comments page");
    const reset = Math.floor(NOW().getTime() / 1000) + 10;
    server.failNext(COMMENTS_PAGE_1, {
      ...page,
      headers: { ...page.headers, "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) },
    });
    const run = await backtest([...DAY, "--api-url", server.url, "--json"]);
    expect(run.code).toBe(0);
    expect(waits).toEqual([11_000]);
    expect(server.requests.filter((r) => r === COMMENTS_PAGE_1)).toHaveLength(1);
  }, 60_000);

  test("a quota that resets only in an hour fails with a clear message instead of waiting", async () => {
    server.failNext(COMMENTS_PAGE_1, {
      status: 403,
      headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(Math.floor(NOW().getTime() / 1000) + 3600) },
      body: {
        message: "API rate limit exceeded for user ID 1.",
        documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
      },
    });
    const run = await backtest([...DAY, "--api-url", server.url, "--json"]);
    expect(run).toMatchObject({ code: 1, out: "" });
    expect(waits).toEqual([]);
    expect(run.err).toBe(
      "agent-guardrails backtest: GitHub's rate limit is spent (GitHub answered 403 (rate limit)); it resets in 61 minute(s): try again later or with another token\n",
    );
  }, 60_000);

  test("a 403 that is not a rate limit fails at once, naming the request", async () => {
    server.failNext(COMMENTS_PAGE_1, {
      status: 403,
      headers: {},
      body: { message: "Resource not accessible by personal access token", documentation_url: "https://docs.github.com/rest" },
    });
    const run = await backtest([...DAY, "--api-url", server.url, "--json"]);
    expect(run).toMatchObject({ code: 1, out: "" });
    expect(waits).toEqual([]);
    expect(run.err).toMatch(
      /^agent-guardrails backtest: GitHub answered 403 to GET http:\/\/127\.0\.0\.1:\d+\/repos\/acme\/widgets\/issues\/comments\?.*: Resource not accessible by personal access token/,
    );
  }, 60_000);
});

describe("backtest's failures and usage", () => {
  test("a repository GitHub does not show: exit 1 with a clear message, nothing on stdout", async () => {
    const run = await backtest(["--repo", "acme/missing", "--api-url", server.url]);
    expect(run).toEqual({
      code: 1,
      out: "",
      err: "agent-guardrails backtest: repository acme/missing not found, or the token cannot read it (GET /repos/acme/missing answered 404)\n",
    });
  });

  test("the CLI names and dispatches backtest", async () => {
    expect(USAGE).toMatch(/^ {2}backtest\b/m);
    const out = buffer();
    expect(await main(["backtest", "--help"], out, buffer())).toBe(0);
    expect(out.text).toMatch(/^usage: agent-guardrails backtest/);
  });

  test("--help prints the usage and reads nothing", async () => {
    const run = await backtest(["--help", "--repo", "acme/widgets", "--api-url", server.url]);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^usage: agent-guardrails backtest --repo OWNER\/NAME/);
    expect(server.requests).toEqual([]);
  });

  test.each([
    [[], "--repo OWNER/NAME is required"],
    [["--repo", "widgets"], '--repo must be OWNER/NAME (got "widgets")'],
    [["--repo", "acme/widgets", "--since", "yesterday"], "--since must be a span such as 7d"],
    [["--repo", "acme/widgets", "--since", "2027-01-01"], "--since must be a span such as 7d"],
    [["--repo", "acme/widgets", "--api-url", "ftp://example.com"], "--api-url must be an http or https URL"],
    [["--repo", "acme/widgets", "--agent", "a b"], '--agent must be a GitHub login (got "a b")'],
    [["--repo", "acme/widgets", "--frobnicate"], "Unknown option '--frobnicate'"],
  ])("%j is a usage error (exit 2)", async (args, message) => {
    const run = await backtest(args as string[]);
    expect(run.code).toBe(2);
    expect(run.out).toBe("");
    expect(run.err).toContain(message);
    expect(run.err).toContain("usage: agent-guardrails backtest");
    expect(server.requests).toEqual([]);
  });

  test("an unreadable token file: exit 1", async () => {
    const run = await backtest(["--repo", "acme/widgets", "--api-url", server.url, "--token-file", "/nonexistent/token"]);
    expect(run).toEqual({ code: 1, out: "", err: "agent-guardrails backtest: cannot read the token file /nonexistent/token: ENOENT\n" });
  });
});
