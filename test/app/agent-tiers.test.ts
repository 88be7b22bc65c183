import { afterEach, describe, expect, test } from "@jest/globals";
import { accounts, commentEvent, example, issueCommentEvent, pullRequestEvent, pushEvent } from "../fixtures/webhook-examples.js";
import { startStandInApp, writesOf, type StandInApp } from "./stand-in-harness.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const alice = { login: "alice", id: 3001, node_id: "U_alice", type: "User" };
const CONFIG = ["owner: maint", `agents: ["copilot-swe-agent[bot]"]`].join("\n");
const HEAD = "42aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

let app: StandInApp;
afterEach(async () => app.close());

/** The app with its config read and cached (by a member's ordinary comment), so that what follows is measured alone. */
async function warmApp(config: string): Promise<StandInApp> {
  const started = await startStandInApp({ config });
  await started.receive("issue_comment", issueCommentEvent(accounts.dev, { number: 1, commentId: 1 }));
  started.standIn.requests.length = 0;
  return started;
}

/** Alice's push of one commit with this message to `branch` (author: alice unless given). */
function push(branch: string, message: string, author?: Json): Json {
  const p = pushEvent(alice, { before: "1".repeat(40), after: HEAD, ref: `refs/heads/${branch}` });
  p.commits[0].message = message;
  if (author) p.commits[0].author = author;
  p.head_commit = p.commits[0];
  return p;
}

/** Alice's pull request #42 from `branch` with this body. */
function pullRequest(branch: string, body: string | null, action = "opened"): Json {
  return pullRequestEvent(action, alice, alice, (p) => {
    p.pull_request.head.ref = branch;
    p.pull_request.head.repo = { ...p.repository };
    p.pull_request.body = body;
    p.pull_request.labels = [];
  });
}

const said = (app: StandInApp, from = 0) =>
  writesOf(app.requestsSince(from)).map((r) => `${r.method} ${r.path}${r.operation ? ` ${r.operation}` : ""}`);
const checkOf = (app: StandInApp) =>
  writesOf(app.standIn.requests)
    .filter((r) => r.path.endsWith("/check-runs"))
    .map((r) => (r.body as { conclusion: string }).conclusion);

describe("assisted: a person's own commit with an assistant's trailer is labelled, not gated", () => {
  test("the push costs no request; the PR from it gets agent:assisted and a passing check", async () => {
    app = await warmApp(CONFIG);
    await app.receive("push", push("fix-typo", "Fix typo\n\nCo-Authored-By: Claude <noreply@anthropic.com>"));
    expect(app.standIn.requests).toEqual([]);
    const [row] = await app.store.listAudit({ action: "push" });
    expect(row!.detail).toMatchObject({
      tier: "assisted",
      evidence: [
        { signal: "trailer", agent: "Claude Code", match: "noreply@anthropic.com", source: `commit ${HEAD.slice(0, 12)}`, sha: HEAD },
      ],
    });

    await app.receive("pull_request", pullRequest("fix-typo", "Fixes a typo."));
    expect(said(app)).toEqual(["POST /repos/acme/widgets/issues/42/labels", "POST /repos/acme/widgets/check-runs"]);
    expect(writesOf(app.standIn.requests)[0]!.body).toEqual({ labels: ["agent:assisted"] });
    expect(checkOf(app)).toEqual(["success"]);
    const [pr] = await app.store.listAudit({ action: "pull_request.opened" });
    expect(pr!.detail).toMatchObject({ tier: "assisted" });
    expect(await app.store.listAudit({ action: "tier.alert" })).toEqual([]);
  });

  test("a marker alone in a person's comment is audited (tiers.assisted.comment: allow) and costs no request", async () => {
    app = await warmApp(CONFIG);
    await app.receive(
      "issue_comment",
      issueCommentEvent(alice, {
        number: 5,
        commentId: 9,
        body: "Here is the fix.\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)",
      }),
    );
    expect(app.standIn.requests).toEqual([]);
    const [row] = await app.store.listAudit({ action: "issue_comment.created" });
    expect(row).toMatchObject({
      actor: "alice",
      actorKind: "human",
      verdict: "allow",
      detail: { tier: "assisted", evidence: [{ signal: "marker", agent: "Claude Code", source: "comment 9" }] },
    });
  });
});

