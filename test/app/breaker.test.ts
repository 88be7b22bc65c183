import { afterEach, describe, expect, test } from "@jest/globals";
import nock from "nock";
import { fakeSha } from "../../src/sim/stand-in-state.js";
import { openStore } from "../../src/store/open-store.js";
import type { Store } from "../../src/store/store.js";
import { accounts, commentEvent, issueCommentEvent, issueOpenedEvent, pullRequestEvent, pushEvent } from "../fixtures/webhook-examples.js";
import { postgresDatabase, type TestDatabase } from "../store/store-backends.js";
import { describeRequests, startStandInApp, writesOf, type StandInApp } from "./stand-in-harness.js";

/**
 * The circuit breaker through the real app (Probot, createGuardrails, the Octokit adapter)
 * against the GitHub stand-in, which answers multi-step flows (git data, issue lists, GraphQL)
 * consistently and records every request in order.
 */
const AGENT = "copilot-swe-agent[bot]";
const BASE = ["owner: maint", `agents: ["${AGENT}", "Copilot", "*-agent[bot]"]`, "approvers: write"];
/** Strict defaults otherwise: trips on merges and default-branch pushes too. */
const CONFIG = BASE.join("\n");
const T0 = Date.parse("2026-11-20T09:00:00.000Z");

const apps: StandInApp[] = [];
let database: TestDatabase | undefined;
const extraStores: Store[] = [];

afterEach(async () => {
  nock.cleanAll();
  for (const app of apps.splice(0)) await app.close();
  for (const store of extraStores.splice(0)) await store.close();
  await database?.drop();
  database = undefined;
});

async function start(config = CONFIG): Promise<StandInApp> {
  const app = await startStandInApp({ config });
  apps.push(app);
  return app;
}

/** Moves the shared virtual clock to T0 + seconds. */
function at(app: StandInApp, seconds: number): void {
  app.now.value = new Date(T0 + seconds * 1000);
}

/** A maintainer's comment on issue #42 (a human's thread). */
function maintainerSays(body: string) {
  return commentEvent("created", accounts.maint, body, { threadAuthor: accounts.dev, onPullRequest: false });
}

describe("trip once under concurrent deliveries", () => {
  test("two replicas sharing one PostgreSQL store: one breaker.tripped row, one incident issue", async () => {
    database = await postgresDatabase();
    const config = [...BASE, "limits: { burst: { actions: 3, seconds: 60 } }"].join("\n");
    const first = await startStandInApp({ config, store: await openStore(database.url) });
    apps.push(first);
    extraStores.push(first.store);
    const second = await startStandInApp({ standIn: first.standIn, now: first.now, store: await openStore(database.url) });
    apps.push(second);
    extraStores.push(second.store);

    // Three comments: at the burst limit, not over it.
    for (let i = 0; i < 3; i++) {
      at(first, i);
      await first.receive("issue_comment", issueCommentEvent(accounts.agent, { number: 7, commentId: 700 + i }), `warmup-${i}`);
    }
    expect(await first.store.breakers()).toEqual([]);

    // Six more at once, three to each replica: every one of them is over the limit.
    at(first, 10);
    await Promise.all(
      [0, 1, 2, 3, 4, 5].map((i) =>
        (i % 2 === 0 ? first : second).receive(
          "issue_comment",
          issueCommentEvent(accounts.agent, { number: 7, commentId: 710 + i }),
          `burst-${i}`,
        ),
      ),
    );
    await first.guardrails.sweep();
    await second.guardrails.sweep();

    const audit = await first.store.listAudit();
    expect(audit.filter((row) => row.action === "issue_comment.created")).toHaveLength(9);
    // The race was real: more than one delivery decided to trip the breaker.
    const tripping = audit.filter((row) => row.action === "issue_comment.created" && row.detail.trip !== undefined);
    expect(tripping.length).toBeGreaterThanOrEqual(2);
    const trips = audit.filter((row) => row.action === "breaker.tripped");
    expect(trips).toHaveLength(1);
    expect(trips[0]!.detail).toMatchObject({ agent: AGENT, reason: "burst", tripId: 1 });
    const incidents = first.standIn.requests.filter((r) => r.method === "POST" && r.path === "/repos/acme/widgets/issues");
    expect(incidents).toHaveLength(1);
    expect(incidents[0]!.body).toMatchObject({ title: `Agent guardrails tripped: ${AGENT}` });
    expect((await second.store.breakers()).map((b) => [b.agent, b.state, b.tripId])).toEqual([[AGENT, "open", 1]]);
  });
});

