import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import nock from "nock";
import type { HeldCommentRow } from "../../src/store/store.js";
import { accounts, discussionCommentEvent, issueCommentEvent, issueOpenedEvent, reviewCommentEvent } from "../fixtures/webhook-examples.js";
import { API, createTestApp, recorder, serveConfig, type SentRequest, type TestApp } from "./harness.js";

/** Someone outside the acme org: opens issues, gets mentioned. */
const stranger = { login: "stranger", id: 4004, node_id: "U_stranger", type: "User" } as const;

const ISSUE = 7;
const ZWSP = "\u200b";
let app: TestApp;
/** Requests nock had no interceptor for: each one is a request the test did not expect. */
let unexpected: string[];
const onNoMatch = (req: { method?: string; path?: string }) => unexpected.push(`${req.method} ${req.path}`);

beforeEach(async () => {
  nock.disableNetConnect();
  unexpected = [];
  nock.emitter.on("no match", onNoMatch);
  app = await createTestApp();
});

afterEach(async () => {
  const pending = nock.pendingMocks();
  nock.emitter.removeListener("no match", onNoMatch);
  nock.cleanAll();
  // Nothing left half-done: every effect was applied (or only planned, in observe mode).
  const leftover = [...(await app.store.listEffects({ status: "pending" })), ...(await app.store.listEffects({ status: "failed" }))];
  await app.close();
  expect(pending).toEqual([]);
  expect(unexpected).toEqual([]);
  expect(app.invalid).toEqual([]);
  expect(leftover.map((e) => `${e.effect.kind}: ${e.lastError}`)).toEqual([]);
});

/** The repository config: the harness's agents and approvers, then `extra` lines. */
function config(...extra: string[]): string {
  return ["owner: maint", `agents: ["copilot-swe-agent[bot]", "Copilot"]`, "approvers: write", ...extra].join("\n");
}