describe("suspected: strong evidence on a person's account", () => {
  test("a Codex task link on a codex/ branch: the PR is gated like an agent's, the owner alerted once, approve releases it", async () => {
    app = await warmApp(CONFIG);
    await app.receive(
      "pull_request",
      pullRequest(
        "codex/add-tests",
        "## Summary\nAdds tests\n\n------\n[Codex Task](https://chatgpt.com/codex/tasks/task_e_694400e34efc8325807c70c531c15e20)",
      ),
    );
    expect(said(app)).toEqual([
      "POST /graphql convertPullRequestToDraft",
      "POST /repos/acme/widgets/issues/42/labels",
      "POST /repos/acme/widgets/check-runs",
      "POST /repos/acme/widgets/issues",
    ]);
    expect(checkOf(app)).toEqual(["action_required"]);
    const alert = writesOf(app.standIn.requests).find((r) => r.path === "/repos/acme/widgets/issues")!.body as {
      title: string;
      body: string;
    };
    expect(alert.title).toBe("Agent suspected on a person's account: alice");
    expect(alert.body).toContain("@maint, @alice");
    expect(alert.body).toContain("| marker | OpenAI Codex |");
    expect(alert.body).toContain("| branch | OpenAI Codex | `codex/add-tests` |");
    const [row] = await app.store.listAudit({ action: "pull_request.opened" });
    expect(row).toMatchObject({ verdict: "gate", detail: { tier: "suspected" } });
    expect((row!.detail as { evidence: { signal: string }[] }).evidence.map((s) => s.signal)).toEqual(["marker", "branch"]);

    // A second suspected action the same day: no second alert.
    const from = app.standIn.requests.length;
    await app.receive(
      "pull_request",
      pullRequest("codex/add-tests", "## Summary\n[Codex Task](https://chatgpt.com/codex/tasks/task_e_1)", "synchronize"),
    );
    expect(said(app, from)).toEqual(["POST /repos/acme/widgets/issues/42/labels", "POST /repos/acme/widgets/check-runs"]);
    expect(await app.store.listAudit({ action: "tier.alert" })).toHaveLength(1);

    const approved = app.standIn.requests.length;
    await app.receive(
      "issue_comment",
      commentEvent("created", accounts.maint, "Looked at it.\n\n/guardrails approve", { threadAuthor: alice, onPullRequest: true }),
    );
    expect(said(app, approved)).toContain("POST /repos/acme/widgets/check-runs");
    expect(checkOf(app).at(-1)).toBe("success");
  });

  test("commits authored by an agent's account, pushed by a person to a plain branch: the PR from it is gated", async () => {
    app = await warmApp(CONFIG);
    const bot = { name: "claude[bot]", email: "209825114+claude[bot]@users.noreply.github.com", username: "claude[bot]" };
    await app.receive("push", push("fix-login", "Fix login", bot));
    expect(said(app)).toEqual(["POST /repos/acme/widgets/issues"]);
    const from = app.standIn.requests.length;
    await app.receive("pull_request", pullRequest("fix-login", "Fixes login."));
    expect(said(app, from)).toEqual([
      "POST /graphql convertPullRequestToDraft",
      "POST /repos/acme/widgets/issues/42/labels",
      "POST /repos/acme/widgets/check-runs",
    ]);
    expect(checkOf(app)).toEqual(["action_required"]);
    const [row] = await app.store.listAudit({ action: "pull_request.opened" });
    expect(row!.detail).toMatchObject({
      tier: "suspected",
      evidence: [{ signal: "author", agent: "Claude Code", match: "claude[bot]", sha: HEAD }],
    });
  });

  test("a comment an agent's App posted with a person's token (performed_via_github_app) flags the thread", async () => {
    app = await warmApp(CONFIG);
    const payload = issueCommentEvent(alice, { number: 5, commentId: 11, body: "I opened a fix." });
    payload.comment.performed_via_github_app = {
      id: 1144995,
      slug: "claude",
      node_id: "A_claude",
      name: "Claude",
      owner: { login: "anthropics" },
    };
    await app.receive("issue_comment", payload);
    expect(said(app)).toEqual(["POST /repos/acme/widgets/issues/5/labels", "POST /repos/acme/widgets/issues"]);
    expect(writesOf(app.standIn.requests)[0]!.body).toEqual({ labels: ["agent:flagged"] });
    const [row] = await app.store.listAudit({ action: "issue_comment.created" });
    expect(row).toMatchObject({
      verdict: "gate",
      detail: { tier: "suspected", evidence: [{ signal: "app", agent: "Claude Code", match: "claude", source: "comment 11" }] },
    });
  });

  test("bypass: an agent's App writing /guardrails approve with a maintainer's token is refused, no role read", async () => {
    app = await warmApp(CONFIG);
    const payload = commentEvent("created", accounts.maint, "/guardrails approve", { threadAuthor: accounts.copilot, onPullRequest: true });
    payload.comment.performed_via_github_app = {
      id: 1144995,
      slug: "claude",
      node_id: "A_claude",
      name: "Claude",
      owner: { login: "anthropics" },
    };
    await app.receive("issue_comment", payload);
    expect(app.requestsSince(0).filter((r) => r.path.includes("/collaborators/"))).toEqual([]);
    const [row] = await app.store.listAudit({ actor: "maint" });
    expect(row!.verdict).not.toBe("command");
    expect(row!.reasons).toContain("commands written with evidence of an agent are ignored (maint: tier suspected)");
    expect(await app.store.approvalsFor("acme", "widgets", 42)).toEqual([]);
  });

  test("an issue opened through an agent's App is flagged", async () => {
    app = await warmApp(CONFIG);
    const payload = example("issues", "opened", (p) => {
      p.sender = { ...alice };
      p.issue.user = { ...alice };
      p.issue.number = 7;
      p.issue.node_id = "I_kw7";
      p.issue.labels = [];
      p.issue.body = "Found a bug";
      p.issue.performed_via_github_app = {
        id: 2,
        slug: "chatgpt-codex-connector",
        node_id: "A_codex",
        name: "ChatGPT Codex Connector",
        owner: { login: "openai" },
      };
    });
    await app.receive("issues", payload);
    expect(said(app)).toEqual(["POST /repos/acme/widgets/issues/7/labels", "POST /repos/acme/widgets/issues"]);
  });
});

