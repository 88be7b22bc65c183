import type { AgentEntry } from "../config/schema.js";
import { parseCommands } from "../commands/parse-commands.js";
import type { ActionKind, Actor, AgentAction, Target } from "../policy/agent-action.js";
import { classifyActor, type AccountFields } from "../policy/classify-actor.js";
import { CHECK_NAME } from "../policy/effect.js";
import { findEvidence, type Evidence } from "../policy/tier/find-evidence.js";
import { KNOWN_AGENTS, type KnownAgent } from "../policy/tier/known-agents.js";
import { tierOf } from "../policy/tier/tier-of.js";

/** What normalize needs besides the webhook: who the agents are and who we are. */
export interface NormalizeContext {
  agents: readonly AgentEntry[];
  appLogin: string | undefined;
  /** The evidence agents leave (the built-in data file plus `tiers.known_agents`); the built-in list when absent. */
  knownAgents?: readonly KnownAgent[];
}

/** A payload that lacks what its event promises: logged and skipped by the caller, never a crash. */
export class MalformedPayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MalformedPayloadError";
  }
}

type Json = Record<string, unknown>;

/**
 * Turns a webhook into one `AgentAction`, or null when nothing about it can matter: the actor
 * is not an agent and the event is none of a command, a pull request that needs the required
 * check, a human's merge or close of an agent's PR, a Re-run of our check, or a person's push,
 * comment or issue that carries evidence of an agent (policy/tier/find-evidence.ts). Pure: reads
 * the payload only, never the API. Events this app caused return null (no loops).
 * The action carries its tier and evidence (policy/tier/tier-of.ts).
 */
export function normalize(name: string, deliveryId: string, payload: unknown, ctx: NormalizeContext): AgentAction | null {
  const evidence = findEvidence(name, payload, ctx.knownAgents ?? KNOWN_AGENTS);
  const action = normalizeAction(name, deliveryId, payload, ctx, evidence);
  if (action === null) return null;
  // A person merging or closing an agent's PR: the PR's evidence is not about the person.
  const about = action.kind === "pull_request.merged" || action.kind === "pull_request.closed" ? action.actor.kind === "agent" : true;
  const signals = about ? evidence.signals : [];
  // A pull request's tier is its author's (a listed author, or a `when:` entry matching its evidence), whoever sent the event.
  const kind = action.event === "pull_request" && action.target.author?.kind === "agent" ? "agent" : action.actor.kind;
  return { ...action, tier: tierOf(kind, signals), ...(signals.length > 0 ? { evidence: signals } : {}) };
}