describe("drill", () => {
  test("reports the plan and the refused permissions; the report comment is the only write", async () => {
    const app = await start();
    // The installation was granted less than containment needs.
    const permissions = nock(app.standIn.url, { allowUnmocked: true })
      .get("/app/installations/4242")
      .reply(200, { id: 4242, permissions: { issues: "write", pull_requests: "read", contents: "read", metadata: "read" } });
    await app.receive("issue_comment", issueCommentEvent(accounts.agent, { number: 5, commentId: 501 }));
    at(app, 60);
    await app.receive("issues", issueOpenedEvent(accounts.agent, 6));
    at(app, 120);
    await app.receive("pull_request", pullRequestEvent("opened", accounts.agent));

    const from = app.standIn.requests.length;
    at(app, 180);
    await app.receive("issue_comment", maintainerSays(`/guardrails drill @${AGENT}`));
    at(app, 600);
    await app.guardrails.sweep();

    const sent = app.requestsSince(from);
    expect(describeRequests(writesOf(sent))).toEqual(["POST /repos/acme/widgets/issues/42/comments"]);
    expect(permissions.isDone()).toBe(true);
    const report = (writesOf(sent)[0]!.body as { body: string }).body;
    expect(report).toContain(`### agent-guardrails drill: \`${AGENT}\``);
    expect(report).toContain("5 step(s)");
    // The source first (unassign), then newest first: the PR (drafted and labelled), the issue (closed), the comment (hidden).
    const rows = report.split("\n").filter((line) => /^\| \d+ \|/.test(line));
    expect(rows).toEqual([
      "| 1 | `unassign_agent` | acme/widgets |  | issues: write, pull_requests: write | ❌ refused |",
      "| 2 | `convert_to_draft` | acme/widgets#42 |  | pull_requests: write, contents: write | ❌ refused |",
      // Labels on a pull request are checked against pull_requests, on an issue against issues.
      "| 3 | `add_label` | acme/widgets#42 |  | pull_requests: write | ❌ refused |",
      "| 4 | `close_issue` | acme/widgets#6 |  | issues: write | ✅ |",
      "| 5 | `minimize_comment` | acme/widgets |  | issues: write | ✅ |",
    ]);
    expect(report).toContain("**3 step(s) would be refused**");
    expect(report).toContain("- `pull_requests: write`: a pull request's labels");
    expect(report).toContain("- `contents: write`: GitHub refuses an App the draft conversion without it");
    expect(await app.store.breakers()).toEqual([]);
    expect((await app.store.listAudit()).filter((row) => row.action.startsWith("breaker."))).toEqual([]);
  });
});

