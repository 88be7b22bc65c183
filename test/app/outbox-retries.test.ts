import { afterEach, describe, expect, test } from "@jest/globals";
import { generateKeyPairSync } from "node:crypto";
import { pino } from "pino";
import { Probot } from "probot";
import { appOctokit, installationOctokit } from "../../src/github/installation-octokit.js";
import { toGitHubError } from "../../src/github/to-github-error.js";
import { startGitHubStandIn, type StandIn } from "../../src/sim/github-stand-in.js";
import type { Fault, World } from "../../src/sim/scenario.js";
import { accounts, issueCommentEvent, issueOpenedEvent, pullRequestEvent, pushEvent } from "../fixtures/webhook-examples.js";
import { startStandInApp, testWorld, type StandInApp } from "./stand-in-harness.js";

/**
 * The outbox owns every retry: a write GitHub applied before answering 502 (or whose answer it
 * withheld past the request timeout) is retried by the sweep, which finds what the first attempt
 * created by its marker and creates nothing twice. Through the real app against the stand-in,
 * whose faults apply a call and then lose its answer.
 */
const AGENT = "copilot-swe-agent[bot]";
const CONFIG = ["owner: maint", `agents: ["${AGENT}", "Copilot", "*-agent[bot]"]`, "approvers: write"].join("\n");

const apps: StandInApp[] = [];
const standIns: StandIn[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
  for (const standIn of standIns.splice(0)) await standIn.close();
});

