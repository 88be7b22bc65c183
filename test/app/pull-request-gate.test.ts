import { beforeEach, describe, expect, test } from "@jest/globals";
import nock from "nock";
import { accounts, commentEvent, pullRequestEvent } from "../fixtures/webhook-examples.js";
import { API, CONFIG, recorder, serveConfig, type TestApp, useNockApp } from "./harness.js";

const HEAD = "42aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
let app: TestApp;
const currentApp = useNockApp();
beforeEach(() => {
  app = currentApp();
});

/** The writes an agent PR gets: draft, label, pending check (plus the files read for scope). */
function expectAgentPrGate(sent = app.sent) {
  nock(API)
    .get("/repos/acme/widgets/pulls/42/files")
    .query(true)
    .reply(recorder(sent, 200, [{ filename: "src/a.ts" }]));
  nock(API)
    .post("/graphql")
    .reply(recorder(sent, 200, { data: { convertPullRequestToDraft: { pullRequest: { id: "PR_kw42", isDraft: true } } } }));
  nock(API)
    .post("/repos/acme/widgets/issues/42/labels")
    .reply(recorder(sent, 200, [{ name: "agent:pending-approval" }]));
  nock(API)
    .post("/repos/acme/widgets/check-runs")
    .reply(recorder(sent, 201, { id: 1 }));
}