function normalizeAction(
  name: string,
  deliveryId: string,
  payload: unknown,
  ctx: NormalizeContext,
  evidence: Evidence,
): AgentAction | null {
  const p = asObject(payload, "payload");
  const action = typeof p.action === "string" ? p.action : undefined;
  const repository = asObject(p.repository, "repository");
  const owner = asObject(repository.owner, "repository.owner");
  const sender = account(p.sender, "sender");
  const actor = classifyActor(sender, ctx.agents, ctx.appLogin, evidence);
  if (actor.kind === "app") return null;

  const base = {
    deliveryId,
    event: name,
    actor,
    org: str(owner.login, "repository.owner.login"),
    ...(owner.type === "User" ? { ownerType: "User" as const } : {}),
    repo: { owner: str(owner.login, "repository.owner.login"), repo: str(repository.name, "repository.name") },
    defaultBranch: typeof repository.default_branch === "string" ? repository.default_branch : "main",
    installationId: num(asObject(p.installation, "installation").id, "installation.id"),
  };
  const make = (kind: ActionKind, target: Target, body?: string | null): AgentAction => {
    const commands = body !== undefined ? parseCommands(body) : undefined;
    const withCommands = commands && (commands.commands.length > 0 || commands.ignored.length > 0) ? { commands } : {};
    return { ...base, kind, target, ...withCommands };
  };
  // The action's evidence is about the sender's and the subject's account: a `when:` entry naming either matches on it.
  const classify = (a: AccountFields): Actor => classifyActor(a, ctx.agents, ctx.appLogin, evidence);
  const isAgent = actor.kind === "agent";
  // A person's own write that carries evidence of an agent is decided by its tier (never a bot's without evidence).
  const evidenced = !isAgent && (action === "created" || action === "opened") && tierOf(actor.kind, evidence.signals) !== "human";

  switch (name) {
    case "pull_request": {
      const pr = asObject(p.pull_request, "pull_request");
      const target = pullRequestTarget(pr, classify);
      if (action === "opened" || action === "reopened" || action === "synchronize" || action === "ready_for_review") {
        return make(`pull_request.${action}`, target);
      }
      if (action === "closed" && pr.merged === true) {
        const mergedBy = pr.merged_by ? account(pr.merged_by, "pull_request.merged_by") : sender;
        const merger = classify(mergedBy);
        // A human's merge of an agent's PR is audited too (who merged which head); a human's merge of a human's PR costs nothing.
        if (merger.kind === "app" || (merger.kind !== "agent" && target.author?.kind !== "agent")) return null;
        const sha = typeof pr.merge_commit_sha === "string" ? pr.merge_commit_sha : target.sha;
        return { ...make("pull_request.merged", { ...target, sha, headSha: target.sha }), actor: merger };
      }
      // A human closing an agent's PR: audited (containment must not reopen what a maintainer closed).
      if (action === "closed" && !isAgent && target.author?.kind === "agent") return make("pull_request.closed", target);
      if (!isAgent) return null;
      switch (action) {
        case "closed":
        case "converted_to_draft":
        case "auto_merge_enabled":
          return make(`pull_request.${action}`, target);
        case "edited":
          return make("pull_request.edited", { ...target, ...editFields(p, pr, "pull_request", classify) });
        case "labeled":
        case "unlabeled":
          return make(`pull_request.${action}`, { ...target, ...labelField(p) });
        case "review_requested":
          return make("pull_request.review_requested", { ...target, ...requestedReviewer(p, base.org) });
        default:
          return null;
      }
    }
    case "pull_request_review": {
      if (action === "dismissed") {
        if (!isAgent) return null;
        const pr = asObject(p.pull_request, "pull_request");
        const review = asObject(p.review, "review");
        // The review's body is its author's, not the dismisser's: no body, no commands. The payload
        // carries the state after the dismissal only ("dismissed"), not the one before.
        const state =
          typeof review.state === "string" && review.state.toLowerCase() !== "dismissed" ? { state: review.state.toLowerCase() } : {};
        return make("pull_request_review.dismissed", {
          ...pullRequestTarget(pr, classify),
          nodeId: optStr(review.node_id),
          url: optStr(review.html_url),
          reviewId: num(review.id, "review.id"),
          reviewState: "dismissed",
          dismissedReview: {
            id: num(review.id, "review.id"),
            author: classify(review.user === null ? GHOST : account(review.user, "review.user")),
            ...state,
          },
        });
      }
      if (action !== "submitted" && action !== "edited") return null;
      const pr = asObject(p.pull_request, "pull_request");
      const review = asObject(p.review, "review");
      const body = nullableStr(review.body);
      if (!isAgent && !mentionsCommand(body)) return null;
      const reviewer = review.user ? classify(account(review.user, "review.user")) : undefined;
      return make(
        `pull_request_review.${action}`,
        {
          ...pullRequestTarget(pr, classify),
          nodeId: optStr(review.node_id),
          url: optStr(review.html_url),
          reviewId: num(review.id, "review.id"),
          reviewState: typeof review.state === "string" ? review.state.toLowerCase() : undefined,
          body: body ?? undefined,
          commentAuthor: reviewer,
          ...(action === "edited" ? { ...changesOf(p), ...(reviewer ? { textAuthor: reviewer } : {}) } : {}),
          ...timeOf(action === "edited" ? [review.updated_at, review.submitted_at] : [review.submitted_at, review.updated_at]),
        },
        body,
      );
    }
    case "issue_comment":
    case "pull_request_review_comment":
    case "discussion_comment": {
      const deleted = name === "discussion_comment" && action === "deleted";
      if (action !== "created" && action !== "edited" && !deleted) return null;
      const comment = asObject(p.comment, "comment");
      const body = nullableStr(comment.body);
      if (!isAgent && (deleted || !mentionsCommand(body)) && !evidenced) return null;
      const thread = threadOf(name, p);
      const threadAuthor = thread.user ? classify(account(thread.user, `${thread.field}.user`)) : undefined;
      const commentAuthor = comment.user ? classify(account(comment.user, "comment.user")) : undefined;
      return make(
        `${name}.${action}` as ActionKind,
        {
          number: num(thread.number, `${thread.field}.number`),
          isPullRequest: name === "pull_request_review_comment" || (name === "issue_comment" && thread.pull_request !== undefined),
          // The thread's node id: a PR's for review comments; a discussion's, which a held discussion comment is re-posted into.
          prNodeId: name === "pull_request_review_comment" || name === "discussion_comment" ? optStr(thread.node_id) : undefined,
          sha: name === "pull_request_review_comment" ? optStr(asObject(thread.head ?? {}, "pull_request.head").sha) : undefined,
          nodeId: optStr(comment.node_id),
          url: optStr(comment.html_url),
          commentId: num(comment.id, "comment.id"),
          body: body ?? undefined,
          author: threadAuthor,
          authorAssociation: optStr(thread.author_association),
          commentAuthor,
          labels: labelNames(thread.labels),
          // An edit or a deletion changes someone's text: whose, and (an edit) what it said before.
          ...(action === "edited" ? changesOf(p) : {}),
          ...(action !== "created" && commentAuthor ? { textAuthor: commentAuthor } : {}),
          ...placementFields(name, comment),
          ...timeOf(action === "edited" ? [comment.updated_at, comment.created_at] : [comment.created_at]),
        },
        // A deleted comment's text is evidence, not a command.
        deleted ? undefined : body,
      );
    }
    case "commit_comment": {
      if (!isAgent || action !== "created") return null;
      const comment = asObject(p.comment, "comment");
      const body = nullableStr(comment.body);
      return make(
        "commit_comment.created",
        {
          nodeId: optStr(comment.node_id),
          url: optStr(comment.html_url),
          commentId: num(comment.id, "comment.id"),
          body: body ?? undefined,
          commentAuthor: comment.user ? classify(account(comment.user, "comment.user")) : undefined,
          ...(typeof comment.commit_id === "string" ? { sha: comment.commit_id, commitId: comment.commit_id } : {}),
          ...(typeof comment.path === "string" ? { path: comment.path } : {}),
          ...(typeof comment.line === "number" ? { line: comment.line } : {}),
          ...timeOf([comment.created_at]),
        },
        body,
      );
    }
    case "discussion": {
      if (!isAgent || (action !== "created" && action !== "edited")) return null;
      const discussion = asObject(p.discussion, "discussion");
      const body = nullableStr(discussion.body);
      const category = discussion.category && typeof discussion.category === "object" ? (discussion.category as Json) : {};
      return make(
        `discussion.${action}`,
        {
          number: num(discussion.number, "discussion.number"),
          nodeId: optStr(discussion.node_id),
          // The discussion's database id keys its held record, as a comment's id does.
          ...(typeof discussion.id === "number" ? { commentId: discussion.id } : {}),
          url: optStr(discussion.html_url),
          body: body ?? undefined,
          ...(typeof discussion.title === "string" ? { title: discussion.title } : {}),
          author: classify(discussion.user === null ? GHOST : account(discussion.user, "discussion.user")),
          authorAssociation: optStr(discussion.author_association),
          labels: labelNames(discussion.labels),
          ...(typeof repository.node_id === "string" ? { repositoryNodeId: repository.node_id } : {}),
          ...(typeof category.node_id === "string" ? { categoryNodeId: category.node_id } : {}),
          ...(action === "edited" ? editFields(p, discussion, "discussion", classify) : {}),
          ...timeOf(action === "edited" ? [discussion.updated_at, discussion.created_at] : [discussion.created_at]),
        },
        body,
      );
    }
    case "issues": {
      if (!(isAgent || (evidenced && action === "opened")) || !ISSUE_ACTIONS.has(action ?? "")) return null;
      const issue = asObject(p.issue, "issue");
      const target: Target = {
        number: num(issue.number, "issue.number"),
        nodeId: optStr(issue.node_id),
        url: optStr(issue.html_url),
        isPullRequest: false,
        body: nullableStr(issue.body) ?? undefined,
        ...(typeof issue.title === "string" ? { title: issue.title } : {}),
        // A deleted account's issue has `user: null`: still the agent's action on it, audited.
        author: classify(issue.user === null ? GHOST : account(issue.user, "issue.user")),
        authorAssociation: optStr(issue.author_association),
        labels: labelNames(issue.labels),
      };
      switch (action) {
        case "edited":
          return make("issues.edited", { ...target, ...editFields(p, issue, "issue", classify) });
        case "labeled":
        case "unlabeled":
          return make(`issues.${action}`, { ...target, ...labelField(p) });
        case "assigned": {
          const assignee = p.assignee ? account(p.assignee, "assignee").login : undefined;
          return make("issues.assigned", { ...target, ...(assignee ? { assignee } : {}) });
        }
        case "transferred": {
          const changes = p.changes && typeof p.changes === "object" ? (p.changes as Json) : {};
          const to =
            changes.new_repository && typeof changes.new_repository === "object"
              ? optStr((changes.new_repository as Json).full_name)
              : undefined;
          return make("issues.transferred", { ...target, ...(to ? { transferredTo: to } : {}) });
        }
        default:
          return make(`issues.${action}` as ActionKind, target);
      }
    }
    case "push": {
      const pusher = pushActor(p, sender, classify);
      // A person's push is decided only when its commits or branch carry evidence of an agent.
      if (pusher.kind === "app" || (pusher.kind !== "agent" && (p.deleted === true || tierOf(pusher.kind, evidence.signals) === "human")))
        return null;
      const ref = str(p.ref, "ref");
      return {
        ...make("push", {
          ref,
          sha: optStr(p.after),
          before: optStr(p.before),
          url: optStr(p.compare),
          toDefaultBranch: ref === `refs/heads/${base.defaultBranch}`,
          paths: changedPaths(p),
        }),
        actor: pusher,
      };
    }
    case "create":
    case "delete": {
      if (!isAgent) return null;
      // These webhooks name the ref short (`feature`, `v1.0`), with its type beside it.
      const refType: Pick<Target, "refType"> = p.ref_type === "branch" || p.ref_type === "tag" ? { refType: p.ref_type } : {};
      return make(name, { ref: optStr(p.ref), ...refType });
    }
    case "release": {
      if (!isAgent || (action !== "created" && action !== "edited" && action !== "published" && action !== "deleted")) return null;
      const release = asObject(p.release, "release");
      const author = release.author ? classify(account(release.author, "release.author")) : undefined;
      return make(`release.${action}`, {
        releaseId: num(release.id, "release.id"),
        releaseDraft: release.draft === true,
        nodeId: optStr(release.node_id),
        url: optStr(release.html_url),
        ref: optStr(release.tag_name),
        ...(typeof release.name === "string" && release.name !== "" ? { title: release.name } : {}),
        body: nullableStr(release.body) ?? undefined,
        ...(author ? { author } : {}),
        // A release's title is its `name`: `changes.name.from` is the title before the edit.
        ...(action === "edited" ? { ...changesOf(p, "name"), ...(author ? { textAuthor: author } : {}) } : {}),
      });
    }
    case "workflow_dispatch": {
      // No run id yet: the webhook names only the workflow file and the ref it runs on.
      if (!isAgent) return null;
      return make("workflow_dispatch", { ...(typeof p.workflow === "string" ? { workflow: p.workflow } : {}), ref: optStr(p.ref) });
    }
    case "workflow_run": {
      if (action !== "requested") return null;
      const run = asObject(p.workflow_run, "workflow_run");
      // Who started this run: a re-run's triggering actor differs from the original run's actor.
      const starter = classify(account(run.triggering_actor ?? run.actor ?? p.sender, "workflow_run.triggering_actor"));
      if (starter.kind !== "agent") return null;
      const workflow = optStr(run.path) ?? (p.workflow && typeof p.workflow === "object" ? optStr((p.workflow as Json).path) : undefined);
      return {
        ...make("workflow_run.requested", {
          runId: num(run.id, "workflow_run.id"),
          ...(workflow ? { workflow } : {}),
          nodeId: optStr(run.node_id),
          url: optStr(run.html_url),
          sha: optStr(run.head_sha),
          ...(typeof run.head_branch === "string" ? { headRef: run.head_branch } : {}),
          pullNumbers: pullNumbersOf(run.pull_requests),
        }),
        actor: starter,
      };
    }
    case "check_run": {
      // Anyone's Re-run on our gate (a human's too: it is how a maintainer asks for the gate again); no other check.
      if (action !== "rerequested") return null;
      const run = asObject(p.check_run, "check_run");
      if (run.name !== CHECK_NAME || !isThisApp(run.app, ctx.appLogin)) return null;
      return make("check_run.rerequested", {
        checkName: CHECK_NAME,
        sha: str(run.head_sha, "check_run.head_sha"),
        nodeId: optStr(run.node_id),
        url: optStr(run.html_url),
        pullNumbers: pullNumbersOf(run.pull_requests),
      });
    }
    default:
      return null;
  }
}