describe("the tiers are configurable per action type", () => {
  test("tiers.suspected.pull_request: label and tiers.alert: false label the PR and alert nobody", async () => {
    app = await startStandInApp({ config: `${CONFIG}\ntiers: { suspected: { pull_request: label }, alert: false }` });
    await app.receive("pull_request", pullRequest("codex/x", "[Codex Task](https://chatgpt.com/codex/tasks/task_e_2)"));
    expect(said(app)).toEqual(["POST /repos/acme/widgets/issues/42/labels", "POST /repos/acme/widgets/check-runs"]);
    expect(writesOf(app.standIn.requests)[0]!.body).toEqual({ labels: ["agent:suspected"] });
    expect(checkOf(app)).toEqual(["success"]);
  });
});

describe("agents[].when: alice is human when typing, an agent when her agent acts", () => {
  const WHEN = ["owner: maint", "agents:", "  - copilot-swe-agent[bot]", '  - { login: alice, when: [{ branch: "codex/*" }] }'].join("\n");
  test("her PR from codex/ is an agent's PR; her own comment costs nothing", async () => {
    app = await startStandInApp({ config: WHEN });
    await app.receive("pull_request", pullRequest("codex/feature", "Adds a feature."));
    expect(said(app)).toEqual([
      "POST /graphql convertPullRequestToDraft",
      "POST /repos/acme/widgets/issues/42/labels",
      "POST /repos/acme/widgets/check-runs",
    ]);
    const [row] = await app.store.listAudit({ action: "pull_request.opened" });
    expect(row).toMatchObject({ actor: "alice", actorKind: "agent", detail: { tier: "agent" } });

    const from = app.standIn.requests.length;
    await app.receive("issue_comment", issueCommentEvent(alice, { number: 5, commentId: 12, body: "Thanks, merging after lunch." }));
    expect(app.requestsSince(from)).toEqual([]);
    expect(await app.store.listAudit({ action: "issue_comment.created" })).toEqual([]);
  });
});

describe("a human's ordinary work costs no GitHub request", () => {
  test("a plain push to a branch and an ordinary comment: no request, no audit row, nothing remembered", async () => {
    app = await warmApp(CONFIG);
    await app.receive("push", push("feature", "Refactor the parser"));
    await app.receive("issue_comment", issueCommentEvent(accounts.dev, { number: 5, commentId: 13 }));
    expect(app.standIn.requests).toEqual([]);
    expect(await app.store.listAudit({})).toEqual([]);
    expect(await app.store.getCachedFile("evidence:acme/widgets:feature")).toBeNull();
  });
});

