import { OPTED_IN } from "../sim/stand-in-client.js";
import { accounts, commentEvent, example, issueCommentEvent, discussionCommentEvent } from "../fixtures/webhook-examples.js";
import { ROW_AGENT, ROW_CONFIG, type RowCase, type RowEvent } from "./row-case.js";
import type { StandIn } from "../../src/sim/github-stand-in.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

// The rows of issues, comments, discussions, releases, refs and workflow runs: each clause of the
// permission table (src/policy/action-table.ts) as the real app does it against the stand-in.

const agent = accounts.agent;
const dev = accounts.dev;
const REPO_NODE = "R_widgets";

/** The agent halted by its owner before the row's event: what arrives next is contained on arrival. */
const HALT: RowEvent = {
  name: "issue_comment",
  payload: commentEvent("created", accounts.maint, `/guardrails halt @${ROW_AGENT} row drill`, { threadAuthor: dev, onPullRequest: false }),
};

/** Discussions: write, which app.yml asks for only as an opt-in: hiding and deleting discussion text needs it. */
const DISCUSSIONS = { installation_permissions: { ...OPTED_IN } };

/** A label as GitHub puts it in a payload. */
function label(name: string, id = 900): Json {
  return {
    id,
    node_id: `LA_${id}`,
    url: `https://api.github.com/repos/acme/widgets/labels/${encodeURIComponent(name)}`,
    name,
    color: "ededed",
    default: false,
    description: null,
  };
}

/** An `issues` webhook on issue #7 opened by `author`, sent by `sender`, with `labels` as GitHub lists them after the action. */
function issuesEvent(action: string, sender: Json, author: Json, patch: (p: Json) => void = () => {}, labels: string[] = []): RowEvent {
  // The examples have no issues.closed: the reopened one, turned around.
  const payload = example("issues", action === "closed" ? "reopened" : action, (p) => {
    p.action = action;
    p.sender = { ...sender };
    p.issue.number = 7;
    p.issue.node_id = "I_kw7";
    p.issue.title = "Crash on save";
    p.issue.body = "Steps to reproduce";
    p.issue.html_url = "https://github.com/acme/widgets/issues/7";
    p.issue.user = { ...author };
    p.issue.author_association = author.type === "Bot" ? "NONE" : "MEMBER";
    p.issue.state = action === "closed" ? "closed" : "open";
    p.issue.labels = labels.map((name, i) => label(name, 900 + i));
    p.issue.assignees = [];
    p.issue.assignee = null;
    patch(p);
  });
  return { name: "issues", payload };
}

/** Issue #7 as GitHub knows it before the row: opened by `author`, labelled `labels`. */
function issueExists(author: Json, labels: string[] = []): RowEvent {
  return issuesEvent("opened", author, author, () => {}, labels);
}

/** A comment on dev's issue #7 (a member's thread unless `threadAssociation` says otherwise). */
function commentOn(
  sender: Json,
  opts: { action?: string; author?: Json; body?: string; from?: string; threadAssociation?: string } = {},
): RowEvent {
  const payload = issueCommentEvent(sender, {
    number: 7,
    commentId: 7001,
    body: opts.body ?? "I looked into it",
    action: opts.action ?? "created",
  });
  payload.comment.user = { ...(opts.author ?? sender) };
  payload.comment.author_association = (opts.author ?? sender).type === "Bot" ? "NONE" : "MEMBER";
  if (opts.threadAssociation) payload.issue.author_association = opts.threadAssociation;
  if (opts.from !== undefined) payload.changes = { body: { from: opts.from } };
  return { name: "issue_comment", payload };
}

/** Discussion #90 (node D_kw90) by `author`, sent by `sender`. */
function discussionEvent(action: string, sender: Json, author: Json, patch: (p: Json) => void = () => {}): RowEvent {
  const payload = example("discussion", action, (p) => {
    p.sender = { ...sender };
    p.discussion.number = 90;
    p.discussion.node_id = "D_kw90";
    p.discussion.html_url = "https://github.com/acme/widgets/discussions/90";
    p.discussion.user = { ...author };
    p.discussion.author_association = author.type === "Bot" ? "NONE" : "MEMBER";
    p.repository.node_id = REPO_NODE;
    p.discussion.category.node_id = "DIC_general";
    patch(p);
  });
  return { name: "discussion", payload };
}