describe("agent pull requests through probot.receive", () => {
  test("an agent's PR is drafted, labelled and gated by an action_required check — 6 requests, in order", async () => {
    serveConfig(app.sent, CONFIG);
    expectAgentPrGate();
    await app.receive("pull_request", pullRequestEvent("opened", accounts.agent));
    const paths = app.sent.map((r) => `${r.method} ${r.path.split("?")[0]}`);
    // The repo file and the org's file, in either order.
    expect(paths.slice(0, 2).sort()).toEqual([
      "GET /repos/acme/.github/contents/.github/agent-guardrails.yml",
      "GET /repos/acme/widgets/contents/.github/agent-guardrails.yml",
    ]);
    expect(paths.slice(2)).toEqual([
      "GET /repos/acme/widgets/pulls/42/files",
      "POST /graphql",
      "POST /repos/acme/widgets/issues/42/labels",
      "POST /repos/acme/widgets/check-runs",
    ]);
    expect(app.sent[3]!.body).toMatchObject({ variables: { pullRequestId: "PR_kw42" } });
    expect(String((app.sent[3]!.body as { query: string }).query)).toContain("convertPullRequestToDraft");
    expect(app.sent[4]!.body).toEqual({ labels: ["agent:pending-approval"] });
    expect(app.sent[5]!.body).toMatchObject({
      name: "agent-guardrails",
      head_sha: HEAD,
      status: "completed",
      conclusion: "action_required",
    });
  });

  test("a redelivery changes nothing and sends nothing", async () => {
    serveConfig(app.sent, CONFIG);
    expectAgentPrGate();
    await app.receive("pull_request", pullRequestEvent("opened", accounts.agent), "same-id");
    const before = app.sent.length;
    await app.receive("pull_request", pullRequestEvent("opened", accounts.agent), "same-id");
    expect(app.sent.length).toBe(before);
    expect((await app.store.listAudit({ deliveryId: "same-id" })).filter((r) => r.action === "pull_request.opened")).toHaveLength(1);
  });

  test("the agent marking its PR ready is drafted again", async () => {
    serveConfig(app.sent, CONFIG);
    nock(API)
      .post("/graphql")
      .reply(recorder(app.sent, 200, { data: { convertPullRequestToDraft: { pullRequest: { id: "PR_kw42", isDraft: true } } } }));
    await app.receive("pull_request", pullRequestEvent("ready_for_review", accounts.agent));
    expect(app.sent.slice(2).map((r) => `${r.method} ${r.path}`)).toEqual(["POST /graphql"]);
  });

  test("a human's PR gets one passing check and nothing else; the config read is cached after", async () => {
    serveConfig(app.sent, CONFIG);
    nock(API)
      .post("/repos/acme/widgets/check-runs")
      .reply(recorder(app.sent, 201, { id: 2 }));
    await app.receive("pull_request", pullRequestEvent("opened", accounts.dev));
    const writes = app.sent.filter((r) => r.method !== "GET");
    expect(writes).toHaveLength(1);
    expect(writes[0]!.body).toMatchObject({ name: "agent-guardrails", conclusion: "success", head_sha: HEAD });
    nock(API)
      .post("/repos/acme/widgets/check-runs")
      .reply(recorder(app.sent, 201, { id: 3 }));
    const before = app.sent.length;
    await app.receive("pull_request", pullRequestEvent("synchronize", accounts.dev));
    expect(app.sent.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual(["POST /repos/acme/widgets/check-runs"]);
  });

  test("a human's plain comment costs no GitHub request once the config is cached", async () => {
    serveConfig(app.sent, CONFIG);
    await app.receive("issue_comment", commentEvent("created", accounts.dev, "looks good", { threadAuthor: accounts.dev }));
    const before = app.sent.length;
    await app.receive("issue_comment", commentEvent("created", accounts.dev, "still good", { threadAuthor: accounts.dev }));
    expect(app.sent.length).toBe(before);
  });

  test("GitHub refusing the draft conversion is audited; the label and failing check still gate", async () => {
    serveConfig(app.sent, CONFIG);
    nock(API)
      .get("/repos/acme/widgets/pulls/42/files")
      .query(true)
      .reply(recorder(app.sent, 200, []));
    nock(API)
      .post("/graphql")
      .reply(recorder(app.sent, 200, { data: null, errors: [{ type: "FORBIDDEN", message: "Resource not accessible by integration" }] }));
    nock(API)
      .post("/repos/acme/widgets/issues/42/labels")
      .reply(recorder(app.sent, 200, []));
    nock(API)
      .post("/repos/acme/widgets/check-runs")
      .reply(recorder(app.sent, 201, { id: 1 }));
    await app.receive("pull_request", pullRequestEvent("opened", accounts.agent));
    const refusal = (await app.store.listAudit({ action: "effect.convert_to_draft" }))[0];
    expect(refusal?.verdict).toBe("failed");
    expect(refusal?.reasons[0]).toContain("still gate");
    expect((await app.store.listEffects({ status: "applied" })).map((e) => e.effect.kind)).toEqual(["add_label", "ensure_check_run"]);
  });

  test("a 5xx leaves the effect pending; the sweep applies it later", async () => {
    serveConfig(app.sent, CONFIG);
    nock(API)
      .get("/repos/acme/widgets/pulls/42/files")
      .query(true)
      .reply(recorder(app.sent, 200, []));
    nock(API)
      .post("/graphql")
      .reply(recorder(app.sent, 200, { data: { convertPullRequestToDraft: { pullRequest: { id: "PR_kw42" } } } }));
    nock(API)
      .post("/repos/acme/widgets/issues/42/labels")
      .reply(recorder(app.sent, 502, { message: "Bad Gateway" }));
    nock(API)
      .post("/repos/acme/widgets/check-runs")
      .reply(recorder(app.sent, 201, { id: 1 }));
    await app.receive("pull_request", pullRequestEvent("opened", accounts.agent));
    const [pending] = await app.store.listEffects({ status: "pending" });
    expect(pending?.effect.kind).toBe("add_label");
    nock(API)
      .post("/repos/acme/widgets/issues/42/labels")
      .reply(recorder(app.sent, 200, []));
    app.now.value = new Date(Date.parse(pending!.nextAttemptAt!) + 1000);
    expect(await app.guardrails.sweep()).toBe(1);
    expect(await app.store.listEffects({ status: "pending" })).toEqual([]);
  });

  test("a secondary rate limit defers the rest of the batch until retry-after", async () => {
    serveConfig(app.sent, CONFIG);
    nock(API)
      .get("/repos/acme/widgets/pulls/42/files")
      .query(true)
      .reply(recorder(app.sent, 200, []));
    nock(API)
      .post("/graphql")
      .reply(recorder(app.sent, 403, { message: "You have exceeded a secondary rate limit" }, { "retry-after": "120" }));
    await app.receive("pull_request", pullRequestEvent("opened", accounts.agent));
    const pending = await app.store.listEffects({ status: "pending" });
    expect(pending.map((e) => e.effect.kind)).toEqual(["convert_to_draft", "add_label", "ensure_check_run"]);
    expect(new Set(pending.map((e) => e.nextAttemptAt))).toEqual(new Set(["2026-11-20T09:02:00.000Z"]));
    expect(app.sent.filter((r) => r.method === "POST")).toHaveLength(1);
  });
});

describe("/guardrails approve through probot.receive", () => {
  async function agentPrOpened() {
    serveConfig(app.sent, CONFIG);
    expectAgentPrGate();
    await app.receive("pull_request", pullRequestEvent("opened", accounts.agent));
    app.sent.length = 0;
  }

  test("a maintainer's approval passes the check for the head sha and removes the label — 4 requests", async () => {
    await agentPrOpened();
    nock(API)
      .get("/repos/acme/widgets/collaborators/maint/permission")
      .reply(recorder(app.sent, 200, { permission: "admin", role_name: "admin" }));
    nock(API)
      .get("/repos/acme/widgets/pulls/42")
      .reply(
        recorder(app.sent, 200, {
          number: 42,
          node_id: "PR_kw42",
          draft: true,
          state: "open",
          merged: false,
          user: accounts.agent,
          head: { sha: HEAD },
          html_url: "https://github.com/acme/widgets/pull/42",
        }),
      );
    nock(API)
      .post("/repos/acme/widgets/check-runs")
      .reply(recorder(app.sent, 201, { id: 9 }));
    nock(API)
      .delete("/repos/acme/widgets/issues/42/labels/agent%3Apending-approval")
      .reply(recorder(app.sent, 200, []));
    await app.receive("issue_comment", commentEvent("created", accounts.maint, "Reviewed.\n\n/guardrails approve"));
    expect(app.sent.map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /repos/acme/widgets/collaborators/maint/permission",
      "GET /repos/acme/widgets/pulls/42",
      "POST /repos/acme/widgets/check-runs",
      "DELETE /repos/acme/widgets/issues/42/labels/agent:pending-approval",
    ]);
    expect(app.sent[2]!.body).toMatchObject({ conclusion: "success", head_sha: HEAD, output: { title: "Approved by @maint" } });
    expect(await app.store.approvalsFor("acme", "widgets", 42)).toMatchObject([{ headSha: HEAD, approver: "maint" }]);
  });

  // Bypass: the approve rule looked the PR author up with id 0, so an agent listed only by its
  // numeric id lost its own `merge: deny` there and a maintainer's approve turned the check green.
  test("bypass: an agent listed only by numeric id with merge: deny keeps a failing check after an approve", async () => {
    const byId = [
      "owner: maint",
      `agents: [{ id: ${accounts.copilot.id}, policy: { merge: deny } }]`,
      "approvers: write",
      "scope: { paths: ['**'] }",
    ].join("\n");
    serveConfig(app.sent, byId);
    nock(API)
      .get("/repos/acme/widgets/pulls/42/files")
      .query(true)
      .optionally()
      .reply(recorder(app.sent, 200, [{ filename: "src/a.ts" }]));
    nock(API)
      .post("/graphql")
      .optionally()
      .reply(recorder(app.sent, 200, { data: { convertPullRequestToDraft: { pullRequest: { id: "PR_kw42", isDraft: true } } } }));
    nock(API)
      .post("/repos/acme/widgets/issues/42/labels")
      .optionally()
      .reply(recorder(app.sent, 200, [{ name: "agent:pending-approval" }]));
    nock(API)
      .post("/repos/acme/widgets/check-runs")
      .reply(recorder(app.sent, 201, { id: 1 }));
    await app.receive("pull_request", pullRequestEvent("opened", accounts.copilot));
    const checks = () => app.sent.filter((r) => r.method === "POST" && r.path.startsWith("/repos/acme/widgets/check-runs"));
    expect(checks().map((r) => (r.body as { conclusion: string }).conclusion)).toEqual(["failure"]);

    nock(API)
      .get("/repos/acme/widgets/collaborators/maint/permission")
      .reply(recorder(app.sent, 200, { permission: "admin", role_name: "admin" }));
    nock(API)
      .get("/repos/acme/widgets/pulls/42")
      .reply(
        recorder(app.sent, 200, {
          number: 42,
          node_id: "PR_kw42",
          draft: true,
          state: "open",
          merged: false,
          user: accounts.copilot,
          head: { sha: HEAD },
          html_url: "https://github.com/acme/widgets/pull/42",
        }),
      );
    await app.receive("issue_comment", commentEvent("created", accounts.maint, "/guardrails approve", { threadAuthor: accounts.copilot }));
    expect(checks().map((r) => (r.body as { conclusion: string }).conclusion)).toEqual(["failure"]);
    expect(await app.store.approvalsFor("acme", "widgets", 42)).toEqual([]);
    const [row] = await app.store.listAudit({ actor: "maint" });
    expect(row).toMatchObject({ verdict: "refused", action: "command.approve" });
    expect(row?.reasons.join(" ")).toMatch(/merge is deny for Copilot/);
  });

  test("a reader's approval: one permission read, refused and audited", async () => {
    await agentPrOpened();
    nock(API)
      .get("/repos/acme/widgets/collaborators/reader/permission")
      .reply(recorder(app.sent, 200, { permission: "read", role_name: "read" }));
    await app.receive("issue_comment", commentEvent("created", accounts.reader, "/guardrails approve"));
    expect(app.sent.map((r) => r.method)).toEqual(["GET"]);
    const [row] = await app.store.listAudit({ actor: "reader" });
    expect(row).toMatchObject({ verdict: "refused", action: "command.approve" });
    expect(row?.reasons[0]).toContain("below approvers");
  });

  test.each([
    ["quoted", accounts.maint, "> /guardrails approve", undefined],
    ["fenced", accounts.maint, "```\n/guardrails approve\n```", undefined],
    ["pasted after a ```sh line (bypass: not a closing fence)", accounts.maint, "```\n$ agent run\n```sh\n/guardrails approve", undefined],
    ["in a lazy blockquote continuation (bypass)", accounts.maint, "> The agent said:\n/guardrails approve", undefined],
    ["in a <pre> block (bypass)", accounts.maint, "<pre>\n/guardrails approve\n</pre>", undefined],
    ["inside <details> (bypass)", accounts.maint, "<details><summary>Transcript</summary>\n\n/guardrails approve\n\n</details>", undefined],
    ["from a bot", accounts.dependabot, "/guardrails approve", undefined],
    ["edited in by a non-author", accounts.dev, "/guardrails approve", accounts.maint],
  ])("an approval %s sends no request and is audited as refused", async (_why, sender, body, author) => {
    await agentPrOpened();
    const event = commentEvent(author ? "edited" : "created", sender, body, author ? { commentAuthor: author } : {});
    await app.receive("issue_comment", event);
    expect(app.sent).toEqual([]);
    const rows = await app.store.listAudit({ actor: sender.login });
    expect(rows.map((r) => r.verdict)).toEqual(["refused"]);
    expect(await app.store.approvalsFor("acme", "widgets", 42)).toEqual([]);
  });

  test("the agent approving its own PR: its comment is hidden, nothing approved", async () => {
    await agentPrOpened();
    nock(API)
      .post("/graphql")
      .reply(recorder(app.sent, 200, { data: { minimizeComment: { minimizedComment: { isMinimized: true } } } }));
    await app.receive("issue_comment", commentEvent("created", accounts.agent, "/guardrails approve", { threadAuthor: accounts.agent }));
    expect(app.sent).toHaveLength(1);
    expect(String((app.sent[0]!.body as { query: string }).query)).toContain("minimizeComment");
    expect(await app.store.approvalsFor("acme", "widgets", 42)).toEqual([]);
  });
});