/** How GitHub shows a deleted account (`user: null` in a payload): https://github.com/ghost. */
const GHOST: AccountFields = { login: "ghost", id: 10137, type: "User" };

/** The issues actions an agent's write can cause that the permission table has rows for. */
const ISSUE_ACTIONS = new Set(["opened", "reopened", "edited", "closed", "labeled", "unlabeled", "assigned", "transferred", "deleted"]);

/**
 * An edit of an issue, PR or discussion: the text before (`changes.title.from`, `changes.body.from`)
 * and who wrote the text that was changed (the subject's author).
 */
function editFields(p: Json, subject: Json, field: string, classify: (a: AccountFields) => Actor): Partial<Target> {
  return { ...changesOf(p), ...(subject.user ? { textAuthor: classify(account(subject.user, `${field}.user`)) } : {}) };
}

/** `changes.<title>.from` and `changes.body.from` as `changes`, when the payload has either. */
function changesOf(p: Json, titleKey = "title"): Pick<Target, "changes"> {
  if (!p.changes || typeof p.changes !== "object") return {};
  const changes = p.changes as Json;
  const from = (key: string) => (changes[key] && typeof changes[key] === "object" ? (changes[key] as Json).from : undefined);
  const title = from(titleKey);
  const body = from("body");
  const out = { ...(typeof title === "string" ? { title } : {}), ...(typeof body === "string" ? { body } : {}) };
  return Object.keys(out).length > 0 ? { changes: out } : {};
}