async function start(
  faults: Fault[],
  world: Partial<World> = {},
  options: { config?: string; requestTimeoutMs?: number } = {},
): Promise<StandInApp> {
  const app = await startStandInApp({
    config: options.config ?? CONFIG,
    world: { faults, ...world },
    ...(options.requestTimeoutMs !== undefined ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
  });
  apps.push(app);
  return app;
}

/** Moves the virtual clock past any backoff (the first retry waits 30 s), then sweeps. */
async function sweepLater(app: StandInApp, seconds = 120): Promise<void> {
  app.now.value = new Date(app.now.value.getTime() + seconds * 1000);
  await app.guardrails.sweep();
}

/** What the stand-in holds now, read over HTTP after the assertions on recorded requests. */
async function read<T>(app: StandInApp, path: string): Promise<T> {
  const response = await fetch(`${app.standIn.url}${path}`);
  return (await response.json()) as T;
}

function count(app: StandInApp, method: string, path: string | RegExp, operation?: string): number {
  return app.standIn.requests.filter(
    (r) =>
      r.method === method &&
      (typeof path === "string" ? r.path === path : path.test(r.path)) &&
      (operation === undefined || r.operation === operation),
  ).length;
}

async function statusesOf(app: StandInApp, kind: string): Promise<[string, number][]> {
  return (await app.store.listEffects()).filter((e) => e.effect.kind === kind).map((e) => [e.status, e.attempts]);
}

/** The agent merged PR #42 itself: the breaker trips on `merge`, reverts it and opens the incident issue. */
function agentMerge() {
  return pullRequestEvent("closed", accounts.agent, accounts.agent, (p) => {
    p.pull_request.merged = true;
    p.pull_request.merged_by = { ...accounts.agent };
    p.pull_request.merge_commit_sha = "d".repeat(40);
  });
}

describe("a creating write whose answer was lost (502 after GitHub applied it), then the outbox's retry", () => {
  test("the incident issue: one issue, found on retry by its marker", async () => {
    const app = await start([{ match: "^POST /repos/acme/widgets/issues$", status: 502, after: true, times: 1 }]);
    await app.receive("pull_request", agentMerge());
    await app.guardrails.sweep();
    expect(await statusesOf(app, "ensure_incident_issue")).toEqual([["pending", 1]]);

    await sweepLater(app);
    // And once more: containment finished, the incident's body is updated in place (a PATCH).
    await sweepLater(app);
    expect(count(app, "POST", "/repos/acme/widgets/issues")).toBe(1);
    expect(await statusesOf(app, "ensure_incident_issue")).toEqual([
      ["applied", 2],
      ["applied", 1],
    ]);
    const issues = await read<{ title: string; body: string }[]>(app, "/repos/acme/widgets/issues?state=all");
    const incidents = issues.filter((i) => i.title.startsWith("Agent guardrails tripped"));
    expect(incidents).toHaveLength(1);
    expect(incidents[0]!.body).toContain(`<!-- agent-guardrails:incident "Agent guardrails tripped: ${AGENT}" -->`);
  });

  test("the revert PR of a merge: one revertPullRequest, the retry finds GitHub's revert-42-… PR", async () => {
    const app = await start([{ match: "^revertPullRequest$", status: 502, after: true, times: 1 }]);
    await app.receive("pull_request", agentMerge());
    await app.guardrails.sweep();
    expect(await statusesOf(app, "revert_merge")).toEqual([["pending", 1]]);

    await sweepLater(app);
    expect(count(app, "POST", "/graphql", "revertPullRequest")).toBe(1);
    expect(await statusesOf(app, "revert_merge")).toEqual([["applied", 2]]);
    const open = await read<{ number: number; head: { ref: string }; body: string }[]>(app, "/repos/acme/widgets/pulls?state=open");
    const reverts = open.filter((pr) => pr.head.ref.startsWith("revert-42-"));
    expect(reverts).toHaveLength(1);
    expect(reverts[0]!.body).toContain("<!-- agent-guardrails:revert-merge pr=42 -->");
    const [audit] = (await app.store.listAudit({ action: "effect.revert_merge" })).filter((row) => row.verdict === "applied");
    expect(audit?.detail).toMatchObject({ revertPullRequest: reverts[0]!.number });
  });

  test("the re-post of an approved held comment: one comment in the thread, found by the marker naming the held comment", async () => {
    const app = await start(
      [{ match: "^POST /repos/acme/widgets/issues/7/comments$", status: 502, after: true, times: 1 }],
      {},
      { config: `${CONFIG}\npolicy: { comment: hold }` },
    );
    await app.receive("issue_comment", issueCommentEvent(accounts.agent, { number: 7, commentId: 5001, body: "Fixed in #8." }));
    await app.receive("issue_comment", issueCommentEvent(accounts.maint, { number: 7, commentId: 5002, body: "/guardrails approve" }));
    expect(await statusesOf(app, "create_comment")).toEqual([["pending", 1]]);

    await sweepLater(app);
    expect(count(app, "POST", "/repos/acme/widgets/issues/7/comments")).toBe(1);
    expect(await statusesOf(app, "create_comment")).toEqual([["applied", 2]]);
    const thread = await read<{ body: string }[]>(app, "/repos/acme/widgets/issues/7/comments");
    const reposts = thread.filter((c) => c.body.includes("<!-- agent-guardrails:repost comment=5001 -->"));
    expect(reposts).toHaveLength(1);
    expect(reposts[0]!.body).toContain("> Fixed in #8.");
  });

  test("the protected-branch revert PR: the retry finds the branch and its open PR, and opens no second one", async () => {
    const app = await start([{ match: "^POST /repos/acme/widgets/pulls$", status: 502, after: true, times: 1 }], {
      protected_branches: ["main"],
    });
    await app.receive("push", pushEvent(accounts.agent, { before: "b".repeat(40), after: "a".repeat(40), paths: ["src/index.ts"] }));
    await app.guardrails.sweep();
    expect(await statusesOf(app, "revert_push")).toEqual([["pending", 1]]);

    await sweepLater(app);
    expect(count(app, "POST", "/repos/acme/widgets/pulls")).toBe(1);
    expect(count(app, "POST", "/repos/acme/widgets/git/refs")).toBe(1);
    expect(await statusesOf(app, "revert_push")).toEqual([["applied", 2]]);
    const open = await read<{ head: { ref: string } }[]>(app, "/repos/acme/widgets/pulls?state=open");
    expect(open.filter((pr) => pr.head.ref === "agent-guardrails/revert-aaaaaaa")).toHaveLength(1);
  });
});

describe("a withheld answer", () => {
  test("a hang longer than the request timeout fails as transient; the one retry finds the issue and creates nothing", async () => {
    // The delivery's own attempt gets a plain 502 (nothing applied); the sweep's attempt is applied
    // and its answer withheld 1.5 s, past the 100 ms timeout; the next sweep must not create again.
    const app = await start(
      [
        { match: "^POST /repos/acme/widgets/issues$", status: 502, times: 1 },
        { match: "^POST /repos/acme/widgets/issues$", status: 502, after: true, hang_ms: 1500, times: 1 },
      ],
      {},
      { requestTimeoutMs: 100 },
    );
    await app.receive("pull_request", agentMerge());
    await app.guardrails.sweep();
    const started = Date.now();
    await sweepLater(app);
    expect(Date.now() - started).toBeLessThan(1500);
    const [row] = await app.store.listEffects().then((rows) => rows.filter((e) => e.effect.kind === "ensure_incident_issue"));
    expect([row?.status, row?.attempts]).toEqual(["pending", 2]);
    expect(row?.lastError).toContain("no answer from GitHub in time");

    await sweepLater(app);
    await sweepLater(app);
    expect(await statusesOf(app, "ensure_incident_issue")).toEqual([
      ["applied", 3],
      ["applied", 1],
    ]);
    expect(count(app, "POST", "/repos/acme/widgets/issues")).toBe(2);
    const issues = await read<{ title: string }[]>(app, "/repos/acme/widgets/issues?state=all");
    expect(issues.filter((i) => i.title.startsWith("Agent guardrails tripped"))).toHaveLength(1);
  });
});

describe("the production Octokit factory", () => {
  /** A Probot built as `probot run` builds it (ProbotOctokit: retry and throttling plugins on), pointed at a stand-in. */
  async function productionProbot(faults: Fault[]): Promise<{ probot: Probot; standIn: StandIn }> {
    const standIn = await startGitHubStandIn({ ...testWorld(""), faults });
    standIns.push(standIn);
    standIn.observe("issues", issueOpenedEvent(accounts.dev, 7));
    const probot = new Probot({ githubToken: "test-token", baseUrl: standIn.url, log: pino({ level: "silent" }) });
    return { probot, standIn };
  }
  const comments = (standIn: StandIn) =>
    standIn.requests.filter((r) => r.method === "POST" && r.path === "/repos/acme/widgets/issues/7/comments");
  const post = (octokit: { request: (route: string, params: Record<string, unknown>) => Promise<{ status: number }> }) =>
    octokit.request("POST /repos/acme/widgets/issues/{issue_number}/comments", { issue_number: 7, body: "once" });

  test("does not re-send a POST answered 502 after it was applied: one request, a transient error", async () => {
    const { probot, standIn } = await productionProbot([
      { match: "^POST /repos/acme/widgets/issues/7/comments$", status: 502, after: true, times: 1 },
    ]);
    const octokit = await installationOctokit(probot, 1);
    const error = await post(octokit).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(toGitHubError(error)).toMatchObject({ kind: "server", status: 502, transient: true });
    expect(comments(standIn)).toHaveLength(1);
  });

  test("control: Probot's own installation Octokit does re-send it (plugin-retry), which is why it is not used", async () => {
    const { probot, standIn } = await productionProbot([
      { match: "^POST /repos/acme/widgets/issues/7/comments$", status: 502, after: true, times: 1 },
    ]);
    const octokit = await probot.auth(1);
    // plugin-retry waits 1 s before its first re-send.
    await post(octokit);
    expect(comments(standIn)).toHaveLength(2);
  }, 10_000);

  test("a withheld answer fails after the timeout as a transient network error, and is not re-sent", async () => {
    const { probot, standIn } = await productionProbot([
      { match: "^POST /repos/acme/widgets/issues/7/comments$", status: 502, after: true, hang_ms: 2000, times: 1 },
    ]);
    const octokit = await installationOctokit(probot, 1, { timeoutMs: 100 });
    const started = Date.now();
    const error = await post(octokit).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(Date.now() - started).toBeLessThan(1500);
    expect(toGitHubError(error)).toMatchObject({ kind: "network", transient: true });
    expect(toGitHubError(error).message).toContain("no answer from GitHub in time");
    expect(comments(standIn)).toHaveLength(1);
  });

  test("as a real App (a JWT, then the installation token), both factories authenticate against the stand-in", async () => {
    const standIn = await startGitHubStandIn(testWorld(""));
    standIns.push(standIn);
    standIn.observe("issues", issueOpenedEvent(accounts.dev, 7));
    const { privateKey } = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: { type: "pkcs1", format: "pem" },
    });
    const probot = new Probot({ appId: 1, privateKey, baseUrl: standIn.url, log: pino({ level: "silent" }) });
    const app = await appOctokit(probot);
    expect((await app.request("GET /app")).status).toBe(200);
    const installation = await installationOctokit(probot, 1);
    expect((await post(installation)).status).toBe(201);
  });

  test("writes are not paced by the throttling plugin: ten comments in well under its ~1 s per write", async () => {
    const { probot, standIn } = await productionProbot([]);
    const octokit = await installationOctokit(probot, 1);
    const started = Date.now();
    for (let i = 0; i < 10; i++) await post(octokit);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(comments(standIn)).toHaveLength(10);
  });
});
