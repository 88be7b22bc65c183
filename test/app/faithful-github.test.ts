import { afterEach, describe, expect, test } from "@jest/globals";
import {
  accounts,
  discussionCommentEvent,
  issueCommentEvent,
  issueOpenedEvent,
  pullRequestEvent,
  pushEvent,
} from "../fixtures/webhook-examples.js";
import { describeRequests, startStandInApp, writesOf, type StandInApp } from "./stand-in-harness.js";

/**
 * The app against the faithful stand-in where GitHub differs from the easy case: a personal
 * account, a command in a discussion, a PR past the 3,000-file cap, more assigned issues than one page.
 */
const AGENT = "copilot-swe-agent[bot]";
const T0 = Date.parse("2026-11-20T09:00:00.000Z");

let app: StandInApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("a personal-account repository", () => {
  const stranger = { login: "stranger", id: 3002, node_id: "U_stranger", type: "User" } as const;

  /** The payload moved to alice/widgets, a repository of the user alice (no organization). */
  function onAlice(payload: Json): Json {
    payload.repository = {
      ...payload.repository,
      full_name: "alice/widgets",
      owner: { ...payload.repository.owner, login: "alice", id: 3001, type: "User" },
    };
    delete payload.organization;
    payload.issue.html_url = payload.issue.html_url.replace("acme/widgets", "alice/widgets");
    payload.comment.html_url = payload.comment.html_url.replace("acme/widgets", "alice/widgets");
    return payload;
  }

  /** The agent's comment `commentId` on issue `number`, opened by `opener` with `association`. */
  function agentReply(number: number, commentId: number, opener: Json, association: string, body: string): Json {
    const payload = onAlice(issueCommentEvent(accounts.agent, { number, commentId, body, threadAuthor: opener }));
    payload.issue.author_association = association;
    return payload;
  }

  async function start(comment: string): Promise<StandInApp> {
    return startStandInApp({
      config: ["owner: alice", `agents: ["${AGENT}"]`, `policy: { comment: ${comment}, external_comment: hold }`].join("\n"),
      world: { owner: "alice", account: "User", permissions: { alice: "admin", dev: "write" }, members: [] },
    });
  }

  const CONFIG_READS = [
    "GET /repos/alice/.github/contents/.github/agent-guardrails.yml",
    "GET /repos/alice/widgets/contents/.github/agent-guardrails.yml",
  ];

  test("comment: flag — a collaborator's thread mentioning @dev is inside: flagged, not held, no /orgs/ request", async () => {
    app = await start("flag");
    await app.receive("issue_comment", agentReply(7, 7001, accounts.dev, "COLLABORATOR", "Done, @dev: the fetcher retries now."));
    // @dev's standing is its repository role (write): a personal account has no members to ask about.
    expect(describeRequests(app.standIn.requests)).toEqual([
      ...CONFIG_READS,
      "GET /repos/alice/widgets/collaborators/dev/permission",
      "POST /repos/alice/widgets/issues/7/labels",
    ]);
    expect(app.standIn.requests.map((r) => r.status)).toEqual([404, 200, 200, 200]);
    const audit = await app.store.listAudit();
    expect(audit.map((row) => [row.action, row.verdict])).toEqual([
      ["issue_comment.created", "gate"],
      ["effect.add_label", "applied"],
    ]);
    expect(audit[0]!.reasons).toEqual([`agent ${AGENT} wrote a comment on #7: thread flagged (policy.comment: flag)`]);
    expect(audit[0]!.detail).toMatchObject({ external: false, outsideMentions: [] });
    expect(audit[0]!.detail.held).toBeUndefined();
    expect(await app.store.heldComments({ owner: "alice", repo: "widgets" })).toEqual([]);
  });

  test("comment: hide — the same reply is hidden under comment (not deleted under external_comment), no /orgs/ request", async () => {
    app = await start("hide");
    await app.receive("issue_comment", agentReply(7, 7001, accounts.dev, "COLLABORATOR", "Done, @dev: the fetcher retries now."));
    expect(describeRequests(app.standIn.requests)).toEqual([
      ...CONFIG_READS,
      "GET /repos/alice/widgets/collaborators/dev/permission",
      "POST /graphql minimizeComment",
    ]);
    const audit = await app.store.listAudit();
    expect(audit.map((row) => [row.action, row.verdict])).toEqual([
      ["issue_comment.created", "gate"],
      ["effect.minimize_comment", "applied"],
    ]);
    expect(audit[0]!.reasons).toEqual([`agent ${AGENT} wrote a comment on #7: hidden until a maintainer approves (policy.comment: hide)`]);
    expect(audit[0]!.detail).toMatchObject({
      external: false,
      outsideMentions: [],
      held: [expect.objectContaining({ commentId: 7001, mode: "hide", external: false, status: "pending" })],
    });
  });

  test("a stranger's thread (NONE) is outside: the agent's reply is deleted and held, still no /orgs/ request", async () => {
    app = await start("flag");
    await app.receive("issue_comment", agentReply(8, 8001, stranger, "NONE", "Thanks for the report!"));
    // NONE says outside by itself: no read at all.
    expect(describeRequests(app.standIn.requests)).toEqual([...CONFIG_READS, "DELETE /repos/alice/widgets/issues/comments/8001"]);
    const audit = await app.store.listAudit();
    expect(audit.map((row) => [row.action, row.verdict])).toEqual([
      ["issue_comment.created", "gate"],
      ["effect.delete_comment", "applied"],
    ]);
    expect(audit[0]!.reasons).toEqual([
      `agent ${AGENT} wrote a comment on #8 in a thread opened outside the org: deleted and held for approval, text kept in the audit log (policy.external_comment: hold)`,
    ]);
    expect(audit[0]!.detail).toMatchObject({
      external: true,
      outsideMentions: [],
      held: [expect.objectContaining({ commentId: 8001, mode: "hold", external: true, status: "pending" })],
    });
  });

  test("a past contributor's thread (CONTRIBUTOR, no collaborator) is outside too, without asking /orgs/ about them", async () => {
    app = await start("flag");
    await app.receive("issue_comment", agentReply(9, 9001, stranger, "CONTRIBUTOR", "Thanks for the patch!"));
    // On an org CONTRIBUTOR cannot tell (a membership read); on a personal account it says outside.
    expect(describeRequests(app.standIn.requests)).toEqual([...CONFIG_READS, "DELETE /repos/alice/widgets/issues/comments/9001"]);
    const [row] = await app.store.listAudit({ action: "issue_comment.created" });
    expect(row?.detail).toMatchObject({
      external: true,
      outsideMentions: [],
      held: [expect.objectContaining({ commentId: 9001, mode: "hold", external: true })],
    });
  });
});