/** Comment 9001 in dev's discussion #90, written by `author`, sent by `sender`. */
function discussionComment(sender: Json, opts: { action?: string; author?: Json; body?: string; from?: string } = {}): RowEvent {
  const payload = discussionCommentEvent(sender, {
    number: 90,
    commentId: 9001,
    body: opts.body ?? "Try the nightly build",
    action: opts.action ?? "created",
  });
  payload.repository.node_id = REPO_NODE;
  payload.comment.user = { ...(opts.author ?? sender) };
  if (opts.from !== undefined) payload.changes = { body: { from: opts.from } };
  return { name: "discussion_comment", payload };
}

/** Release 17 (tag v1.2.0) by `author`, sent by `sender`. */
function releaseEvent(action: string, sender: Json, author: Json, patch: (p: Json) => void = () => {}): RowEvent {
  const payload = example("release", action, (p) => {
    p.sender = { ...sender };
    p.release.id = 17;
    p.release.tag_name = "v1.2.0";
    p.release.name = "Spring release";
    p.release.author = { ...author };
    p.release.draft = false;
    patch(p);
  });
  return { name: "release", payload };
}

function refEvent(name: "create" | "delete", ref: string, refType: "branch" | "tag", sender: Json = agent): RowEvent {
  return {
    name,
    payload: example(name, undefined, (p) => {
      p.ref = ref;
      p.ref_type = refType;
      p.sender = { ...sender };
    }),
  };
}

/** Run 5150 of test.yml, requested by the agent, in progress. */
function workflowRun(): RowEvent {
  return {
    name: "workflow_run",
    payload: example("workflow_run", "requested", (p) => {
      p.sender = { ...agent };
      p.workflow_run.id = 5150;
      p.workflow_run.status = "in_progress";
      p.workflow_run.actor = { ...agent };
      p.workflow_run.triggering_actor = { ...agent };
      p.workflow_run.pull_requests = [];
    }),
  };
}

async function get(standIn: StandIn, path: string): Promise<Json> {
  const response = await fetch(`${standIn.url}${path}`);
  return (await response.json()) as Json;
}