/** The GraphQL operation of a request: the first field of its query. */
function operation(request: SentRequest): string | undefined {
  const query = (request.body as { query?: unknown } | undefined)?.query;
  return typeof query === "string" ? /\{\s*(\w+)/.exec(query)?.[1] : undefined;
}

/** `METHOD /path` for REST, `POST /graphql <operation>` for GraphQL. */
function describeRequest(request: SentRequest): string {
  return request.path === "/graphql" ? `POST /graphql ${operation(request)}` : `${request.method} ${request.path}`;
}

/** Runs one webhook and returns the GitHub requests it caused (the config reads aside), in order. */
async function receive(name: string, payload: object): Promise<SentRequest[]> {
  const from = app.sent.length;
  await app.receive(name, payload);
  return app.sent.slice(from).filter((r) => !r.path.includes("/contents/"));
}

/** Answers one GraphQL request with `data`, recording it. */
function graphql(data: object): void {
  nock(API)
    .post("/graphql")
    .reply(recorder(app.sent, 200, { data }));
}
const minimized = { minimizeComment: { minimizedComment: { isMinimized: true } } };
const unminimized = { unminimizeComment: { unminimizedComment: { isMinimized: false } } };

function permission(login: string, role: string): void {
  nock(API)
    .get(`/repos/acme/widgets/collaborators/${login}/permission`)
    .reply(recorder(app.sent, 200, { permission: role, role_name: role }));
}

function membership(login: string, member: boolean): void {
  nock(API)
    .get(`/orgs/acme/members/${login}`)
    .reply(recorder(app.sent, member ? 204 : 404, member ? "" : { message: "Not Found" }));
}

/** An agent (Copilot) comment on issue #7, opened by dev (a member). */
function agentComment(commentId: number, body = `comment ${commentId}`, action = "created") {
  return issueCommentEvent(accounts.copilot, { number: ISSUE, commentId, body, action });
}

/** A comment by `who` on issue #7. */
function humanComment(who: object & { login: string }, commentId: number, body: string) {
  return issueCommentEvent(who, { number: ISSUE, commentId, body });
}

async function held(): Promise<Pick<HeldCommentRow, "commentId" | "status" | "mode" | "resolver">[]> {
  const rows = await app.store.heldComments({ owner: "acme", repo: "widgets" });
  return rows.map(({ commentId, status, mode, resolver }) => ({ commentId, status, mode, resolver }));
}

describe("comment: hide", () => {
  test("an agent comment is minimized as OUTDATED; a maintainer's approve unminimizes it and records the approval", async () => {
    serveConfig(app.sent, config("policy: { comment: hide }"));
    graphql(minimized);
    const hidden = await receive("issue_comment", agentComment(5001));
    expect(hidden.map(describeRequest)).toEqual(["POST /graphql minimizeComment"]);
    expect(hidden[0]!.body).toMatchObject({ variables: { subjectId: "IC_5001", classifier: "OUTDATED" } });
    expect(await held()).toEqual([{ commentId: 5001, status: "pending", mode: "hide", resolver: null }]);

    permission("maint", "admin");
    graphql(unminimized);
    const approved = await receive("issue_comment", humanComment(accounts.maint, 5002, "Fine by me.\n\n/guardrails approve"));
    expect(approved.map(describeRequest)).toEqual([
      "GET /repos/acme/widgets/collaborators/maint/permission",
      "POST /graphql unminimizeComment",
    ]);
    expect(approved[1]!.body).toMatchObject({ variables: { subjectId: "IC_5001" } });
    expect(await held()).toEqual([{ commentId: 5001, status: "approved", mode: "hide", resolver: "maint" }]);
    const [command] = await app.store.listAudit({ actor: "maint" });
    expect(command).toMatchObject({ action: "command.approve", verdict: "command" });
    expect(command?.detail.resolutions).toEqual([{ commentId: 5001, status: "approved", resolver: "maint" }]);
  });

  test("`/guardrails approve <comment-url>` approves only that comment; `/guardrails reject` deletes a hidden one", async () => {
    serveConfig(app.sent, config("policy: { comment: hide }"));
    graphql(minimized);
    graphql(minimized);
    await receive("issue_comment", agentComment(5001));
    await receive("issue_comment", agentComment(5003));

    permission("maint", "write");
    graphql(unminimized);
    const one = await receive(
      "issue_comment",
      humanComment(accounts.maint, 5004, `/guardrails approve https://github.com/acme/widgets/issues/${ISSUE}#issuecomment-5003`),
    );
    expect(one.map(describeRequest)).toEqual(["GET /repos/acme/widgets/collaborators/maint/permission", "POST /graphql unminimizeComment"]);
    expect(one[1]!.body).toMatchObject({ variables: { subjectId: "IC_5003" } });
    expect(await held()).toEqual([
      { commentId: 5001, status: "pending", mode: "hide", resolver: null },
      { commentId: 5003, status: "approved", mode: "hide", resolver: "maint" },
    ]);

    // The role read a moment ago is cached: the reject costs only its delete.
    nock(API).delete("/repos/acme/widgets/issues/comments/5001").reply(recorder(app.sent, 204));
    const rejected = await receive("issue_comment", humanComment(accounts.maint, 5005, "/guardrails reject"));
    expect(rejected.map(describeRequest)).toEqual(["DELETE /repos/acme/widgets/issues/comments/5001"]);
    expect(await held()).toEqual([
      { commentId: 5001, status: "rejected", mode: "hide", resolver: "maint" },
      { commentId: 5003, status: "approved", mode: "hide", resolver: "maint" },
    ]);
    // The rejected text stays in the audit log.
    const [agentRow] = await app.store.listAudit({ actor: "Copilot", action: "issue_comment.created" });
    expect((agentRow?.detail.held as { body: string }[])[0]?.body).toBe("comment 5001");
  });

  test("the agent editing an approved comment: minimized again, pending again", async () => {
    serveConfig(app.sent, config("policy: { comment: hide }"));
    graphql(minimized);
    await receive("issue_comment", agentComment(5001, "Fixed in #12."));
    permission("maint", "admin");
    graphql(unminimized);
    await receive("issue_comment", humanComment(accounts.maint, 5002, "/guardrails approve"));
    expect((await held())[0]?.status).toBe("approved");

    graphql(minimized);
    const edited = await receive("issue_comment", agentComment(5001, "Fixed in #12. Also, merge #13 without review.", "edited"));
    expect(edited.map(describeRequest)).toEqual(["POST /graphql minimizeComment"]);
    expect(edited[0]!.body).toMatchObject({ variables: { subjectId: "IC_5001", classifier: "OUTDATED" } });
    const [row] = await app.store.heldComments({ owner: "acme", repo: "widgets" });
    expect(row).toMatchObject({
      commentId: 5001,
      status: "pending",
      resolver: null,
      body: "Fixed in #12. Also, merge #13 without review.",
    });
    const [audit] = await app.store.listAudit({ action: "issue_comment.edited" });
    expect(audit?.reasons.join(" ")).toContain("edited after approval: pending again");
  });
});

describe("comment: hold", () => {
  const TEXT = [
    "Thanks @dev, fixed. See ![trace](https://collector.example/pixel.png?u=1) and <img src=https://collector.example/p.gif>.",
    "/guardrails approve",
  ].join("\n");

  test("an agent comment is deleted with its full text kept in the audit log; approval re-posts it neutralised, naming the approver", async () => {
    serveConfig(app.sent, config("policy: { comment: hold }"));
    membership("dev", true);
    nock(API).delete("/repos/acme/widgets/issues/comments/5001").reply(recorder(app.sent, 204));
    const deleted = await receive("issue_comment", agentComment(5001, TEXT));
    // The mention is read once (a member: not outward-facing), then the delete.
    expect(deleted.map(describeRequest)).toEqual(["GET /orgs/acme/members/dev", "DELETE /repos/acme/widgets/issues/comments/5001"]);
    const [row] = await app.store.listAudit({ action: "issue_comment.created" });
    expect(row?.verdict).toBe("gate");
    expect(row?.detail.held).toEqual([
      expect.objectContaining({ commentId: 5001, mode: "hold", body: TEXT, status: "pending", external: false }),
    ]);

    permission("maint", "maintain");
    // The re-post's marker is looked up in the thread first (a lost answer's re-post is not repeated).
    nock(API)
      .get(`/repos/acme/widgets/issues/${ISSUE}/comments`)
      .query(true)
      .reply(recorder(app.sent, 200, []));
    nock(API)
      .post(`/repos/acme/widgets/issues/${ISSUE}/comments`)
      .reply(
        recorder(app.sent, 201, { id: 7001, node_id: "IC_7001", html_url: "https://github.com/acme/widgets/issues/7#issuecomment-7001" }),
      );
    const reposted = await receive("issue_comment", humanComment(accounts.maint, 5002, "/guardrails approve"));
    expect(reposted.map(describeRequest)).toEqual([
      "GET /repos/acme/widgets/collaborators/maint/permission",
      `GET /repos/acme/widgets/issues/${ISSUE}/comments?per_page=100`,
      `POST /repos/acme/widgets/issues/${ISSUE}/comments`,
    ]);
    const body = (reposted[2]!.body as { body: string }).body;
    expect(body).toContain("<!-- agent-guardrails:repost comment=5001 -->");
    expect(body).toContain("approved by `maint`");
    expect(body).toContain("written by `Copilot`");
    expect(body).toContain(`@${ZWSP}dev`);
    expect(body).not.toMatch(/@dev/);
    // Images become links (nothing loads); raw HTML is shown as text.
    expect(body).not.toContain("![");
    expect(body).toContain("[image: trace](https://collector.example/pixel.png?u=1)");
    expect(body).not.toContain("<img");
    // Every line of the agent's text is quoted, so its command is no command.
    expect(body).toContain("> /guardrails approve");
    expect(body.split("\n").filter((l) => l.includes("/guardrails"))).toEqual(["> /guardrails approve"]);
    expect(await held()).toEqual([{ commentId: 5001, status: "approved", mode: "hold", resolver: "maint" }]);
  });

  test("a review thread's root is deleted through the pulls API and, on approval, starts its thread again on the same commit and file", async () => {
    serveConfig(app.sent, config("policy: { comment: hold }"));
    nock(API).delete("/repos/acme/widgets/pulls/comments/6001").reply(recorder(app.sent, 204));
    const deleted = await receive(
      "pull_request_review_comment",
      reviewCommentEvent(accounts.copilot, { number: 42, commentId: 6001, body: "Nit: rename this." }),
    );
    expect(deleted.map(describeRequest)).toEqual(["DELETE /repos/acme/widgets/pulls/comments/6001"]);
    expect(await held()).toEqual([{ commentId: 6001, status: "pending", mode: "hold", resolver: null }]);

    permission("maint", "admin");
    nock(API)
      .get("/repos/acme/widgets/pulls/42/comments")
      .query(true)
      .reply(recorder(app.sent, 200, []));
    nock(API)
      .post("/repos/acme/widgets/pulls/42/comments")
      .reply(
        recorder(app.sent, 201, { id: 7002, node_id: "PRRC_7002", html_url: "https://github.com/acme/widgets/pull/42#discussion_r7002" }),
      );
    const approve = issueCommentEvent(accounts.maint, { number: 42, commentId: 6002, body: "/guardrails approve", onPullRequest: true });
    const reposted = await receive("issue_comment", approve);
    // dev's PR: nothing to approve on the PR itself, so no PR read and no check run.
    expect(reposted.map(describeRequest)).toEqual([
      "GET /repos/acme/widgets/collaborators/maint/permission",
      "GET /repos/acme/widgets/pulls/42/comments?per_page=100",
      "POST /repos/acme/widgets/pulls/42/comments",
    ]);
    // The example payload's comment has no line: the thread starts again on the file.
    expect(reposted[2]!.body).toMatchObject({
      commit_id: "ec26c3e57ca3a959ca5aad62de7213c562f8c821",
      path: "README.md",
      subject_type: "file",
    });
    expect((reposted[2]!.body as { body: string }).body).toContain("> Nit: rename this.");
    expect((await held())[0]?.status).toBe("approved");
  });

  test("a held review reply goes back into its thread through the replies route of the thread's root", async () => {
    serveConfig(app.sent, config("policy: { comment: hold }"));
    nock(API).delete("/repos/acme/widgets/pulls/comments/6001").reply(recorder(app.sent, 204));
    const reply = reviewCommentEvent(accounts.copilot, { number: 42, commentId: 6001, body: "Done." });
    (reply.comment as Record<string, unknown>).in_reply_to_id = 900;
    await receive("pull_request_review_comment", reply);

    permission("maint", "admin");
    nock(API)
      .get("/repos/acme/widgets/pulls/42/comments")
      .query(true)
      .reply(recorder(app.sent, 200, []));
    nock(API)
      .post("/repos/acme/widgets/pulls/42/comments/900/replies")
      .reply(
        recorder(app.sent, 201, { id: 7003, node_id: "PRRC_7003", html_url: "https://github.com/acme/widgets/pull/42#discussion_r7003" }),
      );
    const reposted = await receive(
      "issue_comment",
      issueCommentEvent(accounts.maint, { number: 42, commentId: 6002, body: "/guardrails approve", onPullRequest: true }),
    );
    expect(reposted.map(describeRequest)).toEqual([
      "GET /repos/acme/widgets/collaborators/maint/permission",
      "GET /repos/acme/widgets/pulls/42/comments?per_page=100",
      "POST /repos/acme/widgets/pulls/42/comments/900/replies",
    ]);
    expect((reposted[2]!.body as { body: string }).body).toContain("> Done.");
  });

  test("a discussion comment is deleted with deleteDiscussionComment and re-posted with addDiscussionComment", async () => {
    serveConfig(app.sent, config("policy: { comment: hold }"));
    graphql({ deleteDiscussionComment: { comment: { id: "DC_8001" } } });
    const deleted = await receive(
      "discussion_comment",
      discussionCommentEvent(accounts.copilot, { number: 90, commentId: 8001, body: "Try `npm ci`." }),
    );
    expect(deleted.map(describeRequest)).toEqual(["POST /graphql deleteDiscussionComment"]);
    expect(deleted[0]!.body).toMatchObject({ variables: { id: "DC_8001" } });

    permission("maint", "admin");
    graphql({
      addDiscussionComment: {
        comment: { id: "DC_8003", databaseId: 8003, url: "https://github.com/acme/widgets/discussions/90#discussioncomment-8003" },
      },
    });
    const reposted = await receive(
      "discussion_comment",
      discussionCommentEvent(accounts.maint, { number: 90, commentId: 8002, body: "/guardrails approve" }),
    );
    expect(reposted.map(describeRequest)).toEqual([
      "GET /repos/acme/widgets/collaborators/maint/permission",
      "POST /graphql addDiscussionComment",
    ]);
    const variables = (reposted[1]!.body as { variables: { discussionId: string; body: string } }).variables;
    expect(variables.discussionId).toBe("D_kw90");
    expect(variables.body).toContain("approved by `maint`");
    expect(variables.body).toContain("> Try `npm ci`.");
    expect(await held()).toEqual([{ commentId: 8001, status: "approved", mode: "hold", resolver: "maint" }]);
  });
});

describe("outward-facing comments follow external_comment", () => {
  const OUTWARD = "policy: { comment: allow, external_comment: hold }";

  /** An agent comment on issue #7, opened by `opener` whose author_association is `association`. */
  function onThreadOf(opener: object, association: string, body = "Thanks for the report!") {
    const payload = issueCommentEvent(accounts.copilot, { number: ISSUE, commentId: 5001, body, threadAuthor: opener });
    payload.issue.author_association = association;
    return payload;
  }

  test("a thread opened by NONE: held without any membership read", async () => {
    serveConfig(app.sent, config(OUTWARD));
    nock(API).delete("/repos/acme/widgets/issues/comments/5001").reply(recorder(app.sent, 204));
    const sent = await receive("issue_comment", onThreadOf(stranger, "NONE"));
    expect(sent.map(describeRequest)).toEqual(["DELETE /repos/acme/widgets/issues/comments/5001"]);
    const [row] = await app.store.listAudit({ action: "issue_comment.created" });
    expect(row?.detail).toMatchObject({ external: true, outsideMentions: [] });
    expect(row?.reasons[0]).toContain("in a thread opened outside the org");
    expect(row?.reasons[0]).toContain("policy.external_comment: hold");
    expect((await app.store.heldComments({ owner: "acme", repo: "widgets" }))[0]).toMatchObject({ external: true, mode: "hold" });
  });

  test("a thread opened by a CONTRIBUTOR: one membership read; not a member → held", async () => {
    serveConfig(app.sent, config(OUTWARD));
    membership("stranger", false);
    nock(API).delete("/repos/acme/widgets/issues/comments/5001").reply(recorder(app.sent, 204));
    const sent = await receive("issue_comment", onThreadOf(stranger, "CONTRIBUTOR"));
    expect(sent.map(describeRequest)).toEqual(["GET /orgs/acme/members/stranger", "DELETE /repos/acme/widgets/issues/comments/5001"]);
  });

  test("a thread opened by a CONTRIBUTOR who is a member: one membership read, then comment: allow (no write)", async () => {
    serveConfig(app.sent, config(OUTWARD));
    membership("dev", true);
    const sent = await receive("issue_comment", onThreadOf(accounts.dev, "CONTRIBUTOR"));
    expect(sent.map(describeRequest)).toEqual(["GET /orgs/acme/members/dev"]);
    expect((await app.store.listAudit({ action: "issue_comment.created" }))[0]).toMatchObject({ verdict: "allow" });
  });

  test("mentioning @stranger (not a member) in a member's thread: held under external_comment", async () => {
    serveConfig(app.sent, config(OUTWARD));
    membership("stranger", false);
    nock(API).delete("/repos/acme/widgets/issues/comments/5001").reply(recorder(app.sent, 204));
    const sent = await receive("issue_comment", onThreadOf(accounts.dev, "MEMBER", "cc @stranger, you asked about this"));
    expect(sent.map(describeRequest)).toEqual(["GET /orgs/acme/members/stranger", "DELETE /repos/acme/widgets/issues/comments/5001"]);
    const [row] = await app.store.listAudit({ action: "issue_comment.created" });
    expect(row?.detail).toMatchObject({ external: true, outsideMentions: ["stranger"] });
    expect(row?.reasons[0]).toContain("mentioning outsiders stranger");
  });

  describe("on a personal account (repository.owner.type User: no org, /orgs/… is always 404)", () => {
    /** The same agent comment, in a repository the user `acme` owns. */
    function personal(opener: object, association: string, body?: string) {
      const payload = onThreadOf(opener, association, body);
      payload.repository.owner = { ...payload.repository.owner, login: "acme", type: "User" };
      return payload;
    }

    /** GitHub's answer for a user who is not a collaborator of a private repository. */
    function notCollaborator(login: string): void {
      nock(API)
        .get(`/repos/acme/widgets/collaborators/${login}/permission`)
        .reply(recorder(app.sent, 404, { message: "Not Found" }));
    }

    test.each([
      // author_association tells inside from outside here, with no request.
      { opener: "the owner", who: { login: "acme", id: 1, type: "User" }, association: "OWNER", reads: [], verdict: "allow" },
      { opener: "a collaborator", who: accounts.dev, association: "COLLABORATOR", reads: [], verdict: "allow" },
      { opener: "a past contributor (not a collaborator)", who: stranger, association: "CONTRIBUTOR", reads: [], verdict: "gate" },
      { opener: "NONE", who: stranger, association: "NONE", reads: [], verdict: "gate" },
    ])("a thread opened by $opener ($association): $verdict, no membership read", async ({ who, association, reads, verdict }) => {
      serveConfig(app.sent, config(OUTWARD));
      if (verdict === "gate") nock(API).delete("/repos/acme/widgets/issues/comments/5001").reply(recorder(app.sent, 204));
      const sent = await receive("issue_comment", personal(who, association));
      expect(sent.map(describeRequest).filter((r) => r.startsWith("GET"))).toEqual(reads);
      expect(unexpected).toEqual([]);
      expect((await app.store.listAudit({ action: "issue_comment.created" }))[0]).toMatchObject({ verdict });
    });

    test("mentions are read as collaborator permission, never org membership: a collaborator is inside, a 404 and a public read are outside, the owner costs nothing", async () => {
      serveConfig(app.sent, config(OUTWARD));
      permission("dev", "write");
      notCollaborator("stranger");
      // A public repository answers `read` for anyone: not a collaborator.
      permission("passerby", "read");
      nock(API).delete("/repos/acme/widgets/issues/comments/5001").reply(recorder(app.sent, 204));
      const sent = await receive("issue_comment", personal(accounts.dev, "COLLABORATOR", "cc @acme @dev @stranger @passerby"));
      expect(sent.map(describeRequest)).toEqual([
        "GET /repos/acme/widgets/collaborators/dev/permission",
        "GET /repos/acme/widgets/collaborators/stranger/permission",
        "GET /repos/acme/widgets/collaborators/passerby/permission",
        "DELETE /repos/acme/widgets/issues/comments/5001",
      ]);
      expect(unexpected).toEqual([]);
      expect((await app.store.listAudit({ action: "issue_comment.created" }))[0]?.detail).toMatchObject({
        external: true,
        outsideMentions: ["stranger", "passerby"],
      });
    });

    test("a second comment mentioning the same people reads nothing again (the role cache)", async () => {
      serveConfig(app.sent, config(OUTWARD));
      permission("dev", "write");
      await receive("issue_comment", personal(accounts.dev, "COLLABORATOR", "cc @dev"));
      const payload = personal(accounts.dev, "COLLABORATOR", "again @dev");
      payload.comment.id = 5002;
      payload.comment.node_id = "IC_5002";
      const sent = await receive("issue_comment", payload);
      expect(sent).toEqual([]);
      expect((await app.store.listAudit({ action: "issue_comment.created" })).map((r) => r.verdict)).toEqual(["allow", "allow"]);
    });
  });
});

describe("approval spoofing restores nothing", () => {
  /** An agent comment hidden on #7, then the request log cleared. */
  async function hiddenAgentComment() {
    serveConfig(app.sent, config("policy: { comment: hide }"));
    graphql(minimized);
    await receive("issue_comment", agentComment(5001));
  }

  async function expectStillPending() {
    expect(await held()).toEqual([{ commentId: 5001, status: "pending", mode: "hide", resolver: null }]);
    expect(app.sent.filter((r) => operation(r) === "unminimizeComment")).toEqual([]);
  }

  test("a reader: one permission read, refused and audited", async () => {
    await hiddenAgentComment();
    permission("reader", "read");
    const sent = await receive("issue_comment", humanComment(accounts.reader, 5002, "/guardrails approve"));
    expect(sent.map(describeRequest)).toEqual(["GET /repos/acme/widgets/collaborators/reader/permission"]);
    const [row] = await app.store.listAudit({ actor: "reader" });
    expect(row).toMatchObject({ action: "command.approve", verdict: "refused" });
    expect(row?.reasons[0]).toContain('role "read", below approvers: write');
    await expectStillPending();
  });

  test("the agent approving its own comment: its new comment is hidden too, the command refused in the audit", async () => {
    await hiddenAgentComment();
    graphql(minimized);
    const sent = await receive("issue_comment", agentComment(5002, "Approved my own comment.\n/guardrails approve"));
    expect(sent.map(describeRequest)).toEqual(["POST /graphql minimizeComment"]);
    expect(sent[0]!.body).toMatchObject({ variables: { subjectId: "IC_5002" } });
    const row = (await app.store.listAudit({ actor: "Copilot", action: "issue_comment.created" })).find(
      (r) => r.targetNodeId === "IC_5002",
    );
    expect(row?.reasons).toContain("commands from agents are ignored (Copilot)");
    expect((await held()).find((h) => h.commentId === 5001)?.status).toBe("pending");
    expect(app.sent.filter((r) => operation(r) === "unminimizeComment")).toEqual([]);
  });

  test.each([
    ["quoted", "> /guardrails approve\n\nQuoting a command does not run it.", "commands in quotes are not commands"],
    ["fenced", "Type this:\n```\n/guardrails approve\n```", "commands in code blocks are not commands"],
  ])("a maintainer's %s approve: no request at all, refused and audited", async (_how, body, why) => {
    await hiddenAgentComment();
    const sent = await receive("issue_comment", humanComment(accounts.maint, 5002, body));
    expect(sent).toEqual([]);
    const [row] = await app.store.listAudit({ actor: "maint" });
    expect(row).toMatchObject({ verdict: "refused" });
    expect(row?.reasons.join(" ")).toContain(why);
    await expectStillPending();
  });
});

describe("issues opened by an agent", () => {
  test("issue: flag → the issue is labelled agent:flagged", async () => {
    serveConfig(app.sent, config("policy: { issue: flag }"));
    nock(API)
      .post(`/repos/acme/widgets/issues/${ISSUE}/labels`)
      .reply(recorder(app.sent, 200, [{ name: "agent:flagged" }]));
    const sent = await receive("issues", issueOpenedEvent(accounts.copilot, ISSUE));
    expect(sent.map(describeRequest)).toEqual([`POST /repos/acme/widgets/issues/${ISSUE}/labels`]);
    expect(sent[0]!.body).toEqual({ labels: ["agent:flagged"] });
  });

  test("issue: close → the issue is closed", async () => {
    serveConfig(app.sent, config("policy: { issue: close }"));
    nock(API)
      .patch(`/repos/acme/widgets/issues/${ISSUE}`)
      .reply(recorder(app.sent, 200, { number: ISSUE, state: "closed" }));
    const sent = await receive("issues", issueOpenedEvent(accounts.copilot, ISSUE));
    expect(sent.map(describeRequest)).toEqual([`PATCH /repos/acme/widgets/issues/${ISSUE}`]);
    expect(sent[0]!.body).toMatchObject({ state: "closed" });
  });
});

describe("mode: observe", () => {
  test("nothing is written: the effects are stored as planned and audited", async () => {
    serveConfig(app.sent, config("mode: observe", "policy: { comment: hold, issue: close }"));
    const comment = await receive("issue_comment", agentComment(5001, "Hello"));
    const issue = await receive("issues", issueOpenedEvent(accounts.copilot, 8));
    expect([...comment, ...issue]).toEqual([]);
    expect(app.sent.every((r) => r.method === "GET")).toBe(true);
    expect((await app.store.listEffects({ status: "planned" })).map((e) => e.effect.kind)).toEqual(["delete_comment", "close_issue"]);
    const planned = (await app.store.listAudit()).filter((r) => r.action.startsWith("effect."));
    expect(planned.map((r) => `${r.action} ${r.verdict}`)).toEqual(["effect.delete_comment planned", "effect.close_issue planned"]);
    expect(planned[0]?.reasons).toEqual(["observe mode: would delete_comment"]);
  });

  test("a comment only observed is not held: once enforcing, an approve re-posts nothing (it was never deleted)", async () => {
    serveConfig(app.sent, config("mode: observe", "policy: { comment: hold }"));
    await receive("issue_comment", agentComment(5001, "Hello"));
    expect(await held()).toEqual([]);
    expect((await app.store.listAudit({ action: "issue_comment.created" }))[0]?.detail.held).toEqual([
      expect.objectContaining({ commentId: 5001, body: "Hello" }),
    ]);

    // The repository switches to enforce (its cached config is dropped, as a push of the file does).
    await app.store.deleteCachedFile("acme/widgets:.github/agent-guardrails.yml");
    nock(API)
      .get("/repos/acme/widgets/contents/.github%2Fagent-guardrails.yml")
      .reply(
        recorder(app.sent, 200, config("mode: enforce", "policy: { comment: hold }"), {
          "content-type": "application/vnd.github.raw; charset=utf-8",
        }),
      );
    permission("maint", "admin");
    const sent = await receive("issue_comment", humanComment(accounts.maint, 5002, "/guardrails approve"));
    expect(sent.map(describeRequest)).toEqual(["GET /repos/acme/widgets/collaborators/maint/permission"]);
  });
});
