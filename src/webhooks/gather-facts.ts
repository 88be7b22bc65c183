import type { GuardrailsConfig } from "../config/schema.js";
import type { GitHubAdapter } from "../github/github-adapter.js";
import type { AgentAction } from "../policy/agent-action.js";
import { classifyActor } from "../policy/classify-actor.js";
import type { PolicyState } from "../policy/policy-state.js";
import type { RepoRole } from "../policy/repo-role.js";
import type { Store } from "../store/store.js";

/** A short-lived cache of commenters' roles: a burst of commands costs one permission read. */
export class RoleCache {
  private readonly entries = new Map<string, { role: RepoRole; until: number }>();
  constructor(private readonly ttlMs = 60_000) {}

  async get(key: string, now: Date, load: () => Promise<RepoRole>): Promise<RepoRole> {
    const hit = this.entries.get(key);
    if (hit && hit.until > now.getTime()) return hit.role;
    const role = await load();
    this.entries.set(key, { role, until: now.getTime() + this.ttlMs });
    return role;
  }
}

/**
 * Reads, at the edge, the facts `decide` needs that the payload lacks — and only those: a role
 * only when a human wrote a command, a PR only when an approval must know its head sha, stored
 * approvals only for a gated PR. Everything else costs nothing.
 */
export async function gatherFacts(
  action: AgentAction,
  config: GuardrailsConfig,
  deps: { github: GitHubAdapter; store: Store; roles: RoleCache; appLogin: string | undefined; now: Date },
): Promise<PolicyState> {
  const state: PolicyState = {};
  const { target, actor, repo } = action;
  const commands = action.commands?.commands ?? [];
  const forged = target.commentAuthor !== undefined && target.commentAuthor.login.toLowerCase() !== actor.login.toLowerCase();
  if (commands.length > 0 && actor.kind === "human" && !forged) {
    state.commanderRole = await deps.roles.get(`${repo.owner}/${repo.repo}:${actor.login}`, deps.now, () => deps.github.getPermission(repo, actor.login));
    if (commands.some((c) => c.name === "approve") && target.isPullRequest && target.number !== undefined && state.commanderRole !== undefined) {
      state.pullRequest = await pullRequestOf(action, config, deps);
    }
  }
  if (action.event === "pull_request" && target.number !== undefined && (target.author?.kind === "agent" || actor.kind === "agent")) {
    const approvals = await deps.store.approvalsFor(repo.owner, repo.repo, target.number);
    state.approvedShas = approvals.map((a) => a.headSha);
  }
  return state;
}

/** The PR a command is about: from the payload when it has the head, else one read. */
async function pullRequestOf(
  action: AgentAction,
  config: GuardrailsConfig,
  deps: { github: GitHubAdapter; appLogin: string | undefined },
): Promise<PolicyState["pullRequest"]> {
  const { target, repo } = action;
  const number = target.number!;
  const author = target.author;
  if (author && author.kind !== "agent") {
    // Not an agent's PR: nothing to approve, so no need to read it.
    return { number, nodeId: target.prNodeId ?? "", headSha: target.sha ?? "", url: target.url ?? "", authorLogin: author.login, authorKind: author.kind };
  }
  if (author && target.sha && target.prNodeId) {
    return { number, nodeId: target.prNodeId, headSha: target.sha, url: target.url ?? "", authorLogin: author.login, authorKind: author.kind };
  }
  const pr = await deps.github.getPullRequest(repo, number);
  const prAuthor = classifyActor({ login: pr.authorLogin, id: pr.authorId }, config.agents, deps.appLogin);
  return { number, nodeId: pr.nodeId, headSha: pr.headSha, url: pr.htmlUrl, authorLogin: pr.authorLogin, authorKind: prAuthor.kind };
}