describe("a command in a discussion", () => {
  const CONFIG = ["owner: maint", `agents: ["${AGENT}"]`, "approvers: write"].join("\n");
  /** maint's `/guardrails status`, top-level comment 9001 (node id DC_9001) in discussion #90 (node id D_kw90). */
  const command = () => discussionCommentEvent(accounts.maint, { number: 90, commentId: 9001, body: "/guardrails status" });
  const REPLY = {
    kind: "create_comment",
    number: 90,
    body: expect.stringContaining("### agent-guardrails status"),
    discussionNodeId: "D_kw90",
    replyToNodeId: "DC_9001",
  };
  const READS = [
    "GET /repos/acme/.github/contents/.github/agent-guardrails.yml",
    "GET /repos/acme/widgets/contents/.github/agent-guardrails.yml",
    "GET /repos/acme/widgets/collaborators/maint/permission",
  ];

  test("with discussions: write, the reply is addDiscussionComment under the command, never an issue comment", async () => {
    app = await startStandInApp({
      config: CONFIG,
      world: {
        installation_permissions: {
          contents: "write",
          pull_requests: "write",
          checks: "write",
          issues: "write",
          discussions: "write",
          members: "read",
          metadata: "read",
        },
      },
    });
    await app.receive("discussion_comment", command());
    const sent = app.standIn.requests;
    // A discussion's number is no issue's: POST /issues/90/comments would be a 404.
    expect(describeRequests(sent)).toEqual([...READS, "POST /graphql addDiscussionComment"]);
    expect(sent.some((r) => r.method === "POST" && r.path.includes("/issues/"))).toBe(false);
    expect(sent[3]!.status).toBe(200);
    expect(sent[3]!.variables).toEqual({
      discussionId: "D_kw90",
      replyToId: "DC_9001",
      body: expect.stringContaining("### agent-guardrails status"),
    });
    const audit = await app.store.listAudit();
    expect(audit.map((row) => [row.action, row.verdict])).toEqual([
      ["command.status", "command"],
      ["effect.create_comment", "applied"],
    ]);
    expect(audit[0]!.effects).toEqual([REPLY]);
    expect(audit[1]!.detail).toMatchObject({
      url: expect.stringMatching(/^https:\/\/github\.com\/acme\/widgets\/discussions\/90#discussioncomment-\d+$/),
    });
  });

  test("with app.yml's discussions: read, the reply is refused (FORBIDDEN) and its effect is audited as failed", async () => {
    app = await startStandInApp({ config: CONFIG });
    await app.receive("discussion_comment", command());
    await app.guardrails.sweep();
    const sent = app.standIn.requests;
    // The same single attempt, and still no issue comment in its place.
    expect(describeRequests(sent)).toEqual([...READS, "POST /graphql addDiscussionComment"]);
    // GitHub answers a GraphQL mutation the installation may not make 200 with a FORBIDDEN error.
    expect(sent[3]!.status).toBe(200);
    expect(app.standIn.invalid).toEqual([]);
    const audit = await app.store.listAudit();
    expect(audit.map((row) => [row.action, row.verdict])).toEqual([
      ["command.status", "command"],
      ["effect.create_comment", "failed"],
    ]);
    expect(audit[1]!.reasons).toEqual(["create_comment failed (forbidden: graphql FORBIDDEN: Resource not accessible by integration)"]);
    expect(audit[1]!.effects).toEqual([REPLY]);
    // Forbidden is final: not retried.
    expect((await app.store.listEffects()).map((e) => [e.effect.kind, e.status, e.attempts])).toEqual([["create_comment", "failed", 1]]);
  });
});

describe("a 3,001-file agent PR", () => {
  test("the file list is read in 30 pages of 100 and, cut at 3,000, trips the breaker on scope", async () => {
    app = await startStandInApp({
      config: ["owner: maint", `agents: ["${AGENT}"]`, "approvers: write", 'scope: { paths: ["src/**"], protected: [".github/**"] }'].join(
        "\n",
      ),
    });
    // Every path is in scope: only the truncation can trip.
    const paths = Array.from({ length: 3001 }, (_, i) => `src/gen/file-${i}.ts`);
    const push = pushEvent(accounts.agent, { before: "e".repeat(40), after: "f".repeat(40), ref: "refs/heads/agent/huge" });
    push.commits[0].added = paths;
    push.commits[0].modified = [];
    await app.receive("push", push);
    expect(await app.store.listAudit({ action: "breaker.tripped" })).toEqual([]);

    const from = app.standIn.requests.length;
    await app.receive(
      "pull_request",
      pullRequestEvent("opened", accounts.agent, accounts.agent, (p) => {
        p.pull_request.head.ref = "agent/huge";
        p.pull_request.changed_files = 3001;
      }),
    );
    const sent = describeRequests(app.requestsSince(from));
    const pages = sent.filter((r) => r.startsWith("GET /repos/acme/widgets/pulls/42/files"));
    expect(pages).toEqual([
      "GET /repos/acme/widgets/pulls/42/files?per_page=100",
      ...Array.from({ length: 29 }, (_, i) => `GET /repos/acme/widgets/pulls/42/files?per_page=100&page=${i + 2}`),
    ]);
    // Closed and labelled on arrival, then the incident issue.
    expect(describeRequests(writesOf(app.requestsSince(from)))).toEqual([
      "PATCH /repos/acme/widgets/pulls/42",
      "POST /repos/acme/widgets/issues/42/labels",
      "POST /repos/acme/widgets/issues",
    ]);
    const [opened] = await app.store.listAudit({ action: "pull_request.opened" });
    expect(opened?.verdict).toBe("contained");
    expect(opened?.reasons[0]).toBe("breaker trips on scope: the file list is truncated at 3,000 files: treated as out of scope");
    expect(opened?.detail).toMatchObject({
      prFilesTruncated: true,
      trip: { agent: AGENT, reason: "scope", evidence: "the file list is truncated at 3,000 files: treated as out of scope" },
    });
    expect((opened?.detail.prFiles as string[]).length).toBeLessThanOrEqual(3000);
    const trips = await app.store.listAudit({ action: "breaker.tripped" });
    expect(trips.map((row) => row.detail)).toEqual([
      expect.objectContaining({
        agent: AGENT,
        reason: "scope",
        evidence: "the file list is truncated at 3,000 files: treated as out of scope",
      }),
    ]);
    expect(trips[0]!.reasons[0]).toBe("scope: the file list is truncated at 3,000 files: treated as out of scope");
  });
});

/** Humans open 150 issues assigned to Copilot (GitHub tells the stand-in through the payloads). */
function assign150(running: StandInApp): void {
  for (let n = 1; n <= 150; n++) {
    const opened = issueOpenedEvent(accounts.dev, n, `Task ${n}`);
    opened.issue.assignees = [{ ...accounts.copilot }];
    running.standIn.observe("issues", opened);
  }
}

/** Sweeps the paced outbox, a minute of virtual time at a go, until nothing is pending. */
async function drain(running: StandInApp): Promise<void> {
  let sweeps = 0;
  while ((await running.store.listEffects({ status: "pending" })).length > 0) {
    expect(++sweeps).toBeLessThan(50);
    running.now.value = new Date(T0 + sweeps * 60_000);
    await running.guardrails.sweep();
  }
}

describe("150 assigned issues", () => {
  test("halt unassigns the agent from all 150: two pages of the assignee list, 150 DELETEs", async () => {
    app = await startStandInApp({ config: `owner: maint\nagents: ["copilot-swe-agent[bot]", "Copilot"]\npolicy: { comment: allow }` });
    assign150(app);
    // Copilot works in this repository (its history is what containment plans from).
    const working = issueCommentEvent(accounts.copilot, { number: 1, commentId: 101, body: "Working on it." });
    working.issue.assignees = [{ ...accounts.copilot }];
    await app.receive("issue_comment", working);

    const from = app.standIn.requests.length;
    const halt = issueCommentEvent(accounts.maint, { number: 1, commentId: 102, body: "/guardrails halt @Copilot runaway" });
    // Every payload tells the stand-in the issue's assignees: this one still says Copilot.
    halt.issue.assignees = [{ ...accounts.copilot }];
    await app.receive("issue_comment", halt);
    await drain(app);
    const sent = app.requestsSince(from);
    expect(describeRequests(sent).filter((r) => r.includes("assignee"))).toEqual([
      "GET /repos/acme/widgets/issues?assignee=Copilot&state=open&per_page=100",
      "GET /repos/acme/widgets/issues?assignee=Copilot&state=open&per_page=100&page=2",
      ...Array.from({ length: 150 }, (_, i) => `DELETE /repos/acme/widgets/issues/${150 - i}/assignees`),
    ]);
    expect(
      sent
        .filter((r) => r.method === "DELETE")
        .every((r) => JSON.stringify(r.body) === JSON.stringify({ assignees: ["Copilot"] }) && r.status === 200),
    ).toBe(true);
    // One effect, newest issue first, every one of them.
    const [row] = await app.store.listAudit({ action: "effect.unassign_agent" });
    expect(row?.verdict).toBe("applied");
    expect(row?.detail.unassigned).toEqual(Array.from({ length: 150 }, (_, i) => 150 - i));
    expect((await app.store.listAudit({ action: "breaker.tripped" })).map((r) => r.reasons)).toEqual([
      ["manual: /guardrails halt by maint: runaway", "containment: 2 step(s) over 1h"],
    ]);
  });

  test("a halt before the agent has acted (no history to plan from) still unassigns it from its issues", async () => {
    app = await startStandInApp({ config: `owner: maint\nagents: ["copilot-swe-agent[bot]", "Copilot"]\npolicy: { comment: allow }` });
    assign150(app);
    const halt = issueCommentEvent(accounts.maint, { number: 1, commentId: 102, body: "/guardrails halt @Copilot assigned by mistake" });
    halt.issue.assignees = [{ ...accounts.copilot }];
    await app.receive("issue_comment", halt);
    await drain(app);
    const writes = describeRequests(writesOf(app.standIn.requests));
    expect(writes).toEqual([
      "POST /repos/acme/widgets/issues",
      ...Array.from({ length: 150 }, (_, i) => `DELETE /repos/acme/widgets/issues/${150 - i}/assignees`),
    ]);
    expect(describeRequests(app.standIn.requests).filter((r) => r.startsWith("GET /repos/acme/widgets/issues?assignee="))).toHaveLength(2);
    const [trip] = await app.store.listAudit({ action: "breaker.tripped" });
    expect(trip?.reasons).toEqual(["manual: /guardrails halt by maint: assigned by mistake", "containment: 1 step(s) over 1h"]);
    expect(trip?.effects.map((e) => e.kind)).toEqual(["ensure_incident_issue", "unassign_agent"]);
    expect((await app.store.listAudit({ action: "effect.unassign_agent" }))[0]?.detail.unassigned).toHaveLength(150);
  });
});
