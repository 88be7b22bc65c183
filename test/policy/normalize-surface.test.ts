import { describe, expect, test } from "@jest/globals";
import { ACTION_KINDS, type ActionKind } from "../../src/policy/agent-action.js";
import { normalize } from "../../src/webhooks/normalize.js";
import { accounts, example, pullRequestEvent } from "../fixtures/webhook-examples.js";

// The watched surface: every action kind from a webhook shaped like GitHub's (@octokit/webhooks-examples),
// one row per kind: the webhook, who sent it, and the actor and target fields normalize must read.

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ctx = { agents: ["copilot-swe-agent[bot]", "Copilot"], appLogin: "agent-guardrails[bot]" };
const agent = accounts.agent;
const HEAD = "42aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

/** An issues webhook on issue #7, opened by `author`, sent by `sender`. */
function issuesEvent(action: string, sender: Json, author: Json, patch: (p: Json) => void = () => {}): Json {
  // Not every action has its own example (closed has none): the opened one, with the action GitHub sends.
  return example("issues", ["closed"].includes(action) ? "opened" : action, (p) => {
    p.action = action;
    p.sender = { ...sender };
    p.issue.number = 7;
    p.issue.node_id = "I_kw7";
    p.issue.title = "Crash on start";
    p.issue.body = "steps to reproduce";
    p.issue.user = { ...author };
    p.issue.author_association = "MEMBER";
    patch(p);
  });
}

/** A pull_request webhook of an action the examples lack (edited, auto_merge_enabled): the opened one, relabelled. */
function pullRequestAs(action: string, author: Json, sender: Json, patch: (p: Json) => void = () => {}): Json {
  return pullRequestEvent("opened", author, sender, (p) => {
    p.action = action;
    patch(p);
  });
}

/** A release webhook for release 17, authored by `author`. */
function releaseEvent(action: string, sender: Json, patch: (p: Json) => void = () => {}): Json {
  return example("release", action, (p) => {
    p.sender = { ...sender };
    p.release.id = 17;
    p.release.tag_name = "v1.2.0";
    p.release.name = "Spring release";
    p.release.author = { ...sender };
    patch(p);
  });
}

function discussionEvent(action: string, sender: Json, author: Json, patch: (p: Json) => void = () => {}): Json {
  return example("discussion", action, (p) => {
    p.sender = { ...sender };
    p.discussion.number = 90;
    p.discussion.node_id = "D_kw90";
    p.discussion.user = { ...author };
    p.repository.node_id = "R_widgets";
    p.discussion.category.node_id = "DIC_general";
    patch(p);
  });
}

function checkRunEvent(sender: Json, patch: (p: Json) => void = () => {}): Json {
  return example("check_run", "rerequested", (p) => {
    p.sender = { ...sender };
    p.check_run.name = "agent-guardrails";
    p.check_run.head_sha = HEAD;
    p.check_run.app = { ...p.check_run.app, slug: "agent-guardrails", name: "agent-guardrails" };
    p.check_run.pull_requests = [
      {
        number: 42,
        id: 1,
        url: "https://api.github.com/repos/acme/widgets/pulls/42",
        head: { ref: "copilot/fix", sha: HEAD },
        base: { ref: "main", sha: "b".repeat(40) },
      },
    ];
    patch(p);
  });
}

interface Row {
  kind: ActionKind;
  event: string;
  payload: () => Json;
  actor: { login: string; kind: string };
  target: Json;
  /** Target fields that must not be there. */
  absent?: string[];
}