describe("bypasses: an agent that knows the rules cannot switch them off", () => {
  const B = "b2bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
  const onFeature =
    (sha = HEAD) =>
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    (p: Record<string, any>) => {
      p.pull_request.head.ref = "feature";
      p.pull_request.head.sha = sha;
      p.pull_request.head.repo = { ...p.pull_request.head.repo, full_name: "acme/widgets" };
    };
  /** A push to acme/widgets `feature` by `sender` whose one commit has `message` and is authored by `author`. */
  const pushEvent = (sender: object, author: { name: string; email: string; username?: string }, message: string) => ({
    ref: "refs/heads/feature",
    before: "c".repeat(40),
    after: HEAD,
    created: false,
    deleted: false,
    forced: false,
    compare: "https://github.com/acme/widgets/compare/c...4",
    commits: [
      { id: HEAD, message, timestamp: "2026-11-20T08:59:00Z", author, committer: author, added: [], removed: [], modified: ["src/a.ts"] },
    ],
    head_commit: null,
    pusher: { name: "dev", email: "dev@example.com" },
    repository: {
      name: "widgets",
      full_name: "acme/widgets",
      default_branch: "main",
      owner: { login: "acme", id: 1002, type: "Organization" },
    },
    installation: { id: 4242 },
    sender,
  });

  test.each([
    [
      "a Co-authored-by trailer naming the agent",
      { name: "dev", email: "dev@example.com", username: "dev" },
      "fix\n\nCo-authored-by: Copilot <198982749+Copilot@users.noreply.github.com>",
    ],
    ["the agent's noreply email as author", { name: "Copilot", email: "198982749+Copilot@users.noreply.github.com" }, "fix"],
  ])(
    "bypass: agent commits on a human's PR (%s) — a human's later push keeps the check action_required, and the approve is honoured",
    async (_why, author, message) => {
      serveConfig(app.sent, CONFIG);
      await app.receive("push", pushEvent(accounts.dev, author, message));
      expect(app.sent.filter((r) => !r.path.includes("agent-guardrails.yml"))).toEqual([]);
      nock(API)
        .post("/repos/acme/widgets/issues/42/labels")
        .reply(recorder(app.sent, 200, []));
      nock(API)
        .post("/repos/acme/widgets/check-runs")
        .reply(recorder(app.sent, 201, { id: 3 }));
      await app.receive("pull_request", pullRequestEvent("synchronize", accounts.dev, accounts.dev, onFeature()));
      const check = app.sent.find((r) => r.path === "/repos/acme/widgets/check-runs");
      expect(check?.body).toMatchObject({ head_sha: HEAD, conclusion: "action_required" });

      app.sent.length = 0;
      nock(API)
        .get("/repos/acme/widgets/collaborators/maint/permission")
        .reply(recorder(app.sent, 200, { permission: "admin", role_name: "admin" }));
      nock(API)
        .get("/repos/acme/widgets/pulls/42")
        .reply(
          recorder(app.sent, 200, {
            number: 42,
            node_id: "PR_kw42",
            draft: false,
            state: "open",
            merged: false,
            user: accounts.dev,
            head: { sha: HEAD, ref: "feature", repo: { full_name: "acme/widgets" } },
            html_url: "https://github.com/acme/widgets/pull/42",
          }),
        );
      nock(API)
        .post("/repos/acme/widgets/check-runs")
        .reply(recorder(app.sent, 201, { id: 9 }));
      nock(API)
        .delete("/repos/acme/widgets/issues/42/labels/agent%3Apending-approval")
        .reply(recorder(app.sent, 200, []));
      app.now.value = new Date("2026-11-20T09:05:00Z");
      const approve = commentEvent("created", accounts.maint, "/guardrails approve", { threadAuthor: accounts.dev });
      approve.comment.created_at = "2026-11-20T09:04:00Z";
      await app.receive("issue_comment", approve);
      expect(app.sent.find((r) => r.method === "POST")?.body).toMatchObject({ head_sha: HEAD, conclusion: "success" });
      expect(await app.store.approvalsFor("acme", "widgets", 42)).toMatchObject([{ headSha: HEAD, approver: "maint" }]);
    },
  );

  test("a human's push without an agent's commits records nothing: the human's PR passes", async () => {
    serveConfig(app.sent, CONFIG);
    await app.receive("push", pushEvent(accounts.dev, { name: "dev", email: "dev@example.com", username: "dev" }, "fix"));
    nock(API)
      .post("/repos/acme/widgets/check-runs")
      .reply(recorder(app.sent, 201, { id: 3 }));
    await app.receive("pull_request", pullRequestEvent("synchronize", accounts.dev, accounts.dev, onFeature()));
    expect(app.sent.find((r) => r.path === "/repos/acme/widgets/check-runs")?.body).toMatchObject({ conclusion: "success" });
  });

  describe("bypass: a push landing between the approver's comment and its processing is not approved", () => {
    async function commentThenPush() {
      serveConfig(app.sent, CONFIG);
      expectAgentPrGate();
      await app.receive("pull_request", pullRequestEvent("opened", accounts.agent)); // head A at 09:00
      nock(API)
        .get("/repos/acme/widgets/pulls/42/files")
        .query(true)
        .reply(recorder(app.sent, 200, [{ filename: "src/a.ts" }]));
      nock(API)
        .post("/repos/acme/widgets/issues/42/labels")
        .reply(recorder(app.sent, 200, []));
      nock(API)
        .post("/repos/acme/widgets/check-runs")
        .reply(recorder(app.sent, 201, { id: 2 }));
      app.now.value = new Date("2026-11-20T09:10:00Z");
      await app.receive(
        "pull_request",
        pullRequestEvent("synchronize", accounts.agent, accounts.agent, (p) => (p.pull_request.head.sha = B)),
      ); // head B at 09:10
      app.sent.length = 0;
      nock(API)
        .get("/repos/acme/widgets/collaborators/maint/permission")
        .reply(recorder(app.sent, 200, { permission: "admin", role_name: "admin" }));
      nock(API)
        .get("/repos/acme/widgets/pulls/42")
        .reply(
          recorder(app.sent, 200, {
            number: 42,
            node_id: "PR_kw42",
            draft: true,
            state: "open",
            merged: false,
            user: accounts.agent,
            head: { sha: B, ref: "feature" },
            html_url: "https://github.com/acme/widgets/pull/42",
          }),
        );
      app.now.value = new Date("2026-11-20T09:11:00Z");
    }
    /** The maintainer wrote the comment at 09:05, when the head was A; it is processed at 09:11. */
    const approveAt0905 = (body: string) => commentEvent("created", accounts.maint, body, { threadAuthor: accounts.agent });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const at0905 = (payload: Record<string, any>) => {
      payload.comment.created_at = "2026-11-20T09:05:00Z";
      payload.comment.updated_at = "2026-11-20T09:05:00Z";
      return payload;
    };

    test("bypass: the head moved to B after the comment → refused, the check is not set to success", async () => {
      await commentThenPush();
      await app.receive("issue_comment", at0905(approveAt0905("/guardrails approve")));
      expect(app.sent.filter((r) => r.method !== "GET")).toEqual([]);
      const [row] = await app.store.listAudit({ action: "command.approve" });
      expect(row).toMatchObject({ verdict: "refused" });
      expect(row?.reasons[0]).toContain(`the head moved to ${B.slice(0, 7)} after you commented: approve again`);
      expect(await app.store.approvalsFor("acme", "widgets", 42)).toEqual([]);
    });

    test("bypass: /guardrails approve <B prefix> names the new head → approved", async () => {
      await commentThenPush();
      nock(API)
        .post("/repos/acme/widgets/check-runs")
        .reply(recorder(app.sent, 201, { id: 9 }));
      nock(API)
        .delete("/repos/acme/widgets/issues/42/labels/agent%3Apending-approval")
        .reply(recorder(app.sent, 200, []));
      await app.receive("issue_comment", at0905(approveAt0905(`/guardrails approve ${B.slice(0, 7)}`)));
      expect(app.sent.find((r) => r.method === "POST")?.body).toMatchObject({ head_sha: B, conclusion: "success" });
      expect(await app.store.approvalsFor("acme", "widgets", 42)).toMatchObject([{ headSha: B, approver: "maint" }]);
    });
  });
});
