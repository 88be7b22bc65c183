import { fakeSha } from "../../src/sim/fake-sha.js";
import type { StandIn } from "../../src/sim/github-stand-in.js";
import { accounts, amokAgent, example, pullRequestEvent, pushEvent, reviewCommentEvent } from "../fixtures/webhook-examples.js";
import { expect } from "@jest/globals";
import { ROW_AGENT, ROW_CONFIG, type RowCase, type RowEvent } from "./row-case.js";

// The pull request rows of the permission table (src/policy/action-table.ts): the agent's PR
// lifecycle, its reviews and review comments, its pushes and a Re-run of the gate, each through the
// real app against the stand-in, with the audit row and the writes GitHub receives.

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const agent = accounts.agent;
const HEAD = "42aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
/** The default branch's first tip in the stand-in (src/sim/resources/git.ts). */
const MAIN_TIP = fakeSha("acme/widgets:heads/main");
const stranger = { login: "stranger", id: 5005, node_id: "U_stranger", type: "User" };

/** GitHub's state as the stand-in answers it over REST. */
async function github(standIn: StandIn, path: string): Promise<Json> {
  const res = await fetch(`${standIn.url}${path}`, {
    headers: { authorization: "token test-token", accept: "application/vnd.github+json" },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Json;
}
const labelsOf42 = async (standIn: StandIn) =>
  ((await github(standIn, "/repos/acme/widgets/issues/42/labels")) as unknown as { name: string }[]).map((l) => l.name);
/** The conclusion of the newest `agent-guardrails` check on the head. */
async function gateOf(standIn: StandIn, sha = HEAD): Promise<string> {
  const runs = (
    (await github(standIn, `/repos/acme/widgets/commits/${sha}/check-runs?check_name=agent-guardrails`)).check_runs as Json[]
  ).sort((a, b) => b.id - a.id);
  return runs[0]!.conclusion as string;
}

const pr = (action: string, author: Json = agent, sender: Json = author, patch: (p: Json) => void = () => {}): RowEvent => ({
  name: "pull_request",
  payload: pullRequestEvent(action, author, sender, patch),
});

/** A pull_request action the examples lack (edited, auto_merge_enabled, merged): the opened one, relabelled. */
const prAs = (action: string, author: Json, sender: Json, patch: (p: Json) => void = () => {}): RowEvent =>
  pr("opened", author, sender, (p) => ((p.action = action), patch(p)));

/** The agent's PR #42 opened: the stand-in knows it, the gate is on it. */
const agentPrOpened = pr("opened");
const humanPrOpened = pr("opened", accounts.dev);

const HALT: RowEvent = {
  name: "issue_comment",
  payload: example("issue_comment", "created", (p) => {
    p.sender = { ...accounts.maint };
    p.issue.number = 42;
    p.issue.user = { ...agent };
    p.issue.html_url = "https://github.com/acme/widgets/pull/42";
    p.issue.pull_request = {
      url: "https://api.github.com/repos/acme/widgets/pulls/42",
      html_url: "https://github.com/acme/widgets/pull/42",
    };
    p.comment.id = 1009000;
    p.comment.node_id = "IC_kw1009000";
    p.comment.html_url = "https://github.com/acme/widgets/pull/42#issuecomment-1009000";
    p.comment.body = `/guardrails halt @${agent.login}`;
    p.comment.user = { ...accounts.maint };
  }),
};

const review = (action: string, sender: Json, patch: (p: Json) => void = () => {}): RowEvent => ({
  name: "pull_request_review",
  payload: example("pull_request_review", action === "edited" ? "submitted" : action, (p) => {
    p.action = action;
    p.sender = { ...sender };
    p.pull_request.number = 42;
    p.pull_request.node_id = "PR_kw42";
    p.pull_request.html_url = "https://github.com/acme/widgets/pull/42";
    p.pull_request.user = { ...agent };
    p.pull_request.head.sha = HEAD;
    p.pull_request.base.ref = "main";
    p.review.id = 555;
    p.review.node_id = "PRR_kw555";
    p.review.html_url = "https://github.com/acme/widgets/pull/42#pullrequestreview-555";
    p.review.commit_id = HEAD;
    p.review.user = { ...sender };
    patch(p);
  }),
});

const reviewComment = (sender: Json, opts: Parameters<typeof reviewCommentEvent>[1]): RowEvent => ({
  name: "pull_request_review_comment",
  payload: reviewCommentEvent(sender, opts),
});

const rerun = (sender: Json): RowEvent => ({
  name: "check_run",
  payload: example("check_run", "rerequested", (p) => {
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
  }),
});

const approve: RowEvent = {
  name: "issue_comment",
  payload: example("issue_comment", "created", (p) => {
    p.sender = { ...accounts.maint };
    p.issue.number = 42;
    p.issue.user = { ...agent };
    p.issue.html_url = "https://github.com/acme/widgets/pull/42";
    p.issue.pull_request = {
      url: "https://api.github.com/repos/acme/widgets/pulls/42",
      html_url: "https://github.com/acme/widgets/pull/42",
    };
    p.comment.id = 1008000;
    p.comment.node_id = "IC_kw1008000";
    p.comment.html_url = "https://github.com/acme/widgets/pull/42#issuecomment-1008000";
    p.comment.body = "/guardrails approve";
    p.comment.user = { ...accounts.maint };
  }),
};

const NEW_HEAD = "43bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

/** The agent's PR #42 merged (GitHub sends `closed` with `merged: true`) by `merger`. */
const merged = (merger: Json): RowEvent =>
  pr("closed", agent, merger, (p) => {
    p.pull_request.state = "closed";
    p.pull_request.merged = true;
    p.pull_request.merged_by = { ...merger };
    p.pull_request.merge_commit_sha = "4d".padEnd(40, "d");
  });

/** The agent rewriting dev's review comment 7004: the comment stays dev's, the sender is the agent. */
const humanReviewCommentEdited: RowEvent = {
  name: "pull_request_review_comment",
  payload: reviewCommentEvent(agent, { number: 42, commentId: 7004, action: "edited", body: "rewritten by the agent" }),
};
humanReviewCommentEdited.payload.comment.user = { ...accounts.dev };
humanReviewCommentEdited.payload.changes = { body: { from: "the human's remark" } };

/** The default branch's tree is the one before the agent's push again (a revert commit on top). */
async function mainIsBack(standIn: StandIn): Promise<void> {
  const tip = (await github(standIn, "/repos/acme/widgets/git/ref/heads/main")).object.sha as string;
  expect(tip).not.toBe(MAIN_TIP);
  expect((await github(standIn, `/repos/acme/widgets/git/commits/${tip}`)).tree.sha).toBe(
    (await github(standIn, `/repos/acme/widgets/git/commits/${MAIN_TIP}`)).tree.sha,
  );
}

/** The variables of the newest GraphQL request (which node a mutation was about). */
function lastGraphqlVariables(standIn: StandIn): Record<string, unknown> | undefined {
  return standIn.requests.filter((r) => r.path === "/graphql").at(-1)?.variables;
}

export const pullRequestRows: readonly RowCase[] = [
  {
    kind: "pull_request.opened",
    name: "an agent's PR: converted to draft, labelled agent:pending-approval, check action_required until approved",
    event: agentPrOpened,
    audit: { action: "pull_request.opened", verdict: "gate", actor: agent.login },
    writes: ["POST /graphql convertPullRequestToDraft", "POST /repos/acme/widgets/issues/42/labels", "POST /repos/acme/widgets/check-runs"],
    check: async (standIn) => {
      expect((await github(standIn, "/repos/acme/widgets/pulls/42")).draft).toBe(true);
      expect(await labelsOf42(standIn)).toContain("agent:pending-approval");
      expect(await gateOf(standIn)).toBe("action_required");
    },
  },
  {
    kind: "pull_request.opened",
    name: "while the agent is halted: closed and labelled agent:halted on arrival",
    before: [HALT],
    event: agentPrOpened,
    audit: { action: "pull_request.opened", verdict: "contained", actor: agent.login },
    writes: ["PATCH /repos/acme/widgets/pulls/42", "POST /repos/acme/widgets/issues/42/labels"],
    check: async (standIn) => {
      expect((await github(standIn, "/repos/acme/widgets/pulls/42")).state).toBe("closed");
      expect(await labelsOf42(standIn)).toContain("agent:halted");
    },
  },
  {
    kind: "pull_request.opened",
    name: "a human's PR: one passing check, nothing else",
    event: humanPrOpened,
    audit: { action: "pull_request.opened", verdict: "allow", actor: "dev" },
    writes: ["POST /repos/acme/widgets/check-runs"],
    check: async (standIn) => expect(await gateOf(standIn)).toBe("success"),
  },
  {
    kind: "pull_request.reopened",
    name: "an agent reopening its PR: as opened",
    before: [agentPrOpened],
    event: pr("reopened"),
    audit: { action: "pull_request.reopened", verdict: "gate", actor: agent.login },
    writes: ["POST /graphql convertPullRequestToDraft", "POST /repos/acme/widgets/issues/42/labels", "POST /repos/acme/widgets/check-runs"],
    check: async (standIn) => expect(await gateOf(standIn)).toBe("action_required"),
  },
  {
    kind: "pull_request.ready_for_review",
    name: "an agent marking its PR ready: converted back to draft",
    before: [agentPrOpened],
    event: pr("ready_for_review"),
    audit: { action: "pull_request.ready_for_review", verdict: "gate", actor: agent.login },
    writes: ["POST /graphql convertPullRequestToDraft"],
    check: async (standIn) => expect((await github(standIn, "/repos/acme/widgets/pulls/42")).draft).toBe(true),
  },
  {
    kind: "pull_request.converted_to_draft",
    name: "an agent drafting its PR: audited",
    before: [agentPrOpened],
    event: pr("converted_to_draft", agent, agent, (p) => (p.pull_request.draft = true)),
    audit: { action: "pull_request.converted_to_draft", verdict: "allow", actor: agent.login },
    writes: [],
  },
  {
    kind: "pull_request.synchronize",
    name: "an agent pushing to its PR: the check back to action_required for the new head",
    before: [agentPrOpened, approve],
    event: pr("synchronize", agent, agent, (p) => (p.pull_request.head.sha = NEW_HEAD)),
    audit: { action: "pull_request.synchronize", verdict: "gate", actor: agent.login },
    writes: ["POST /repos/acme/widgets/issues/42/labels", "POST /repos/acme/widgets/check-runs"],
    check: async (standIn) => {
      expect(await gateOf(standIn)).toBe("success");
      expect(await gateOf(standIn, NEW_HEAD)).toBe("action_required");
    },
  },
  {
    kind: "pull_request.edited",
    name: "the agent retitling its own PR: policy.comment hide flags it (a title cannot be minimized)",
    before: [agentPrOpened],
    event: prAs("edited", agent, agent, (p) => ((p.pull_request.title = "New title"), (p.changes = { title: { from: "Old title" } }))),
    audit: { action: "pull_request.edited", verdict: "gate", actor: agent.login },
    writes: ["POST /repos/acme/widgets/issues/42/labels"],
    check: async (standIn) => expect(await labelsOf42(standIn)).toContain("agent:flagged"),
  },
  {
    kind: "pull_request.edited",
    name: "the agent rewriting a human's PR description: restored from changes.body.from, trips tamper",
    before: [humanPrOpened],
    event: prAs(
      "edited",
      accounts.dev,
      agent,
      (p) => ((p.pull_request.body = "rewritten by the agent"), (p.changes = { body: { from: "the human's description" } })),
    ),
    audit: { action: "pull_request.edited", verdict: "violation", actor: agent.login, trip: "tamper" },
    writesInclude: ["PATCH /repos/acme/widgets/issues/42"],
    check: async (standIn) => expect((await github(standIn, "/repos/acme/widgets/pulls/42")).body).toBe("the human's description"),
  },
  {
    kind: "pull_request.edited",
    name: "an edit that changes no title or body (the base branch): audited",
    before: [agentPrOpened],
    event: prAs("edited", agent, agent, (p) => (p.changes = { base: { ref: { from: "develop" }, sha: { from: "c".repeat(40) } } })),
    audit: { action: "pull_request.edited", verdict: "allow", actor: agent.login },
    writes: [],
  },
  {
    kind: "pull_request.merged",
    name: "the agent merging its PR: reverted by a revert PR, trips merge",
    before: [agentPrOpened],
    event: merged(agent),
    audit: { action: "pull_request.merged", verdict: "contained", actor: agent.login, trip: "merge" },
    writesInclude: ["POST /graphql revertPullRequest"],
  },
  {
    kind: "pull_request.merged",
    name: "a maintainer merging the agent's PR: allowed, audited with who merged and the head",
    before: [agentPrOpened],
    event: merged(accounts.maint),
    audit: { action: "pull_request.merged", verdict: "allow", actor: "maint" },
    writes: [],
  },
  {
    kind: "pull_request.closed",
    name: "the agent closing its own PR: audited",
    before: [agentPrOpened],
    event: pr("closed", agent, agent, (p) => (p.pull_request.state = "closed")),
    audit: { action: "pull_request.closed", verdict: "allow", actor: agent.login },
    writes: [],
  },
  {
    kind: "pull_request.closed",
    name: "the agent closing a human's PR: labelled agent:flagged",
    before: [humanPrOpened],
    event: pr("closed", accounts.dev, agent, (p) => (p.pull_request.state = "closed")),
    audit: { action: "pull_request.closed", verdict: "gate", actor: agent.login },
    writes: ["POST /repos/acme/widgets/issues/42/labels"],
    check: async (standIn) => expect(await labelsOf42(standIn)).toContain("agent:flagged"),
  },
  {
    kind: "pull_request.closed",
    name: "a maintainer closing the agent's PR: audited",
    before: [agentPrOpened],
    event: pr("closed", agent, accounts.maint, (p) => (p.pull_request.state = "closed")),
    audit: { action: "pull_request.closed", verdict: "allow", actor: "maint" },
    writes: [],
  },
  {
    kind: "pull_request.labeled",
    name: "the agent labelling its PR: audited",
    before: [agentPrOpened],
    event: pr("labeled", agent, agent, (p) => (p.label = { ...p.label, name: "enhancement" })),
    audit: { action: "pull_request.labeled", verdict: "allow", actor: agent.login },
    writes: [],
  },
  {
    kind: "pull_request.unlabeled",
    name: "the agent removing agent:pending-approval: restored, trips tamper",
    before: [agentPrOpened],
    event: pr("unlabeled", agent, agent, (p) => ((p.label = { ...p.label, name: "agent:pending-approval" }), (p.pull_request.labels = []))),
    audit: { action: "pull_request.unlabeled", verdict: "violation", actor: agent.login, trip: "tamper" },
    writesInclude: ["POST /repos/acme/widgets/issues/42/labels"],
    check: async (standIn) => expect(await labelsOf42(standIn)).toContain("agent:pending-approval"),
  },
  {
    kind: "pull_request.unlabeled",
    name: "the agent removing another label: audited",
    before: [agentPrOpened],
    event: pr("unlabeled", agent, agent, (p) => (p.label = { ...p.label, name: "enhancement" })),
    audit: { action: "pull_request.unlabeled", verdict: "allow", actor: agent.login },
    writes: [],
  },
  {
    kind: "pull_request.auto_merge_enabled",
    name: "the agent enabling auto-merge: disabled, trips tamper",
    before: [agentPrOpened],
    event: prAs(
      "auto_merge_enabled",
      agent,
      agent,
      (p) => (p.pull_request.auto_merge = { enabled_by: { ...agent }, merge_method: "squash", commit_title: null, commit_message: null }),
    ),
    audit: { action: "pull_request.auto_merge_enabled", verdict: "violation", actor: agent.login, trip: "tamper" },
    writesInclude: ["POST /graphql disablePullRequestAutoMerge"],
    check: async (standIn) => expect((await github(standIn, "/repos/acme/widgets/pulls/42")).auto_merge).toBeNull(),
  },
  {
    kind: "pull_request.review_requested",
    // On a human's PR: GitHub refuses a review request from a PR's own author.
    name: "the agent requesting its own review on a human's PR: the request removed, trips tamper",
    before: [humanPrOpened],
    event: pr(
      "review_requested",
      accounts.dev,
      agent,
      (p) => ((p.requested_reviewer = { ...agent }), (p.pull_request.requested_reviewers = [{ ...agent }])),
    ),
    audit: { action: "pull_request.review_requested", verdict: "violation", actor: agent.login, trip: "tamper" },
    writesInclude: ["DELETE /repos/acme/widgets/pulls/42/requested_reviewers"],
    check: async (standIn) => expect((await github(standIn, "/repos/acme/widgets/pulls/42/requested_reviewers")).users).toEqual([]),
  },
  {
    kind: "pull_request.review_requested",
    name: "the agent requesting a team's review: audited",
    before: [agentPrOpened],
    event: pr(
      "review_requested",
      agent,
      agent,
      (p) => (p.requested_team = { name: "Core", id: 77, node_id: "T_core", slug: "core", privacy: "closed", permission: "push" }),
    ),
    audit: { action: "pull_request.review_requested", verdict: "allow", actor: agent.login },
    writes: [],
  },
  {
    kind: "pull_request.review_requested",
    name: "the agent requesting another agent's review: the request removed, trips tamper",
    config: ["owner: maint", `agents: ["${ROW_AGENT}", "Copilot", "${amokAgent.login}"]`, "approvers: write"].join("\n"),
    before: [agentPrOpened],
    event: pr(
      "review_requested",
      agent,
      agent,
      (p) => ((p.requested_reviewer = { ...amokAgent }), (p.pull_request.requested_reviewers = [{ ...amokAgent }])),
    ),
    audit: { action: "pull_request.review_requested", verdict: "violation", actor: agent.login, trip: "tamper" },
    writesInclude: ["DELETE /repos/acme/widgets/pulls/42/requested_reviewers"],
    check: async (standIn) => expect((await github(standIn, "/repos/acme/widgets/pulls/42/requested_reviewers")).users).toEqual([]),
  },
  {
    kind: "pull_request.review_requested",
    name: "the agent requesting a human's review: audited",
    before: [agentPrOpened],
    event: pr("review_requested", agent, agent, (p) => (p.requested_reviewer = { ...accounts.dev })),
    audit: { action: "pull_request.review_requested", verdict: "allow", actor: agent.login },
    writes: [],
  },
  {
    kind: "pull_request_review.submitted",
    name: "the agent approving a human's PR: the approval dismissed, trips tamper",
    before: [humanPrOpened],
    event: review(
      "submitted",
      agent,
      (p) => ((p.pull_request.user = { ...accounts.dev }), (p.review.state = "approved"), (p.review.body = null)),
    ),
    audit: { action: "pull_request_review.submitted", verdict: "violation", actor: agent.login, trip: "tamper" },
    writesInclude: ["PUT /repos/acme/widgets/pulls/42/reviews/555/dismissals"],
    check: async (standIn) =>
      expect(((await github(standIn, "/repos/acme/widgets/pulls/42/reviews")) as unknown as Json[]).map((r) => r.state)).toEqual([
        "DISMISSED",
      ]),
  },
  {
    kind: "pull_request_review.submitted",
    name: "the agent's commenting review: its body hidden (policy.comment: hide)",
    before: [humanPrOpened],
    event: review(
      "submitted",
      agent,
      (p) => ((p.pull_request.user = { ...accounts.dev }), (p.review.state = "commented"), (p.review.body = "Looks fine to me")),
    ),
    audit: { action: "pull_request_review.submitted", verdict: "gate", actor: agent.login },
    writes: ["POST /graphql minimizeComment"],
    check: (standIn) => expect(lastGraphqlVariables(standIn)).toMatchObject({ subjectId: "PRR_kw555" }),
  },
  {
    kind: "pull_request_review.edited",
    name: "the agent editing its review's body: the body follows policy.comment (hidden)",
    before: [humanPrOpened],
    event: review(
      "edited",
      agent,
      (p) => (
        (p.pull_request.user = { ...accounts.dev }),
        (p.review.state = "commented"),
        (p.review.body = "Edited opinion"),
        (p.changes = { body: { from: "First opinion" } })
      ),
    ),
    audit: { action: "pull_request_review.edited", verdict: "gate", actor: agent.login },
    writes: ["POST /graphql minimizeComment"],
    check: (standIn) => expect(lastGraphqlVariables(standIn)).toMatchObject({ subjectId: "PRR_kw555" }),
  },
  {
    kind: "pull_request_review.dismissed",
    name: "the agent dismissing a maintainer's review: the gate back to action_required, a comment names it, trips tamper",
    before: [agentPrOpened, approve],
    event: review(
      "dismissed",
      agent,
      (p) => ((p.review.user = { ...accounts.maint }), (p.review.state = "dismissed"), (p.review.body = "Changes needed")),
    ),
    audit: { action: "pull_request_review.dismissed", verdict: "violation", actor: agent.login, trip: "tamper" },
    writesInclude: ["POST /repos/acme/widgets/check-runs", "POST /repos/acme/widgets/issues/42/comments"],
    check: async (standIn) => {
      expect(await gateOf(standIn)).toBe("action_required");
      const comments = (await github(standIn, "/repos/acme/widgets/issues/42/comments")) as unknown as Json[];
      expect(comments.at(-1)!.body).toMatch(/review.*555|555.*review/s);
    },
  },
  {
    kind: "pull_request_review_comment.created",
    name: "the agent's review comment: hidden until approved",
    before: [humanPrOpened],
    event: reviewComment(agent, { number: 42, commentId: 7001 }),
    audit: { action: "pull_request_review_comment.created", verdict: "gate", actor: agent.login },
    writes: ["POST /graphql minimizeComment"],
    check: (standIn) => expect(lastGraphqlVariables(standIn)).toMatchObject({ subjectId: "PRRC_7001" }),
  },
  {
    kind: "pull_request_review_comment.created",
    name: "the agent's review comment in an outsider's PR: deleted and held",
    event: reviewComment(agent, { number: 43, commentId: 7002, prAuthor: stranger, association: "NONE" }),
    audit: { action: "pull_request_review_comment.created", verdict: "gate", actor: agent.login },
    writes: ["DELETE /repos/acme/widgets/pulls/comments/7002"],
  },
  {
    kind: "pull_request_review_comment.edited",
    name: "the agent editing its own review comment: as created (hidden)",
    before: [humanPrOpened, reviewComment(agent, { number: 42, commentId: 7003 })],
    event: reviewComment(agent, { number: 42, commentId: 7003, action: "edited", body: "edited by the agent" }),
    audit: { action: "pull_request_review_comment.edited", verdict: "gate", actor: agent.login },
    writes: ["POST /graphql minimizeComment"],
  },
  {
    kind: "pull_request_review_comment.edited",
    name: "the agent editing a human's review comment: restored, trips tamper",
    before: [humanPrOpened, reviewComment(accounts.dev, { number: 42, commentId: 7004, body: "the human's remark" })],
    event: humanReviewCommentEdited,
    audit: { action: "pull_request_review_comment.edited", verdict: "violation", actor: agent.login, trip: "tamper" },
    writesInclude: ["PATCH /repos/acme/widgets/pulls/comments/7004"],
    check: async (standIn) => expect((await github(standIn, "/repos/acme/widgets/pulls/comments/7004")).body).toBe("the human's remark"),
  },
  {
    kind: "push",
    name: "the agent pushing to the default branch: reverted, trips push_default_branch",
    event: { name: "push", payload: pushEvent(agent, { before: MAIN_TIP, after: "5".repeat(40) }) },
    audit: { action: "push", verdict: "contained", actor: agent.login, trip: "push_default_branch" },
    writesInclude: ["POST /repos/acme/widgets/git/commits", "PATCH /repos/acme/widgets/git/refs/heads/main"],
    check: mainIsBack,
  },
  {
    kind: "push",
    name: "the agent pushing to a protected default branch (a bypass): reverted by a revert PR, trips push_default_branch",
    world: { protected_branches: ["main"] },
    event: { name: "push", payload: pushEvent(agent, { before: MAIN_TIP, after: "8".repeat(40) }) },
    audit: { action: "push", verdict: "contained", actor: agent.login, trip: "push_default_branch" },
    writesInclude: ["POST /repos/acme/widgets/git/refs", "POST /repos/acme/widgets/pulls"],
  },
  {
    kind: "push",
    name: "the agent pushing to its own branch: scope checked, allowed",
    event: { name: "push", payload: pushEvent(agent, { before: "1".repeat(40), after: "6".repeat(40), ref: "refs/heads/copilot/fix" }) },
    audit: { action: "push", verdict: "allow", actor: agent.login },
    writes: [],
  },
  {
    kind: "push",
    name: "the agent pushing a change to scope.protected on its own branch: trips protected",
    config: `${ROW_CONFIG}\nscope:\n  protected: [".github/workflows/**"]`,
    event: {
      name: "push",
      payload: pushEvent(agent, {
        before: "1".repeat(40),
        after: "9".repeat(40),
        ref: "refs/heads/copilot/fix",
        paths: [".github/workflows/ci.yml"],
      }),
    },
    audit: { action: "push", verdict: "contained", actor: agent.login, trip: "protected" },
    writesInclude: ["POST /repos/acme/widgets/issues"],
  },
  {
    kind: "push",
    name: "while the agent is halted: a default-branch push reverted on arrival",
    before: [agentPrOpened, HALT],
    event: { name: "push", payload: pushEvent(agent, { before: MAIN_TIP, after: "7".repeat(40) }) },
    audit: { action: "push", verdict: "contained", actor: agent.login },
    writes: ["POST /repos/acme/widgets/git/commits", "PATCH /repos/acme/widgets/git/refs/heads/main"],
    check: mainIsBack,
  },
  {
    kind: "check_run.rerequested",
    name: "a maintainer's Re-run on a gated agent PR: stays action_required",
    before: [agentPrOpened],
    event: rerun(accounts.maint),
    audit: { action: "check_run.rerequested", verdict: "gate", actor: "maint" },
    writes: ["POST /repos/acme/widgets/issues/42/labels", "POST /repos/acme/widgets/check-runs"],
    check: async (standIn) => expect(await gateOf(standIn)).toBe("action_required"),
  },
  {
    kind: "check_run.rerequested",
    name: "a Re-run after a maintainer approved the head: success",
    before: [agentPrOpened, approve],
    event: rerun(accounts.maint),
    audit: { action: "check_run.rerequested", verdict: "gate", actor: "maint" },
    writes: ["POST /repos/acme/widgets/check-runs"],
    check: async (standIn) => expect(await gateOf(standIn)).toBe("success"),
  },
  // While the agent is halted (a maintainer's `/guardrails halt`): contained on arrival.
  {
    kind: "pull_request.synchronize",
    name: "while the agent is halted: its PR closed and labelled agent:halted",
    before: [agentPrOpened, HALT],
    event: pr("synchronize", agent, agent, (p) => (p.pull_request.head.sha = NEW_HEAD)),
    audit: { action: "pull_request.synchronize", verdict: "contained", actor: agent.login },
    writes: ["PATCH /repos/acme/widgets/pulls/42", "POST /repos/acme/widgets/issues/42/labels"],
    check: async (standIn) => {
      expect((await github(standIn, "/repos/acme/widgets/pulls/42")).state).toBe("closed");
      expect(await labelsOf42(standIn)).toContain("agent:halted");
    },
  },
  {
    kind: "pull_request.edited",
    name: "while the agent is halted: a human's PR description restored from changes.body.from",
    before: [humanPrOpened, HALT],
    event: prAs(
      "edited",
      accounts.dev,
      agent,
      (p) => ((p.pull_request.body = "rewritten by the agent"), (p.changes = { body: { from: "the human's description" } })),
    ),
    audit: { action: "pull_request.edited", verdict: "contained", actor: agent.login },
    writes: ["PATCH /repos/acme/widgets/issues/42"],
    check: async (standIn) => expect((await github(standIn, "/repos/acme/widgets/pulls/42")).body).toBe("the human's description"),
  },
  {
    kind: "pull_request.closed",
    name: "while the agent is halted: a human's PR it closes is reopened",
    before: [humanPrOpened, HALT],
    event: pr("closed", accounts.dev, agent, (p) => (p.pull_request.state = "closed")),
    audit: { action: "pull_request.closed", verdict: "contained", actor: agent.login },
    writes: ["PATCH /repos/acme/widgets/pulls/42"],
    check: async (standIn) => expect((await github(standIn, "/repos/acme/widgets/pulls/42")).state).toBe("open"),
  },
  {
    kind: "pull_request.review_requested",
    name: "while the agent is halted: a human's review it requests is withdrawn",
    before: [agentPrOpened, HALT],
    event: pr(
      "review_requested",
      agent,
      agent,
      (p) => ((p.requested_reviewer = { ...accounts.dev }), (p.pull_request.requested_reviewers = [{ ...accounts.dev }])),
    ),
    audit: { action: "pull_request.review_requested", verdict: "contained", actor: agent.login },
    writes: ["DELETE /repos/acme/widgets/pulls/42/requested_reviewers"],
  },
  {
    kind: "pull_request_review.submitted",
    name: "while the agent is halted: its approval dismissed on arrival",
    before: [humanPrOpened, HALT],
    event: review(
      "submitted",
      agent,
      (p) => ((p.pull_request.user = { ...accounts.dev }), (p.review.state = "approved"), (p.review.body = null)),
    ),
    audit: { action: "pull_request_review.submitted", verdict: "contained", actor: agent.login },
    writes: ["POST /graphql minimizeComment", "PUT /repos/acme/widgets/pulls/42/reviews/555/dismissals"],
    check: async (standIn) =>
      expect(((await github(standIn, "/repos/acme/widgets/pulls/42/reviews")) as unknown as Json[]).map((r) => r.state)).toEqual([
        "DISMISSED",
      ]),
  },
  {
    kind: "pull_request_review.dismissed",
    name: "while the agent is halted: the gate back to action_required for the head",
    before: [agentPrOpened, approve, HALT],
    event: review(
      "dismissed",
      agent,
      (p) => ((p.review.user = { ...accounts.maint }), (p.review.state = "dismissed"), (p.review.body = "Changes needed")),
    ),
    audit: { action: "pull_request_review.dismissed", verdict: "contained", actor: agent.login },
    writes: ["POST /repos/acme/widgets/check-runs"],
    check: async (standIn) => expect(await gateOf(standIn)).toBe("action_required"),
  },
  {
    kind: "pull_request_review_comment.created",
    name: "while the agent is halted: its review comment deleted, kept for approve",
    before: [humanPrOpened, HALT],
    event: reviewComment(agent, { number: 42, commentId: 7005 }),
    audit: { action: "pull_request_review_comment.created", verdict: "contained", actor: agent.login },
    writes: ["DELETE /repos/acme/widgets/pulls/comments/7005"],
  },
  {
    kind: "pull_request_review_comment.edited",
    name: "while the agent is halted: a human's review comment it rewrote restored",
    before: [humanPrOpened, reviewComment(accounts.dev, { number: 42, commentId: 7004, body: "the human's remark" }), HALT],
    event: humanReviewCommentEdited,
    audit: { action: "pull_request_review_comment.edited", verdict: "contained", actor: agent.login },
    writes: ["PATCH /repos/acme/widgets/pulls/comments/7004"],
    check: async (standIn) => expect((await github(standIn, "/repos/acme/widgets/pulls/comments/7004")).body).toBe("the human's remark"),
  },
  {
    kind: "pull_request.reopened",
    name: "while the agent is halted: its reopened PR closed again and labelled agent:halted",
    before: [agentPrOpened, HALT],
    event: pr("reopened"),
    audit: { action: "pull_request.reopened", verdict: "contained", actor: agent.login },
    writes: ["PATCH /repos/acme/widgets/pulls/42", "POST /repos/acme/widgets/issues/42/labels"],
    check: async (standIn) => expect((await github(standIn, "/repos/acme/widgets/pulls/42")).state).toBe("closed"),
  },
  {
    kind: "pull_request.ready_for_review",
    name: "while the agent is halted: its PR closed and labelled agent:halted",
    before: [agentPrOpened, HALT],
    event: pr("ready_for_review"),
    audit: { action: "pull_request.ready_for_review", verdict: "contained", actor: agent.login },
    writes: ["PATCH /repos/acme/widgets/pulls/42", "POST /repos/acme/widgets/issues/42/labels"],
    check: async (standIn) => expect((await github(standIn, "/repos/acme/widgets/pulls/42")).state).toBe("closed"),
  },
  {
    kind: "pull_request_review.dismissed",
    name: "the agent dismissing its own changes-requested review: audited",
    before: [
      humanPrOpened,
      review(
        "submitted",
        accounts.copilot,
        (p) => ((p.pull_request.user = { ...accounts.dev }), (p.review.state = "changes_requested"), (p.review.body = null)),
      ),
    ],
    event: review(
      "dismissed",
      agent,
      (p) => (
        (p.pull_request.user = { ...accounts.dev }),
        (p.review.user = { ...accounts.copilot }),
        (p.review.state = "dismissed"),
        (p.review.body = null)
      ),
    ),
    audit: { action: "pull_request_review.dismissed", verdict: "allow", actor: agent.login },
    writes: [],
  },
  {
    kind: "check_run.rerequested",
    name: "the agent's own Re-run on its gated PR: stays action_required (decided for the PR, not the click)",
    before: [agentPrOpened],
    event: rerun(agent),
    audit: { action: "check_run.rerequested", verdict: "gate", actor: agent.login },
    writes: ["POST /repos/acme/widgets/issues/42/labels", "POST /repos/acme/widgets/check-runs"],
    check: async (standIn) => expect(await gateOf(standIn)).toBe("action_required"),
  },
  {
    kind: "pull_request.opened",
    name: "policy.pull_request: close: an agent's PR closed, still gated",
    config: `${ROW_CONFIG}\npolicy:\n  pull_request: close`,
    event: agentPrOpened,
    audit: { action: "pull_request.opened", verdict: "gate", actor: agent.login },
    writes: ["PATCH /repos/acme/widgets/pulls/42", "POST /repos/acme/widgets/issues/42/labels", "POST /repos/acme/widgets/check-runs"],
    check: async (standIn) => {
      expect((await github(standIn, "/repos/acme/widgets/pulls/42")).state).toBe("closed");
      expect(await gateOf(standIn)).toBe("action_required");
    },
  },
  {
    kind: "pull_request.opened",
    name: "an agent's PR changing files outside scope.paths: trips scope",
    config: `${ROW_CONFIG}\nscope:\n  paths: ["src/**"]`,
    before: [
      {
        name: "push",
        payload: pushEvent(accounts.dev, { before: "1".repeat(40), after: HEAD, ref: "refs/heads/copilot/fix", paths: ["deploy/prod.tf"] }),
      },
    ],
    event: pr("opened", agent, agent, (p) => (p.pull_request.head.ref = "copilot/fix")),
    audit: { action: "pull_request.opened", verdict: "contained", actor: agent.login, trip: "scope" },
    writesInclude: ["PATCH /repos/acme/widgets/pulls/42", "POST /repos/acme/widgets/issues/42/labels"],
    check: async (standIn) => expect((await github(standIn, "/repos/acme/widgets/pulls/42")).state).toBe("closed"),
  },
  {
    kind: "check_run.rerequested",
    name: "a Re-run of the approved old head's check after the agent pushed: the new head gated, not the click's",
    before: [agentPrOpened, approve, pr("synchronize", agent, agent, (p) => (p.pull_request.head.sha = NEW_HEAD))],
    event: rerun(accounts.maint),
    audit: { action: "check_run.rerequested", verdict: "gate", actor: "maint" },
    writes: ["POST /repos/acme/widgets/issues/42/labels", "POST /repos/acme/widgets/check-runs"],
    check: async (standIn) => {
      expect(await gateOf(standIn, NEW_HEAD)).toBe("action_required");
      expect(await gateOf(standIn)).toBe("success");
    },
  },
];