describe("halt, contain on arrival, status, resume --undo", () => {
  test("a maintainer's halt trips the breaker; the agent's next PR is closed on arrival; resume --undo reverses the containment", async () => {
    const app = await start();
    await app.receive("issue_comment", issueCommentEvent(accounts.agent, { number: 5, commentId: 501 }));
    at(app, 5);
    await app.receive("issues", issueOpenedEvent(accounts.agent, 6));

    // Halt: a manual trip; the plan goes out with the incident issue first.
    at(app, 10);
    let from = app.standIn.requests.length;
    await app.receive("issue_comment", maintainerSays(`/guardrails halt @${AGENT} it is looping`));
    // The agent's comment is already hidden by the permission table (pending approval): not hidden twice.
    expect(describeRequests(writesOf(app.requestsSince(from)))).toEqual([
      "POST /repos/acme/widgets/issues",
      "PATCH /repos/acme/widgets/issues/6",
    ]);
    const [incident, close] = writesOf(app.requestsSince(from));
    expect(incident!.body).toMatchObject({ title: `Agent guardrails tripped: ${AGENT}`, labels: ["agent:halted"] });
    expect((incident!.body as { body: string }).body).toContain("**Trigger:** manual");
    expect(close!.body).toEqual({ state: "closed", state_reason: "not_planned" });
    expect((await app.store.listAudit({ action: "breaker.tripped" })).map((row) => row.detail)).toEqual([
      expect.objectContaining({ agent: AGENT, reason: "manual", by: "maint", mode: "enforce" }),
    ]);

    // Halted: the agent's new PR is closed and labelled as it arrives, nothing else.
    at(app, 20);
    from = app.standIn.requests.length;
    await app.receive("pull_request", pullRequestEvent("opened", accounts.agent));
    const onArrival = writesOf(app.requestsSince(from));
    expect(describeRequests(onArrival)).toEqual(["PATCH /repos/acme/widgets/pulls/42", "POST /repos/acme/widgets/issues/42/labels"]);
    expect(onArrival[0]!.body).toEqual({ state: "closed" });
    expect(onArrival[1]!.body).toEqual({ labels: ["agent:halted"] });

    // Status: one reply, a table with the halted agent.
    at(app, 30);
    from = app.standIn.requests.length;
    await app.receive("issue_comment", maintainerSays("/guardrails status"));
    const status = writesOf(app.requestsSince(from));
    expect(describeRequests(status)).toEqual(["POST /repos/acme/widgets/issues/42/comments"]);
    const table = (status[0]!.body as { body: string }).body;
    expect(table).toContain("| agent | breaker | actions/h | comments/h | PRs/h | repos/h | held comments | pending effects |");
    expect(table).toContain(`| \`${AGENT}\` | **halted** (manual, since 2026-11-20T09:00:10.000Z) | 3/60 | 1/20 | 1/10 | 1/5 |`);

    // Resume with undo: the plan's steps reversed (issue reopened), then what was contained on arrival (PR reopened, label removed).
    // The comment stays hidden: the permission table hid it, and it waits for a maintainer's approval.
    at(app, 40);
    from = app.standIn.requests.length;
    await app.receive("issue_comment", maintainerSays(`/guardrails resume @${AGENT} --undo`));
    const undo = app.requestsSince(from);
    expect(describeRequests(writesOf(undo))).toEqual([
      "PATCH /repos/acme/widgets/issues/6",
      "PATCH /repos/acme/widgets/pulls/42",
      "DELETE /repos/acme/widgets/issues/42/labels/agent:halted",
      "PATCH /repos/acme/widgets/issues/43",
      "POST /repos/acme/widgets/issues/42/comments",
    ]);
    expect(writesOf(undo)[0]!.body).toEqual({ state: "open" });
    expect(writesOf(undo)[1]!.body).toEqual({ state: "open" });
    // The incident's debrief ends with who resumed the agent and what was undone.
    expect((writesOf(undo)[3]!.body as { body: string }).body).toMatch(
      /\*\*Resumed\*\* by @maint at 2026-11-20T09:00:40.000Z: 3 containment step\(s\) undone\./,
    );
    // The reply says what was undone; nothing here is beyond undoing.
    const reply = (writesOf(undo)[4]!.body as { body: string }).body;
    expect(reply).toContain(
      `Resumed \`${AGENT}\` and undid 3 containment step(s): \`reopen_issue\`, \`reopen_pull_request\`, \`remove_label\`.`,
    );
    expect(reply).not.toContain("Not undone");
    expect((await app.store.breakers()).map((b) => [b.agent, b.state, b.resumedBy])).toEqual([[AGENT, "closed", "maint"]]);

    // Closed: the agent's next comment is back under the permission table (hidden, not deleted).
    at(app, 50);
    from = app.standIn.requests.length;
    await app.receive("issue_comment", issueCommentEvent(accounts.agent, { number: 5, commentId: 502 }));
    expect(describeRequests(writesOf(app.requestsSince(from)))).toEqual(["POST /graphql minimizeComment"]);
  });
});

describe("reverts", () => {
  const before = "b".repeat(40);
  const after = "a".repeat(40);

  test("an agent's push at the tip of main is reverted with a new commit and a fast-forward, once", async () => {
    const app = await start();
    await app.receive("push", pushEvent(accounts.agent, { before, after, paths: ["src/index.ts"] }));
    await app.guardrails.sweep();

    const git = app.standIn.requests.filter((r) => r.path.includes("/git/"));
    expect(describeRequests(git)).toEqual([
      "GET /repos/acme/widgets/git/ref/heads/main",
      `GET /repos/acme/widgets/git/commits/${before}`,
      "POST /repos/acme/widgets/git/commits",
      "PATCH /repos/acme/widgets/git/refs/heads/main",
    ]);
    // The tree of the commit before the push, on top of the agent's commit; never a force push.
    expect(git[2]!.body).toMatchObject({ tree: fakeSha(`tree:${before}`), parents: [after] });
    expect(git[3]!.body).toMatchObject({ force: false });
    const revert = (await app.store.listAudit({ action: "effect.revert_push" })).map((row) => row.verdict);
    expect(revert).toEqual(["applied"]);
    // A push to the default branch also trips the breaker (strict defaults): the incident issue, and no second revert.
    expect(describeRequests(writesOf(app.standIn.requests).filter((r) => !r.path.includes("/git/")))).toEqual([
      "POST /repos/acme/widgets/issues",
    ]);
  });

  test("a push that is no longer the tip is escalated to a human: no write, audited escalated", async () => {
    const app = await start([...BASE, "breaker: { trip_on: [rate, burst, scope, protected, blast_radius] }"].join("\n"));
    // A person pushed on top of the agent's commit before its webhook was handled.
    const human = "c".repeat(40);
    app.standIn.observe("push", pushEvent(accounts.agent, { before, after }));
    app.standIn.observe("push", pushEvent(accounts.dev, { before: after, after: human }));
    await app.deliver("push", pushEvent(accounts.agent, { before, after }));

    expect(describeRequests(app.standIn.requests.filter((r) => r.path.includes("/git/")))).toEqual([
      "GET /repos/acme/widgets/git/ref/heads/main",
    ]);
    expect(writesOf(app.standIn.requests)).toEqual([]);
    const [row] = await app.store.listAudit({ action: "effect.revert_push" });
    expect(row?.verdict).toBe("escalated");
    expect(row?.reasons[0]).toContain(`moved on since the agent's push (tip is ${human})`);
    expect((await app.store.listEffects()).map((e) => [e.effect.kind, e.status])).toEqual([["revert_push", "failed"]]);
  });

  test("an agent's merge is reverted with GraphQL revertPullRequest, once", async () => {
    const app = await start();
    await app.receive(
      "pull_request",
      pullRequestEvent("closed", accounts.agent, accounts.agent, (p) => {
        p.pull_request.merged = true;
        p.pull_request.merged_by = { ...accounts.agent };
        p.pull_request.merge_commit_sha = "d".repeat(40);
      }),
    );
    await app.guardrails.sweep();
    const reverts = app.standIn.requests.filter((r) => r.operation === "revertPullRequest");
    expect(reverts).toHaveLength(1);
    // The body carries the marker a retry looks up (with GitHub's own "Reverts" line).
    expect(reverts[0]!.variables).toEqual({
      id: "PR_kw42",
      body: "Reverts acme/widgets#42\n\n<!-- agent-guardrails:revert-merge pr=42 -->",
    });
    expect((await app.store.listAudit({ action: "breaker.tripped" })).map((row) => row.detail.reason)).toEqual(["merge"]);
    expect(describeRequests(writesOf(app.standIn.requests))).toEqual([
      "POST /graphql revertPullRequest",
      "POST /repos/acme/widgets/issues",
    ]);
  });
});

