import { THREAD_COMMENT_KINDS } from "../policy/breaker/thread-comment-kinds.js";

/** A write by someone the pipeline does not otherwise act on, for the pace count. */
export interface PaceWrite {
  org: string;
  actor: string;
  repo: string;
  kind: string;
  /** For a comment: the issue, PR or discussion number, and whether a bot or a human wrote it (the loop breaker's chain). */
  thread?: number;
  actorKind?: "bot" | "human";
}

/**
 * Every webhook the app receives in which someone wrote (created, changed or removed content or a
 * ref), by action. Metadata triage (labels, assignees, review requests) is left out: a person
 * labelling a backlog is bursty at human pace and writes nothing an agent's limits are about.
 */
const WRITES: Record<string, readonly string[]> = {
  issue_comment: ["created", "edited", "deleted"],
  pull_request_review_comment: ["created", "edited", "deleted"],
  discussion_comment: ["created", "edited", "deleted"],
  pull_request_review: ["submitted", "edited", "dismissed"],
  pull_request: ["opened", "reopened", "synchronize", "edited", "closed", "ready_for_review", "converted_to_draft"],
  issues: ["opened", "reopened", "edited", "closed", "deleted"],
  push: [""],
  create: [""],
  delete: [""],
  release: ["published", "created", "edited", "deleted", "released", "prereleased", "unpublished"],
};

/**
 * The write a webhook records (who, where, what), or null when it is not a write or was ours.
 * Payload fields only: counting a human costs no GitHub request.
 */
export function paceEvent(name: string, payload: unknown, appLogin: string | undefined): PaceWrite | null {
  const p = payload as {
    action?: unknown;
    sender?: { login?: unknown; type?: unknown };
    repository?: { name?: unknown; owner?: { login?: unknown } };
    issue?: { number?: unknown };
    pull_request?: { number?: unknown };
    discussion?: { number?: unknown };
  } | null;
  const actions = WRITES[name];
  if (!actions || !p) return null;
  const action = typeof p.action === "string" ? p.action : "";
  if (!actions.includes(action)) return null;
  const actor = p.sender?.login;
  const owner = p.repository?.owner?.login;
  const repo = p.repository?.name;
  if (typeof actor !== "string" || typeof owner !== "string" || typeof repo !== "string") return null;
  if (appLogin !== undefined && actor.toLowerCase() === appLogin.toLowerCase()) return null;
  const kind = action ? `${name}.${action}` : name;
  const write: PaceWrite = { org: owner, actor, repo: `${owner}/${repo}`, kind };
  const thread = p.issue?.number ?? p.pull_request?.number ?? p.discussion?.number;
  if (THREAD_COMMENT_KINDS.has(kind) && typeof thread === "number") {
    // Same test as classifyActor's for an unlisted bot: the account type, or a `[bot]` login.
    const bot = p.sender?.type === "Bot" || actor.endsWith("[bot]");
    return { ...write, thread, actorKind: bot ? "bot" : "human" };
  }
  return write;
}
