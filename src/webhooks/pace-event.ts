/** A write by someone the pipeline does not otherwise act on, for the pace count. */
export interface PaceWrite {
  org: string;
  actor: string;
  repo: string;
  kind: string;
}

const WRITES: Record<string, readonly string[]> = {
  issue_comment: ["created"],
  pull_request_review_comment: ["created"],
  discussion_comment: ["created"],
  pull_request_review: ["submitted"],
  pull_request: ["opened"],
  issues: ["opened"],
  push: [""],
  create: [""],
  release: ["published"],
};

/**
 * The write a webhook records (who, where, what), or null when it is not a write or was ours.
 * Payload fields only: counting a human costs no GitHub request.
 */
export function paceEvent(name: string, payload: unknown, appLogin: string | undefined): PaceWrite | null {
  const p = payload as { action?: unknown; sender?: { login?: unknown }; repository?: { name?: unknown; owner?: { login?: unknown } } } | null;
  const actions = WRITES[name];
  if (!actions || !p) return null;
  const action = typeof p.action === "string" ? p.action : "";
  if (!actions.includes(action)) return null;
  const actor = p.sender?.login;
  const owner = p.repository?.owner?.login;
  const repo = p.repository?.name;
  if (typeof actor !== "string" || typeof owner !== "string" || typeof repo !== "string") return null;
  if (appLogin !== undefined && actor.toLowerCase() === appLogin.toLowerCase()) return null;
  return { org: owner, actor, repo: `${owner}/${repo}`, kind: action ? `${name}.${action}` : name };
}