/** labeled / unlabeled: the label's name. */
function labelField(p: Json): Pick<Target, "label"> {
  const name = p.label && typeof p.label === "object" ? (p.label as Json).name : undefined;
  return typeof name === "string" ? { label: name } : {};
}

/** review_requested: a user by login, a team as `org/slug`. */
function requestedReviewer(p: Json, org: string): Pick<Target, "requestedReviewer"> {
  const user = p.requested_reviewer && typeof p.requested_reviewer === "object" ? optStr((p.requested_reviewer as Json).login) : undefined;
  if (user) return { requestedReviewer: user };
  const team = p.requested_team && typeof p.requested_team === "object" ? optStr((p.requested_team as Json).slug) : undefined;
  return team ? { requestedReviewer: `${org}/${team}` } : {};
}

/** The numbers of the pull requests a check run or workflow run belongs to (GitHub lists only same-repository PRs). */
function pullNumbersOf(list: unknown): number[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((pr) =>
    pr && typeof pr === "object" && typeof (pr as Json).number === "number" ? [(pr as Json).number as number] : [],
  );
}

/**
 * The check run's app is this one, when both are known: an App's bot login is `<slug>[bot]`.
 * Another app's check that happens to share our name is not our gate.
 */
function isThisApp(app: unknown, appLogin: string | undefined): boolean {
  const slug = app && typeof app === "object" ? optStr((app as Json).slug) : undefined;
  if (slug === undefined || appLogin === undefined) return true;
  return `${slug}[bot]`.toLowerCase() === appLogin.toLowerCase();
}