/** Cases of the permission table's rows (test/rows/agent-action-rows.test.ts runs them). */
export const surfaceRows: RowCase[] = [
  // issue_comment.created
  {
    kind: "issue_comment.created",
    name: "on a member's issue: hidden until approved",
    before: [issueExists(dev)],
    event: commentOn(agent),
    audit: { action: "issue_comment.created", verdict: "gate" },
    writes: ["POST /graphql minimizeComment"],
  },
  {
    kind: "issue_comment.created",
    name: "in an outsider's thread: held (deleted, kept for approve)",
    before: [issueExists(dev)],
    event: commentOn(agent, { threadAssociation: "NONE" }),
    audit: { action: "issue_comment.created", verdict: "gate" },
    writes: ["DELETE /repos/acme/widgets/issues/comments/7001"],
  },
  {
    kind: "issue_comment.created",
    name: "while halted: deleted on arrival, kept for approve",
    before: [issueExists(dev), HALT],
    event: commentOn(agent),
    audit: { action: "issue_comment.created", verdict: "contained" },
    writes: ["DELETE /repos/acme/widgets/issues/comments/7001"],
  },
  // issue_comment.edited
  {
    kind: "issue_comment.edited",
    name: "its own: as created (hidden)",
    before: [issueExists(dev)],
    event: commentOn(agent, { action: "edited", body: "I looked into it, twice", from: "I looked into it" }),
    audit: { action: "issue_comment.edited", verdict: "gate" },
    writes: ["POST /graphql minimizeComment"],
  },
  {
    kind: "issue_comment.edited",
    name: "a human's: restored from changes.body.from, trips tamper",
    before: [issueExists(dev)],
    event: commentOn(agent, { action: "edited", author: dev, body: "LGTM", from: "Please do not merge" }),
    audit: { action: "issue_comment.edited", verdict: "violation", trip: "tamper" },
    writesInclude: ["PATCH /repos/acme/widgets/issues/comments/7001"],
  },
  {
    kind: "issue_comment.edited",
    name: "a human's while halted: restored on arrival",
    before: [issueExists(dev), HALT],
    event: commentOn(agent, { action: "edited", author: dev, body: "LGTM", from: "Please do not merge" }),
    audit: { action: "issue_comment.edited", verdict: "contained" },
    writes: ["PATCH /repos/acme/widgets/issues/comments/7001"],
  },
  // discussion.created
  {
    kind: "discussion.created",
    name: "held: deleted, kept for approve",
    world: DISCUSSIONS,
    event: discussionEvent("created", agent, agent),
    audit: { action: "discussion.created", verdict: "gate" },
    writes: ["POST /graphql deleteDiscussion"],
  },
  {
    kind: "discussion.created",
    name: "`hide`: flagged in the audit log only (a discussion cannot be minimized)",
    config: `${ROW_CONFIG}\npolicy: { external_comment: hide }`,
    world: DISCUSSIONS,
    event: discussionEvent("created", agent, agent),
    audit: { action: "discussion.created", verdict: "gate" },
    writes: [],
  },
  {
    kind: "discussion.created",
    name: "while halted: deleted on arrival, kept for approve",
    config: `${ROW_CONFIG}\npolicy: { external_comment: hide }`,
    world: DISCUSSIONS,
    before: [HALT],
    event: discussionEvent("created", agent, agent),
    audit: { action: "discussion.created", verdict: "contained" },
    writes: ["POST /graphql deleteDiscussion"],
  },
  // discussion.edited
  {
    kind: "discussion.edited",
    name: "a human's: title and body restored, trips tamper",
    world: DISCUSSIONS,
    before: [discussionEvent("created", dev, dev)],
    event: discussionEvent("edited", agent, dev, (p) => {
      p.discussion.title = "Solved";
      p.discussion.body = "nothing to see";
      p.changes = { title: { from: "How do I build?" }, body: { from: "the human's question" } };
    }),
    audit: { action: "discussion.edited", verdict: "violation", trip: "tamper" },
    writesInclude: ["POST /graphql updateDiscussion"],
  },
  {
    kind: "discussion.edited",
    name: "its own: held (the text before the edit restored)",
    world: DISCUSSIONS,
    before: [discussionEvent("created", agent, agent)],
    event: discussionEvent("edited", agent, agent, (p) => {
      p.discussion.body = "now with a link";
      p.changes = { body: { from: "We're glad to have you here!" } };
    }),
    audit: { action: "discussion.edited", verdict: "gate" },
    writes: ["POST /graphql updateDiscussion"],
  },
  {
    kind: "discussion.edited",
    name: "an edit that changes no title or body: audited",
    world: DISCUSSIONS,
    before: [discussionEvent("created", agent, agent)],
    event: discussionEvent("edited", agent, agent, (p) => (p.changes = {})),
    audit: { action: "discussion.edited", verdict: "allow" },
    writes: [],
  },
  // discussion_comment.*
  {
    kind: "discussion_comment.created",
    name: "in a member's discussion: hidden until approved (policy.comment)",
    world: DISCUSSIONS,
    event: discussionComment(agent),
    audit: { action: "discussion_comment.created", verdict: "gate" },
    writes: ["POST /graphql minimizeComment"],
  },
  {
    kind: "discussion_comment.created",
    name: "while halted: deleted on arrival, kept for approve",
    world: DISCUSSIONS,
    before: [HALT],
    event: discussionComment(agent),
    audit: { action: "discussion_comment.created", verdict: "contained" },
    writes: ["POST /graphql deleteDiscussionComment"],
  },
  {
    kind: "discussion_comment.edited",
    name: "its own: as created (held)",
    world: DISCUSSIONS,
    event: discussionComment(agent, { action: "edited", body: "Try the nightly build, or not", from: "Try the nightly build" }),
    audit: { action: "discussion_comment.edited", verdict: "gate" },
    writes: ["POST /graphql minimizeComment"],
  },
  {
    kind: "discussion_comment.edited",
    name: "a human's: restored, trips tamper",
    world: DISCUSSIONS,
    event: discussionComment(agent, { action: "edited", author: dev, body: "Solved", from: "Still broken for me" }),
    audit: { action: "discussion_comment.edited", verdict: "violation", trip: "tamper" },
    writesInclude: ["POST /graphql updateDiscussionComment"],
  },
  {
    kind: "discussion_comment.deleted",
    name: "a human's: trips tamper, its text kept",
    world: DISCUSSIONS,
    event: discussionComment(agent, { action: "deleted", author: dev, body: "Still broken for me" }),
    audit: { action: "discussion_comment.deleted", verdict: "violation", trip: "tamper" },
    writesInclude: ["POST /repos/acme/widgets/issues"],
  },
  {
    kind: "discussion_comment.deleted",
    name: "its own: audited",
    world: DISCUSSIONS,
    event: discussionComment(agent, { action: "deleted" }),
    audit: { action: "discussion_comment.deleted", verdict: "allow" },
    writes: [],
  },
  // commit_comment.created
  {
    kind: "commit_comment.created",
    name: "hidden until approved, by its #commitcomment URL",
    event: {
      name: "commit_comment",
      payload: example("commit_comment", "created", (p) => ((p.sender = { ...agent }), (p.comment.user = { ...agent }))),
    },
    audit: { action: "commit_comment.created", verdict: "gate" },
    writes: ["POST /graphql minimizeComment"],
  },
  {
    kind: "commit_comment.created",
    name: "`hold`: hidden too (no thread to re-post into)",
    config: `${ROW_CONFIG}\npolicy: { comment: hold }`,
    event: {
      name: "commit_comment",
      payload: example("commit_comment", "created", (p) => ((p.sender = { ...agent }), (p.comment.user = { ...agent }))),
    },
    audit: { action: "commit_comment.created", verdict: "gate" },
    writes: ["POST /graphql minimizeComment"],
  },
  {
    kind: "commit_comment.created",
    name: "while halted: hidden on arrival",
    before: [HALT],
    event: {
      name: "commit_comment",
      payload: example("commit_comment", "created", (p) => ((p.sender = { ...agent }), (p.comment.user = { ...agent }))),
    },
    audit: { action: "commit_comment.created", verdict: "contained" },
    writes: ["POST /graphql minimizeComment"],
  },
  // issues.*
  {
    kind: "issues.opened",
    name: "labelled agent:flagged",
    event: issuesEvent("opened", agent, agent),
    audit: { action: "issues.opened", verdict: "gate" },
    writes: ["POST /repos/acme/widgets/issues/7/labels"],
  },
  {
    kind: "issues.opened",
    name: "while halted: closed and labelled on arrival",
    before: [HALT],
    event: issuesEvent("opened", agent, agent),
    audit: { action: "issues.opened", verdict: "contained" },
    writes: ["PATCH /repos/acme/widgets/issues/7"],
  },
  {
    kind: "issues.reopened",
    name: "labelled agent:flagged",
    before: [issueExists(dev)],
    event: issuesEvent("reopened", agent, dev),
    audit: { action: "issues.reopened", verdict: "gate" },
    writes: ["POST /repos/acme/widgets/issues/7/labels"],
  },
  {
    kind: "issues.edited",
    name: "a human's: restored from changes.*.from, trips tamper",
    before: [issueExists(dev)],
    event: issuesEvent("edited", agent, dev, (p) => {
      p.issue.title = "Works for me";
      p.issue.body = "Closed: works for me";
      p.changes = { title: { from: "Crash on save" }, body: { from: "Steps to reproduce" } };
    }),
    audit: { action: "issues.edited", verdict: "violation", trip: "tamper" },
    writesInclude: ["PATCH /repos/acme/widgets/issues/7"],
  },
  {
    kind: "issues.edited",
    name: "its own: hidden (a body cannot be minimized: flagged)",
    before: [issueExists(agent)],
    event: issuesEvent("edited", agent, agent, (p) => {
      p.issue.body = "Steps to reproduce, and a link";
      p.changes = { body: { from: "Steps to reproduce" } };
    }),
    audit: { action: "issues.edited", verdict: "gate" },
    writes: ["POST /repos/acme/widgets/issues/7/labels"],
  },
  {
    kind: "issues.edited",
    name: "its own under `hold`: the text before the edit restored",
    config: `${ROW_CONFIG}\npolicy: { comment: hold }`,
    before: [issueExists(agent)],
    event: issuesEvent("edited", agent, agent, (p) => {
      p.issue.body = "Steps to reproduce, and a link";
      p.changes = { body: { from: "Steps to reproduce" } };
    }),
    audit: { action: "issues.edited", verdict: "gate" },
    writes: ["PATCH /repos/acme/widgets/issues/7"],
  },
  {
    kind: "issues.edited",
    name: "an edit that changes no title or body: audited",
    before: [issueExists(dev)],
    event: issuesEvent("edited", agent, dev, (p) => (p.changes = {})),
    audit: { action: "issues.edited", verdict: "allow" },
    writes: [],
  },
  {
    kind: "issues.closed",
    name: "its own issue: audited",
    before: [issueExists(agent)],
    event: issuesEvent("closed", agent, agent),
    audit: { action: "issues.closed", verdict: "allow" },
    writes: [],
  },
  {
    kind: "issues.closed",
    name: "a human's issue: labelled agent:flagged",
    before: [issueExists(dev)],
    event: issuesEvent("closed", agent, dev),
    audit: { action: "issues.closed", verdict: "gate" },
    writes: ["POST /repos/acme/widgets/issues/7/labels"],
  },
  {
    kind: "issues.closed",
    name: "while halted: reopened on arrival",
    before: [issueExists(agent), HALT],
    event: issuesEvent("closed", agent, agent),
    audit: { action: "issues.closed", verdict: "contained" },
    writes: ["PATCH /repos/acme/widgets/issues/7"],
  },
  {
    kind: "issues.labeled",
    name: "audited",
    before: [issueExists(dev)],
    event: issuesEvent("labeled", agent, dev, (p) => (p.label = label("wontfix")), ["wontfix"]),
    audit: { action: "issues.labeled", verdict: "allow" },
    writes: [],
  },
  {
    kind: "issues.labeled",
    name: "while halted: the label removed on arrival",
    before: [issueExists(dev), HALT],
    event: issuesEvent("labeled", agent, dev, (p) => (p.label = label("wontfix")), ["wontfix"]),
    audit: { action: "issues.labeled", verdict: "contained" },
    writes: ["DELETE /repos/acme/widgets/issues/7/labels/wontfix"],
  },
  {
    kind: "issues.unlabeled",
    name: "a required label (agent:flagged): restored, trips tamper",
    before: [issueExists(agent, ["agent:flagged"])],
    event: issuesEvent("unlabeled", agent, agent, (p) => (p.label = label("agent:flagged"))),
    audit: { action: "issues.unlabeled", verdict: "violation", trip: "tamper" },
    writesInclude: ["POST /repos/acme/widgets/issues/7/labels"],
  },
  {
    kind: "issues.unlabeled",
    name: "another label: audited",
    before: [issueExists(dev, ["bug"])],
    event: issuesEvent("unlabeled", agent, dev, (p) => (p.label = label("bug"))),
    audit: { action: "issues.unlabeled", verdict: "allow" },
    writes: [],
  },
  {
    kind: "issues.assigned",
    name: "audited",
    before: [issueExists(dev)],
    event: issuesEvent("assigned", agent, dev, (p) => ((p.assignee = { ...dev }), (p.issue.assignees = [{ ...dev }]))),
    audit: { action: "issues.assigned", verdict: "allow" },
    writes: [],
  },
  {
    kind: "issues.assigned",
    name: "while halted, assigning itself: unassigned on arrival",
    before: [issueExists(dev), HALT],
    event: issuesEvent("assigned", agent, dev, (p) => ((p.assignee = { ...agent }), (p.issue.assignees = [{ ...agent }]))),
    audit: { action: "issues.assigned", verdict: "contained" },
    writes: ["DELETE /repos/acme/widgets/issues/7/assignees"],
  },
  {
    kind: "issues.transferred",
    name: "a human's issue: trips tamper (the app cannot move it back)",
    before: [issueExists(dev)],
    event: issuesEvent("transferred", agent, dev, (p) => (p.changes.new_repository.full_name = "elsewhere/dump")),
    audit: { action: "issues.transferred", verdict: "violation", trip: "tamper" },
    writesInclude: ["POST /repos/acme/widgets/issues"],
  },
  {
    kind: "issues.transferred",
    name: "its own issue: audited",
    before: [issueExists(agent)],
    event: issuesEvent("transferred", agent, agent, (p) => (p.changes.new_repository.full_name = "elsewhere/dump")),
    audit: { action: "issues.transferred", verdict: "allow" },
    writes: [],
  },
  {
    kind: "issues.deleted",
    name: "a human's issue: trips tamper, its text kept",
    before: [issueExists(dev)],
    event: issuesEvent("deleted", agent, dev),
    audit: { action: "issues.deleted", verdict: "violation", trip: "tamper" },
    writesInclude: ["POST /repos/acme/widgets/issues"],
  },
  {
    kind: "issues.deleted",
    name: "its own issue: audited",
    before: [issueExists(agent)],
    event: issuesEvent("deleted", agent, agent),
    audit: { action: "issues.deleted", verdict: "allow" },
    writes: [],
  },
  // create / delete
  {
    kind: "create",
    name: "a branch: audited",
    event: refEvent("create", "copilot/fix", "branch"),
    audit: { action: "create", verdict: "allow" },
    writes: [],
  },
  {
    kind: "create",
    name: "a tag: audited",
    event: refEvent("create", "v9.9.9", "tag"),
    audit: { action: "create", verdict: "allow" },
    writes: [],
  },
  {
    kind: "create",
    name: "a tag while halted: deleted on arrival",
    before: [HALT],
    event: refEvent("create", "v9.9.9", "tag"),
    audit: { action: "create", verdict: "contained" },
    writes: ["DELETE /repos/acme/widgets/git/refs/tags/v9.9.9"],
  },
  {
    kind: "delete",
    name: "a branch: audited",
    before: [refEvent("create", "copilot/fix", "branch")],
    event: refEvent("delete", "copilot/fix", "branch"),
    audit: { action: "delete", verdict: "allow" },
    writes: [],
  },
  {
    kind: "delete",
    name: "a tag while halted: nothing on arrival (the webhook has no sha)",
    before: [refEvent("create", "v9.9.9", "tag", dev), HALT],
    event: refEvent("delete", "v9.9.9", "tag"),
    audit: { action: "delete", verdict: "contained" },
    writes: [],
  },
  // release.*
  {
    kind: "release.created",
    name: "published: back to draft",
    event: releaseEvent("created", agent, agent),
    audit: { action: "release.created", verdict: "gate" },
    writes: ["PATCH /repos/acme/widgets/releases/17"],
  },
  {
    kind: "release.created",
    name: "a draft: audited",
    event: releaseEvent("created", agent, agent, (p) => (p.release.draft = true)),
    audit: { action: "release.created", verdict: "allow" },
    writes: [],
  },
  {
    kind: "release.created",
    name: "under `policy.release: allow`: published stays published",
    config: `${ROW_CONFIG}\npolicy: { release: allow }`,
    event: releaseEvent("created", agent, agent),
    audit: { action: "release.created", verdict: "allow" },
    writes: [],
  },
  {
    kind: "release.created",
    name: "while halted: back to draft whatever `policy.release`",
    config: `${ROW_CONFIG}\npolicy: { release: allow }`,
    before: [HALT],
    event: releaseEvent("created", agent, agent),
    audit: { action: "release.created", verdict: "contained" },
    writes: ["PATCH /repos/acme/widgets/releases/17"],
  },
  {
    kind: "release.edited",
    name: "its published release: back to draft",
    before: [releaseEvent("created", agent, agent, (p) => (p.release.draft = true))],
    event: releaseEvent("edited", agent, agent, (p) => (p.changes = { body: { from: "Notes" } })),
    audit: { action: "release.edited", verdict: "gate" },
    writes: ["PATCH /repos/acme/widgets/releases/17"],
  },
  {
    kind: "release.edited",
    name: "a human's release: trips tamper, the text before kept",
    before: [releaseEvent("published", dev, dev)],
    event: releaseEvent(
      "edited",
      agent,
      dev,
      (p) => (p.changes = { name: { from: "v1.2 (final)" }, body: { from: "Notes by a maintainer" } }),
    ),
    audit: { action: "release.edited", verdict: "violation", trip: "tamper" },
    writesInclude: ["POST /repos/acme/widgets/issues"],
  },
  {
    kind: "release.published",
    name: "back to draft until a maintainer publishes it",
    before: [releaseEvent("created", agent, agent, (p) => (p.release.draft = true))],
    event: releaseEvent("published", agent, agent),
    audit: { action: "release.published", verdict: "gate" },
    writes: ["PATCH /repos/acme/widgets/releases/17"],
  },
  {
    kind: "release.deleted",
    name: "audited",
    before: [releaseEvent("created", agent, agent, (p) => (p.release.draft = true))],
    event: releaseEvent("deleted", agent, agent),
    audit: { action: "release.deleted", verdict: "allow" },
    writes: [],
  },
  // workflows
  {
    kind: "workflow_dispatch",
    name: "audited",
    event: { name: "workflow_dispatch", payload: example("workflow_dispatch", undefined, (p) => (p.sender = { ...agent })) },
    audit: { action: "workflow_dispatch", verdict: "allow" },
    writes: [],
  },
  {
    kind: "workflow_run.requested",
    name: "audited",
    event: workflowRun(),
    audit: { action: "workflow_run.requested", verdict: "allow" },
    writes: [],
  },
  {
    kind: "workflow_run.requested",
    name: "while halted, with cancel_workflows and actions: write: cancelled on arrival",
    config: `${ROW_CONFIG}\nbreaker: { contain: [unassign, hide_comments, cancel_workflows] }`,
    world: { installation_permissions: { ...OPTED_IN, actions: "write" } },
    before: [HALT],
    event: workflowRun(),
    audit: { action: "workflow_run.requested", verdict: "contained" },
    writes: ["POST /repos/acme/widgets/actions/runs/5150/cancel"],
  },
];

void get;