const ROWS: Row[] = [
  {
    kind: "pull_request.opened",
    event: "pull_request",
    payload: () => pullRequestEvent("opened", agent),
    actor: { login: agent.login, kind: "agent" },
    target: { number: 42, sha: HEAD, author: { kind: "agent" } },
  },
  {
    kind: "pull_request.reopened",
    event: "pull_request",
    payload: () => pullRequestEvent("reopened", agent),
    actor: { login: agent.login, kind: "agent" },
    target: { number: 42, sha: HEAD },
  },
  {
    kind: "pull_request.ready_for_review",
    event: "pull_request",
    payload: () => pullRequestEvent("ready_for_review", agent),
    actor: { login: agent.login, kind: "agent" },
    target: { number: 42 },
  },
  {
    kind: "pull_request.converted_to_draft",
    event: "pull_request",
    payload: () => pullRequestEvent("converted_to_draft", accounts.dev, agent),
    actor: { login: agent.login, kind: "agent" },
    target: { number: 42, author: { login: "dev", kind: "human" } },
  },
  {
    kind: "pull_request.synchronize",
    event: "pull_request",
    payload: () => pullRequestEvent("synchronize", agent),
    actor: { login: agent.login, kind: "agent" },
    target: { number: 42, sha: HEAD },
  },
  {
    kind: "pull_request.edited",
    event: "pull_request",
    payload: () =>
      pullRequestAs("edited", accounts.dev, agent, (p) => {
        p.pull_request.title = "Rewritten by the agent";
        p.changes = { title: { from: "Fix login" }, body: { from: "What the human wrote" } };
      }),
    actor: { login: agent.login, kind: "agent" },
    target: {
      number: 42,
      title: "Rewritten by the agent",
      changes: { title: "Fix login", body: "What the human wrote" },
      textAuthor: { login: "dev", kind: "human" },
    },
  },
  {
    kind: "pull_request.merged",
    event: "pull_request",
    payload: () =>
      pullRequestEvent("closed", agent, accounts.maint, (p) => {
        p.pull_request.merged = true;
        p.pull_request.merged_by = { ...accounts.maint };
        p.pull_request.merge_commit_sha = "m".repeat(40);
      }),
    actor: { login: "maint", kind: "human" },
    target: { number: 42, sha: "m".repeat(40), headSha: HEAD, author: { kind: "agent" } },
  },
  {
    kind: "pull_request.closed",
    event: "pull_request",
    payload: () => pullRequestEvent("closed", accounts.dev, agent),
    actor: { login: agent.login, kind: "agent" },
    target: { number: 42, author: { login: "dev" } },
  },
  {
    kind: "pull_request.labeled",
    event: "pull_request",
    payload: () => pullRequestEvent("labeled", agent, agent, (p) => (p.label = { ...p.label, name: "ready-to-merge" })),
    actor: { login: agent.login, kind: "agent" },
    target: { number: 42, label: "ready-to-merge" },
  },
  {
    kind: "pull_request.unlabeled",
    event: "pull_request",
    payload: () => pullRequestEvent("unlabeled", agent, agent, (p) => (p.label = { ...p.label, name: "agent:pending-approval" })),
    actor: { login: agent.login, kind: "agent" },
    target: { number: 42, label: "agent:pending-approval" },
  },
  {
    kind: "pull_request.auto_merge_enabled",
    event: "pull_request",
    payload: () =>
      pullRequestAs(
        "auto_merge_enabled",
        agent,
        agent,
        (p) => (p.pull_request.auto_merge = { enabled_by: { ...agent }, merge_method: "squash", commit_title: null, commit_message: null }),
      ),
    actor: { login: agent.login, kind: "agent" },
    target: { number: 42, sha: HEAD },
  },
  {
    kind: "pull_request.review_requested",
    event: "pull_request",
    payload: () => pullRequestEvent("review_requested", agent, agent, (p) => (p.requested_reviewer = { ...accounts.copilot })),
    actor: { login: agent.login, kind: "agent" },
    target: { number: 42, requestedReviewer: "Copilot" },
  },
  {
    kind: "pull_request.review_requested",
    event: "pull_request",
    payload: () =>
      pullRequestEvent("review_requested", agent, agent, (p) => {
        delete p.requested_reviewer;
        p.requested_team = { name: "Core", id: 9, node_id: "T_core", slug: "core" };
      }),
    actor: { login: agent.login, kind: "agent" },
    target: { requestedReviewer: "acme/core" },
  },
  {
    kind: "pull_request_review.submitted",
    event: "pull_request_review",
    payload: () =>
      example("pull_request_review", "submitted", (p) => {
        p.sender = { ...agent };
        p.review.user = { ...agent };
        p.review.state = "APPROVED";
      }),
    actor: { login: agent.login, kind: "agent" },
    target: { reviewState: "approved", commentAuthor: { kind: "agent" } },
  },
  {
    kind: "pull_request_review.edited",
    event: "pull_request_review",
    payload: () =>
      example("pull_request_review", "submitted", (p) => {
        p.action = "edited";
        p.sender = { ...agent };
        p.review.user = { ...accounts.maint };
        p.review.body = "LGTM after all";
        p.changes = { body: { from: "Needs work" } };
      }),
    actor: { login: agent.login, kind: "agent" },
    target: { body: "LGTM after all", changes: { body: "Needs work" }, textAuthor: { login: "maint", kind: "human" } },
  },
  {
    kind: "pull_request_review.dismissed",
    event: "pull_request_review",
    payload: () =>
      example("pull_request_review", "dismissed", (p) => {
        p.sender = { ...agent };
        p.review.id = 555;
        p.review.user = { ...accounts.maint };
        p.review.body = "Changes needed";
      }),
    actor: { login: agent.login, kind: "agent" },
    target: { reviewId: 555, reviewState: "dismissed", dismissedReview: { id: 555, author: { login: "maint", kind: "human" } } },
    // The review's body is its author's, not the dismisser's: it is neither the agent's text nor a command.
    absent: ["body", "commentAuthor"],
  },
  {
    kind: "pull_request_review_comment.created",
    event: "pull_request_review_comment",
    payload: () => example("pull_request_review_comment", "created", (p) => ((p.sender = { ...agent }), (p.comment.user = { ...agent }))),
    actor: { login: agent.login, kind: "agent" },
    target: { isPullRequest: true, commentAuthor: { kind: "agent" } },
  },
  {
    kind: "pull_request_review_comment.edited",
    event: "pull_request_review_comment",
    payload: () =>
      example("pull_request_review_comment", "created", (p) => {
        p.action = "edited";
        p.sender = { ...agent };
        p.comment.user = { ...accounts.dev };
        p.changes = { body: { from: "the human's remark" } };
      }),
    actor: { login: agent.login, kind: "agent" },
    target: { changes: { body: "the human's remark" }, textAuthor: { login: "dev", kind: "human" } },
  },
  {
    kind: "issue_comment.created",
    event: "issue_comment",
    payload: () => example("issue_comment", "created", (p) => ((p.sender = { ...agent }), (p.comment.user = { ...agent }))),
    actor: { login: agent.login, kind: "agent" },
    target: { commentAuthor: { kind: "agent" } },
  },
  {
    kind: "issue_comment.edited",
    event: "issue_comment",
    payload: () =>
      example("issue_comment", "edited", (p) => {
        p.sender = { ...agent };
        p.comment.user = { ...accounts.maint };
        p.changes = { body: { from: "please do not merge" } };
      }),
    actor: { login: agent.login, kind: "agent" },
    target: { changes: { body: "please do not merge" }, textAuthor: { login: "maint", kind: "human" } },
  },
  {
    kind: "discussion.created",
    event: "discussion",
    payload: () => discussionEvent("created", agent, agent),
    actor: { login: agent.login, kind: "agent" },
    target: {
      number: 90,
      nodeId: "D_kw90",
      title: "Welcome to discussions!",
      body: "We're glad to have you here!",
      repositoryNodeId: "R_widgets",
      categoryNodeId: "DIC_general",
    },
  },
  {
    kind: "discussion.edited",
    event: "discussion",
    payload: () =>
      discussionEvent(
        "edited",
        agent,
        accounts.dev,
        (p) => (p.changes = { title: { from: "TEST" }, body: { from: "the human's question" } }),
      ),
    actor: { login: agent.login, kind: "agent" },
    target: {
      number: 90,
      changes: { title: "TEST", body: "the human's question" },
      textAuthor: { login: "dev", kind: "human" },
      author: { login: "dev" },
    },
  },
  {
    kind: "discussion_comment.created",
    event: "discussion_comment",
    payload: () => example("discussion_comment", "created", (p) => ((p.sender = { ...agent }), (p.comment.user = { ...agent }))),
    actor: { login: agent.login, kind: "agent" },
    target: { commentAuthor: { kind: "agent" } },
  },
  {
    kind: "discussion_comment.edited",
    event: "discussion_comment",
    payload: () =>
      example(
        "discussion_comment",
        "edited",
        (p) => ((p.sender = { ...agent }), (p.comment.user = { ...accounts.dev }), (p.changes = { body: { from: "before" } })),
      ),
    actor: { login: agent.login, kind: "agent" },
    target: { changes: { body: "before" }, textAuthor: { login: "dev", kind: "human" } },
  },
  {
    kind: "discussion_comment.deleted",
    event: "discussion_comment",
    payload: () => example("discussion_comment", "deleted", (p) => ((p.sender = { ...agent }), (p.comment.user = { ...accounts.dev }))),
    actor: { login: agent.login, kind: "agent" },
    target: { commentId: 550062, body: "ANSWER", textAuthor: { login: "dev", kind: "human" } },
  },
  {
    kind: "commit_comment.created",
    event: "commit_comment",
    payload: () =>
      example(
        "commit_comment",
        "created",
        (p) => ((p.sender = { ...agent }), (p.comment.user = { ...agent }), (p.installation = { id: 4242 })),
      ),
    actor: { login: agent.login, kind: "agent" },
    target: {
      commentId: 33548674,
      sha: "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
      body: "This is a really good change! :+1:",
      commentAuthor: { kind: "agent" },
    },
  },
  {
    kind: "issues.opened",
    event: "issues",
    payload: () => issuesEvent("opened", agent, agent),
    actor: { login: agent.login, kind: "agent" },
    target: { number: 7, title: "Crash on start" },
  },
  {
    kind: "issues.reopened",
    event: "issues",
    payload: () => issuesEvent("reopened", agent, accounts.dev),
    actor: { login: agent.login, kind: "agent" },
    target: { number: 7, author: { login: "dev" } },
  },
  {
    kind: "issues.edited",
    event: "issues",
    payload: () => issuesEvent("edited", agent, accounts.dev, (p) => (p.changes = { body: { from: "the human's report" } })),
    actor: { login: agent.login, kind: "agent" },
    target: { number: 7, body: "steps to reproduce", changes: { body: "the human's report" }, textAuthor: { login: "dev", kind: "human" } },
  },
  {
    kind: "issues.closed",
    event: "issues",
    payload: () => issuesEvent("closed", agent, accounts.dev),
    actor: { login: agent.login, kind: "agent" },
    target: { number: 7, isPullRequest: false, author: { login: "dev", kind: "human" } },
  },
  {
    kind: "issues.labeled",
    event: "issues",
    payload: () => issuesEvent("labeled", agent, accounts.dev),
    actor: { login: agent.login, kind: "agent" },
    target: { number: 7, label: "bug" },
  },
  {
    kind: "issues.unlabeled",
    event: "issues",
    payload: () => issuesEvent("unlabeled", agent, accounts.dev),
    actor: { login: agent.login, kind: "agent" },
    target: { number: 7, label: "bug" },
  },
  {
    kind: "issues.assigned",
    event: "issues",
    payload: () => issuesEvent("assigned", agent, accounts.dev, (p) => (p.assignee = { ...accounts.copilot })),
    actor: { login: agent.login, kind: "agent" },
    target: { number: 7, assignee: "Copilot" },
  },
  {
    kind: "issues.transferred",
    event: "issues",
    payload: () => issuesEvent("transferred", agent, accounts.dev, (p) => (p.changes.new_repository.full_name = "elsewhere/dump")),
    actor: { login: agent.login, kind: "agent" },
    target: { number: 7, transferredTo: "elsewhere/dump" },
  },
  {
    kind: "issues.deleted",
    event: "issues",
    payload: () => issuesEvent("deleted", agent, accounts.dev),
    actor: { login: agent.login, kind: "agent" },
    target: { number: 7, body: "steps to reproduce", author: { login: "dev" } },
  },
  {
    kind: "push",
    event: "push",
    payload: () => example("push", undefined, (p) => ((p.sender = { ...agent }), (p.ref = "refs/heads/copilot/fix"))),
    actor: { login: agent.login, kind: "agent" },
    target: { ref: "refs/heads/copilot/fix", toDefaultBranch: false },
  },
  {
    kind: "create",
    event: "create",
    payload: () => example("create", undefined, (p) => ((p.sender = { ...agent }), (p.ref = "copilot/fix"), (p.ref_type = "branch"))),
    actor: { login: agent.login, kind: "agent" },
    target: { ref: "copilot/fix", refType: "branch" },
  },
  {
    kind: "delete",
    event: "delete",
    payload: () => example("delete", undefined, (p) => (p.sender = { ...agent })),
    actor: { login: agent.login, kind: "agent" },
    target: { ref: "simple-tag", refType: "tag" },
  },
  {
    kind: "release.created",
    event: "release",
    payload: () => releaseEvent("created", agent, (p) => (p.release.draft = true)),
    actor: { login: agent.login, kind: "agent" },
    target: { releaseId: 17, releaseDraft: true, ref: "v1.2.0", title: "Spring release" },
  },
  {
    kind: "release.edited",
    event: "release",
    payload: () => releaseEvent("edited", agent, (p) => (p.release.author = { ...accounts.maint })),
    actor: { login: agent.login, kind: "agent" },
    target: { releaseId: 17, releaseDraft: false, changes: { title: "FOO", body: "" }, textAuthor: { login: "maint", kind: "human" } },
  },
  {
    kind: "release.published",
    event: "release",
    payload: () => releaseEvent("published", agent),
    actor: { login: agent.login, kind: "agent" },
    target: { releaseId: 17, releaseDraft: false, ref: "v1.2.0" },
  },
  {
    kind: "release.deleted",
    event: "release",
    payload: () => releaseEvent("deleted", agent),
    actor: { login: agent.login, kind: "agent" },
    target: { releaseId: 17, ref: "v1.2.0" },
  },
  {
    kind: "workflow_dispatch",
    event: "workflow_dispatch",
    payload: () => example("workflow_dispatch", undefined, (p) => (p.sender = { ...agent })),
    actor: { login: agent.login, kind: "agent" },
    target: { workflow: ".github/workflows/hello-world-workflow.yml", ref: "refs/heads/main" },
  },
  {
    kind: "workflow_run.requested",
    event: "workflow_run",
    // A person's run re-run by the agent: the re-run's triggering actor is who started it.
    payload: () =>
      example("workflow_run", "requested", (p) => {
        p.sender = { ...accounts.dev };
        p.workflow_run.actor = { ...accounts.dev };
        p.workflow_run.triggering_actor = { ...agent };
      }),
    actor: { login: agent.login, kind: "agent" },
    target: { runId: 289782451, workflow: ".github/workflows/test.yml", sha: "3484a3fb816e0859fd6e1cea078d76385ff50625" },
  },
  {
    kind: "workflow_run.requested",
    event: "workflow_run",
    payload: () =>
      example("workflow_run", "requested", (p) => {
        p.workflow_run.actor = { ...agent };
        p.workflow_run.triggering_actor = null;
      }),
    actor: { login: agent.login, kind: "agent" },
    target: { runId: 289782451 },
  },
  {
    kind: "check_run.rerequested",
    event: "check_run",
    payload: () => checkRunEvent(accounts.maint),
    actor: { login: "maint", kind: "human" },
    target: { checkName: "agent-guardrails", sha: HEAD, pullNumbers: [42] },
  },
  {
    kind: "check_run.rerequested",
    event: "check_run",
    payload: () => checkRunEvent(agent, (p) => (p.check_run.pull_requests = [])),
    actor: { login: agent.login, kind: "agent" },
    target: { checkName: "agent-guardrails", pullNumbers: [] },
  },
];