describe("scope", () => {
  /** The agent's PR #42 from a branch whose pushes changed `paths`. */
  async function agentPrChanging(app: StandInApp, paths: string[]): Promise<void> {
    app.standIn.observe(
      "push",
      pushEvent(accounts.agent, { before: "e".repeat(40), after: "f".repeat(40), ref: "refs/heads/agent/change-42", paths }),
    );
    await app.receive(
      "pull_request",
      pullRequestEvent("opened", accounts.agent, accounts.agent, (p) => (p.pull_request.head.ref = "agent/change-42")),
    );
  }

  test("an agent PR that changes a workflow trips the breaker on `protected`: closed on arrival, incident opened", async () => {
    const app = await start();
    await agentPrChanging(app, ["src/app.ts", ".github/workflows/x.yml"]);
    const trips = await app.store.listAudit({ action: "breaker.tripped" });
    expect(trips.map((row) => row.detail)).toEqual([expect.objectContaining({ agent: AGENT, reason: "protected", mode: "enforce" })]);
    expect(trips[0]!.reasons[0]).toBe("protected: changed protected paths: .github/workflows/x.yml");
    expect(describeRequests(writesOf(app.standIn.requests))).toEqual([
      "PATCH /repos/acme/widgets/pulls/42",
      "POST /repos/acme/widgets/issues/42/labels",
      "POST /repos/acme/widgets/issues",
    ]);
  });

  test("an agent PR inside scope does not trip", async () => {
    const app = await start();
    await agentPrChanging(app, ["src/app.ts"]);
    expect(await app.store.listAudit({ action: "breaker.tripped" })).toEqual([]);
    expect(app.standIn.requests.some((r) => r.operation === "convertPullRequestToDraft")).toBe(true);
  });
});

describe("observe mode", () => {
  test("a trip is recorded with mode observe, its plan audited as planned, and nothing is written", async () => {
    const app = await start([...BASE, "mode: observe", "limits: { burst: { actions: 2, seconds: 60 } }"].join("\n"));
    for (let i = 0; i < 3; i++) {
      at(app, i);
      await app.receive("issue_comment", issueCommentEvent(accounts.agent, { number: 5, commentId: 600 + i }));
    }
    at(app, 3_600);
    await app.guardrails.sweep();

    const trips = await app.store.listAudit({ action: "breaker.tripped" });
    expect(trips.map((row) => row.detail)).toEqual([expect.objectContaining({ agent: AGENT, reason: "burst", mode: "observe" })]);
    expect(writesOf(app.standIn.requests)).toEqual([]);
    const effects = (await app.store.listAudit()).filter((row) => row.action.startsWith("effect."));
    expect(effects.length).toBeGreaterThan(0);
    expect(new Set(effects.map((row) => row.verdict))).toEqual(new Set(["planned"]));
    expect(effects.map((row) => row.action)).toContain("effect.ensure_incident_issue");
  });
});
