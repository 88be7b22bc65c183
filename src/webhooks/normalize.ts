import type { AgentEntry } from "../config/schema.js";
import { parseCommands } from "../commands/parse-commands.js";
import type { ActionKind, Actor, AgentAction, Target } from "../policy/agent-action.js";
import { classifyActor, type AccountFields } from "../policy/classify-actor.js";

/** What normalize needs besides the webhook: who the agents are and who we are. */
export interface NormalizeContext {
  agents: readonly AgentEntry[];
  appLogin: string | undefined;
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
 * is not an agent and the event is neither a command nor a pull request that needs the required
 * check. Pure: reads the payload only, never the API. Events this app caused return null (no loops).
 */
export function normalize(name: string, deliveryId: string, payload: unknown, ctx: NormalizeContext): AgentAction | null {
  const p = asObject(payload, "payload");
  const action = typeof p.action === "string" ? p.action : undefined;
  const repository = asObject(p.repository, "repository");
  const owner = asObject(repository.owner, "repository.owner");
  const sender = account(p.sender, "sender");
  const actor = classifyActor(sender, ctx.agents, ctx.appLogin);
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
  const classify = (a: AccountFields): Actor => classifyActor(a, ctx.agents, ctx.appLogin);
  const isAgent = actor.kind === "agent";

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
        if (merger.kind !== "agent") return null;
        const sha = typeof pr.merge_commit_sha === "string" ? pr.merge_commit_sha : target.sha;
        return { ...make("pull_request.merged", { ...target, sha }), actor: merger };
      }
      if (!isAgent) return null;
      if (action === "closed" || action === "edited" || action === "converted_to_draft") return make(`pull_request.${action}`, target);
      return null;
    }
    case "pull_request_review": {
      if (action !== "submitted" && action !== "edited") return null;
      const pr = asObject(p.pull_request, "pull_request");
      const review = asObject(p.review, "review");
      const body = nullableStr(review.body);
      if (!isAgent && !mentionsCommand(body)) return null;
      return make(
        `pull_request_review.${action}`,
        {
          ...pullRequestTarget(pr, classify),
          nodeId: optStr(review.node_id),
          url: optStr(review.html_url),
          reviewId: num(review.id, "review.id"),
          reviewState: typeof review.state === "string" ? review.state.toLowerCase() : undefined,
          body: body ?? undefined,
          commentAuthor: review.user ? classify(account(review.user, "review.user")) : undefined,
          ...timeOf(action === "edited" ? [review.updated_at, review.submitted_at] : [review.submitted_at, review.updated_at]),
        },
        body,
      );
    }
    case "issue_comment":
    case "pull_request_review_comment":
    case "discussion_comment": {
      if (action !== "created" && action !== "edited") return null;
      const comment = asObject(p.comment, "comment");
      const body = nullableStr(comment.body);
      if (!isAgent && !mentionsCommand(body)) return null;
      const thread = threadOf(name, p);
      const threadAuthor = thread.user ? classify(account(thread.user, `${thread.field}.user`)) : undefined;
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
          commentAuthor: comment.user ? classify(account(comment.user, "comment.user")) : undefined,
          labels: labelNames(thread.labels),
          ...placementFields(name, comment),
          ...timeOf(action === "edited" ? [comment.updated_at, comment.created_at] : [comment.created_at]),
        },
        body,
      );
    }
    case "issues": {
      if (!isAgent || (action !== "opened" && action !== "reopened")) return null;
      const issue = asObject(p.issue, "issue");
      return make(`issues.${action}`, {
        number: num(issue.number, "issue.number"),
        nodeId: optStr(issue.node_id),
        url: optStr(issue.html_url),
        body: nullableStr(issue.body) ?? undefined,
        author: classify(account(issue.user, "issue.user")),
        labels: labelNames(issue.labels),
      });
    }
    case "push": {
      const pusher = pushActor(p, sender, classify);
      if (pusher.kind !== "agent") return null;
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
      return make(name, { ref: optStr(p.ref) });
    }
    case "release": {
      if (!isAgent || action !== "published") return null;
      const release = asObject(p.release, "release");
      return make("release.published", { url: optStr(release.html_url), ref: optStr(release.tag_name), body: nullableStr(release.body) ?? undefined });
    }
    default:
      return null;
  }
}

/** Where a review comment or a discussion reply sits in its thread: what answering or re-posting in that thread needs. */
function placementFields(name: string, comment: Json): Partial<Target> {
  if (name === "pull_request_review_comment") {
    const line = typeof comment.line === "number" ? comment.line : typeof comment.original_line === "number" ? comment.original_line : undefined;
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
  return labels.map((l) => (typeof l === "string" ? l : typeof (l as Json)?.name === "string" ? ((l as Json).name as string) : "")).filter(Boolean);
}

function account(value: unknown, field: string): AccountFields {
  const o = asObject(value, field);
  return { login: str(o.login, `${field}.login`), id: typeof o.id === "number" ? o.id : 0, type: optStr(o.type) };
}

function asObject(value: unknown, field: string): Json {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new MalformedPayloadError(`payload field ${field} is missing or not an object`);
  return value as Json;
}

function str(value: unknown, field: string): string {
  if (typeof value !== "string" || value === "") throw new MalformedPayloadError(`payload field ${field} is missing or not a string`);
  return value;
}

function num(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) throw new MalformedPayloadError(`payload field ${field} is missing or not a number`);
  return value;
}

function optStr(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function nullableStr(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}