describe("/guardrails status @login shows the account's tier", () => {
  test("a suspected account: its tier, its actions by tier and the evidence; an ordinary account: human", async () => {
    app = await warmApp(CONFIG);
    await app.receive("pull_request", pullRequest("codex/add-tests", "[Codex Task](https://chatgpt.com/codex/tasks/task_e_3)"));
    await app.receive(
      "issue_comment",
      issueCommentEvent(alice, { number: 5, commentId: 21, body: "🤖 Generated with [Claude Code](https://claude.com/claude-code)" }),
    );
    const from = app.standIn.requests.length;
    await app.receive(
      "issue_comment",
      commentEvent("created", accounts.maint, "/guardrails status @alice", { threadAuthor: alice, onPullRequest: true }),
    );
    const reply = writesOf(app.requestsSince(from)).find((r) => r.path.endsWith("/comments"))!.body as { body: string };
    expect(reply.body).toContain("Tier of `alice` over the last 7 days: **suspected** (actions: 1 suspected, 1 assisted).");
    expect(reply.body).toContain("marker (OpenAI Codex, pull request body)");
    expect(reply.body).toContain("branch (OpenAI Codex, branch codex/add-tests)");

    const next = app.standIn.requests.length;
    await app.receive(
      "issue_comment",
      commentEvent("created", accounts.maint, "/guardrails status @dev", { threadAuthor: alice, onPullRequest: true }),
    );
    const other = writesOf(app.requestsSince(next)).find((r) => r.path.endsWith("/comments"))!.body as { body: string };
    expect(other.body).toContain("Tier of `dev` over the last 7 days: **human** (no audited actions).");
  });
});

describe("every known trailer and branch prefix, through the stand-in", () => {
  const trailers = [
    "Co-Authored-By: Claude <noreply@anthropic.com>",
    "Co-authored-by: Codex <noreply@openai.com>",
    "Co-authored-by: Cursor Agent <cursoragent@cursor.com>",
    "Co-Authored-By: Devin <158243242+devin-ai-integration[bot]@users.noreply.github.com>",
    "Co-Authored-By: Gemini <noreply@google.com>",
    "Co-authored-by: aider (gpt-5) <noreply@aider.chat>",
  ];
  test.each(trailers)("%s on a person's commit to a plain branch: the PR is labelled agent:assisted, not gated", async (trailer) => {
    app = await warmApp(CONFIG);
    await app.receive("push", push("fix-bug", `Fix the bug\n\n${trailer}`));
    await app.receive("pull_request", pullRequest("fix-bug", "Fixes the bug."));
    expect(said(app)).toEqual(["POST /repos/acme/widgets/issues/42/labels", "POST /repos/acme/widgets/check-runs"]);
    expect(checkOf(app)).toEqual(["success"]);
  });

  test("a trailer naming a listed agent (Copilot is listed by default) still makes the branch an agent's: gated, as before tiers", async () => {
    app = await warmApp(CONFIG);
    await app.receive("push", push("fix-bug", "Fix the bug\n\nCo-authored-by: Copilot <223556219+Copilot@users.noreply.github.com>"));
    await app.receive("pull_request", pullRequest("fix-bug", "Fixes the bug."));
    expect(checkOf(app)).toEqual(["action_required"]);
  });

  test.each(["copilot/fix-12", "codex/add-tests", "claude/issue-7", "cursor/refactor", "devin/1732-fix"])(
    "a trailer on a commit pushed to %s: suspected, the PR gated and the owner alerted",
    async (branch) => {
      app = await warmApp(CONFIG);
      await app.receive("push", push(branch, "Change\n\nCo-Authored-By: Claude <noreply@anthropic.com>"));
      expect(said(app)).toEqual(["POST /repos/acme/widgets/issues"]);
      await app.receive("pull_request", pullRequest(branch, "A change."));
      expect(said(app)).toEqual([
        "POST /repos/acme/widgets/issues",
        "POST /graphql convertPullRequestToDraft",
        "POST /repos/acme/widgets/issues/42/labels",
        "POST /repos/acme/widgets/check-runs",
      ]);
      expect(checkOf(app)).toEqual(["action_required"]);
    },
  );
});