describe("normalize: every action kind, from its webhook", () => {
  test("every kind in ACTION_KINDS has a row here", () => {
    expect([...new Set(ROWS.map((r) => r.kind))].sort()).toEqual([...ACTION_KINDS].sort());
  });

  test.each(ROWS.map((row) => [`${row.kind} by ${row.actor.login}`, row] as const))("%s", (_name, row) => {
    const action = normalize(row.event, "d1", row.payload(), ctx);
    expect(action).toMatchObject({
      kind: row.kind,
      event: row.event,
      actor: row.actor,
      repo: { owner: "acme", repo: "widgets" },
      target: row.target,
    });
    for (const key of row.absent ?? []) expect(action?.target).not.toHaveProperty(key);
  });
});

describe("normalize: what costs nothing (null)", () => {
  const byDev = (p: Json) => {
    p.sender = { ...accounts.dev };
  };
  test.each([
    [
      "a human edits an agent's PR",
      "pull_request",
      () => pullRequestAs("edited", agent, accounts.dev, (p) => (p.changes = { title: { from: "x" } })),
    ],
    ["a human labels an agent's PR", "pull_request", () => pullRequestEvent("labeled", agent, accounts.dev)],
    ["a human closes a human's PR", "pull_request", () => pullRequestEvent("closed", accounts.dev, accounts.maint)],
    ["a human dismisses a review", "pull_request_review", () => example("pull_request_review", "dismissed", byDev)],
    ["a human edits an issue", "issues", () => issuesEvent("edited", accounts.dev, agent)],
    ["a human closes an agent's issue", "issues", () => issuesEvent("closed", accounts.dev, agent)],
    ["an agent milestones an issue (no row)", "issues", () => example("issues", "milestoned", (p) => (p.sender = { ...agent }))],
    ["a human opens a discussion", "discussion", () => discussionEvent("created", accounts.dev, accounts.dev)],
    ["an agent pins a discussion (no row)", "discussion", () => discussionEvent("pinned", agent, agent)],
    [
      "a human deletes a discussion comment carrying a command",
      "discussion_comment",
      () => example("discussion_comment", "deleted", (p) => ((p.sender = { ...accounts.maint }), (p.comment.body = "/guardrails approve"))),
    ],
    ["a human comments on a commit", "commit_comment", () => example("commit_comment", "created", byDev)],
    ["a human publishes a release", "release", () => releaseEvent("published", accounts.dev)],
    ["an agent's prerelease (published covers it)", "release", () => releaseEvent("prereleased", agent)],
    ["a human creates a tag", "create", () => example("create", undefined, byDev)],
    ["a human dispatches a workflow", "workflow_dispatch", () => example("workflow_dispatch", undefined, byDev)],
    [
      "a human's workflow run",
      "workflow_run",
      () =>
        example(
          "workflow_run",
          "requested",
          (p) => ((p.workflow_run.triggering_actor = { ...accounts.dev }), (p.workflow_run.actor = { ...accounts.dev })),
        ),
    ],
    [
      "an agent's run completing",
      "workflow_run",
      () =>
        example(
          "workflow_run",
          "completed",
          (p) => ((p.workflow_run.triggering_actor = { ...agent }), (p.workflow_run.actor = { ...agent })),
        ),
    ],
    ["Re-run on another check", "check_run", () => checkRunEvent(accounts.maint, (p) => (p.check_run.name = "ci / test"))],
    [
      "Re-run on another app's check of the same name",
      "check_run",
      () => checkRunEvent(accounts.maint, (p) => (p.check_run.app.slug = "impostor")),
    ],
    ["our check created", "check_run", () => checkRunEvent(accounts.app, (p) => (p.action = "created"))],
  ])("%s", (_name, event, payload) => {
    expect(normalize(event, "d1", payload(), ctx)).toBeNull();
  });

  test.each([
    ["the app's own release", "release", () => releaseEvent("published", accounts.app)],
    ["the app re-running its own check", "check_run", () => checkRunEvent(accounts.app)],
    [
      "a run the app started",
      "workflow_run",
      () =>
        example(
          "workflow_run",
          "requested",
          (p) => ((p.workflow_run.triggering_actor = { ...accounts.app }), (p.sender = { ...accounts.dev })),
        ),
    ],
  ])("events this app caused: %s", (_name, event, payload) => {
    expect(normalize(event, "d1", payload(), { ...ctx, agents: [...ctx.agents, "*[bot]"] })).toBeNull();
  });

  test("a Re-run when the check's app is not named is taken as ours (the name decides)", () => {
    expect(
      normalize(
        "check_run",
        "d1",
        checkRunEvent(accounts.maint, (p) => delete p.check_run.app),
        ctx,
      )?.kind,
    ).toBe("check_run.rerequested");
  });

  test("a deleted comment's text is evidence, never parsed as a command", () => {
    const payload = example("discussion_comment", "deleted", (p) => ((p.sender = { ...agent }), (p.comment.body = "/guardrails approve")));
    expect(normalize("discussion_comment", "d1", payload, ctx)?.commands).toBeUndefined();
  });

  test("an agent closing a deleted account's issue (user: null) is still audited, its author the ghost", () => {
    const action = normalize(
      "issues",
      "d1",
      issuesEvent("closed", agent, accounts.dev, (p) => (p.issue.user = null)),
      ctx,
    );
    expect(action).toMatchObject({ kind: "issues.closed", target: { author: { login: "ghost", kind: "human" } } });
  });

  test("an edit that changed neither title nor body carries no changes", () => {
    expect(
      normalize(
        "issues",
        "d1",
        issuesEvent("edited", agent, accounts.dev, (p) => (p.changes = {})),
        ctx,
      )?.target.changes,
    ).toBeUndefined();
  });
});