/** Where a review comment or a discussion reply sits in its thread: what answering or re-posting in that thread needs. */
function placementFields(name: string, comment: Json): Partial<Target> {
  if (name === "pull_request_review_comment") {
    const line =
      typeof comment.line === "number" ? comment.line : typeof comment.original_line === "number" ? comment.original_line : undefined;
    return {
      ...(typeof comment.in_reply_to_id === "number" ? { inReplyToId: comment.in_reply_to_id } : {}),
      ...(typeof comment.path === "string" ? { path: comment.path } : {}),
      ...(line !== undefined ? { line } : {}),
      ...(comment.side === "LEFT" || comment.side === "RIGHT" ? { side: comment.side } : {}),
      ...(typeof comment.commit_id === "string" ? { commitId: comment.commit_id } : {}),
    };
  }
  if (name === "discussion_comment") return typeof comment.parent_id === "number" ? { isReply: true } : {};
  return {};
}

/** The first valid time among the candidates, as an ISO string (`commandAt`). */
function timeOf(candidates: unknown[]): Pick<Target, "commandAt"> {
  for (const value of candidates) {
    if (typeof value !== "string") continue;
    const ms = Date.parse(value);
    if (Number.isFinite(ms)) return { commandAt: new Date(ms).toISOString() };
  }
  return {};
}

/** Cheap check before parsing: does this body mention a command at all? */
function mentionsCommand(body: string | null): boolean {
  return body !== null && body.includes("/guardrails");
}

function pullRequestTarget(pr: Json, classify: (a: AccountFields) => Actor): Target {
  const head = asObject(pr.head, "pull_request.head");
  const baseRef = pr.base ? optStr(asObject(pr.base, "pull_request.base").ref) : undefined;
  return {
    number: num(pr.number, "pull_request.number"),
    nodeId: optStr(pr.node_id),
    prNodeId: optStr(pr.node_id),
    url: optStr(pr.html_url),
    sha: str(head.sha, "pull_request.head.sha"),
    isPullRequest: true,
    draft: pr.draft === true,
    ...(typeof pr.title === "string" ? { title: pr.title } : {}),
    author: classify(account(pr.user, "pull_request.user")),
    authorAssociation: optStr(pr.author_association),
    baseRef,
    ...(typeof head.ref === "string" ? { headRef: head.ref } : {}),
    ...(head.repo && typeof (head.repo as Json).full_name === "string" ? { headRepo: (head.repo as Json).full_name as string } : {}),
    ...(typeof pr.changed_files === "number" ? { changedFiles: pr.changed_files } : {}),
    labels: labelNames(pr.labels),
  };
}

/** The thread a comment belongs to, by event: issue (or PR-as-issue), pull request, discussion. */
function threadOf(name: string, p: Json): Json & { field: string } {
  const field = name === "issue_comment" ? "issue" : name === "pull_request_review_comment" ? "pull_request" : "discussion";
  return { ...asObject(p[field], field), field };
}

/**
 * Who pushed. The sender is the account whose credentials pushed; Copilot's commits are authored
 * by `copilot-swe-agent[bot]` while the sender may be `Copilot`, so a listed agent among the
 * commit authors also makes it an agent push.
 */
function pushActor(p: Json, sender: AccountFields, classify: (a: AccountFields) => Actor): Actor {
  const bySender = classify(sender);
  if (bySender.kind === "agent" || bySender.kind === "app") return bySender;
  for (const commit of commitsOf(p)) {
    for (const who of [commit.author, commit.committer]) {
      const username = who && typeof (who as Json).username === "string" ? ((who as Json).username as string) : undefined;
      if (username === undefined) continue;
      const byCommit = classify({ login: username, id: 0, type: username.endsWith("[bot]") ? "Bot" : "User" });
      if (byCommit.kind === "agent") return { ...byCommit, id: byCommit.login === sender.login ? sender.id : 0 };
    }
  }
  return bySender;
}

/** Every path a push's commits added, modified or removed (the payload lists up to 2,048 commits). */
function changedPaths(p: Json): string[] {
  const paths = new Set<string>();
  for (const commit of commitsOf(p)) {
    for (const key of ["added", "modified", "removed"]) {
      const list = commit[key];
      if (Array.isArray(list)) for (const path of list) if (typeof path === "string") paths.add(path);
    }
  }
  return [...paths].sort();
}

/** A push's commits that are objects: a `null` entry is skipped like any other malformed field, not dereferenced. */
function commitsOf(p: Json): Json[] {
  return Array.isArray(p.commits) ? p.commits.filter((c): c is Json => typeof c === "object" && c !== null && !Array.isArray(c)) : [];
}

function labelNames(labels: unknown): string[] | undefined {
  if (!Array.isArray(labels)) return undefined;
  return labels
    .map((l) => (typeof l === "string" ? l : typeof (l as Json)?.name === "string" ? ((l as Json).name as string) : ""))
    .filter(Boolean);
}

function account(value: unknown, field: string): AccountFields {
  const o = asObject(value, field);
  return { login: str(o.login, `${field}.login`), id: typeof o.id === "number" ? o.id : 0, type: optStr(o.type) };
}

function asObject(value: unknown, field: string): Json {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new MalformedPayloadError(`payload field ${field} is missing or not an object`);
  return value as Json;
}

function str(value: unknown, field: string): string {
  if (typeof value !== "string" || value === "") throw new MalformedPayloadError(`payload field ${field} is missing or not a string`);
  return value;
}

function num(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isFinite(value))
    throw new MalformedPayloadError(`payload field ${field} is missing or not a number`);
  return value;
}

function optStr(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function nullableStr(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}
