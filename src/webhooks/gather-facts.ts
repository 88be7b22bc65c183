import type { GuardrailsConfig } from "../config/schema.js";
import type { GitHubAdapter } from "../github/github-adapter.js";
import type { AgentAction } from "../policy/agent-action.js";
import { classifyActor } from "../policy/classify-actor.js";
import type { PolicyState, RerunPullRequest } from "../policy/policy-state.js";
import { CHECK_NAME } from "../policy/effect.js";
import { roleAtLeast } from "../policy/repo-role.js";
import { mentionedLogins } from "../policy/mentioned-logins.js";
import type { RoleCache } from "./role-cache.js";
import { historyItemOf, isAgentAction } from "../breaker/history-item-of.js";
import { lookbackMs } from "../policy/breaker/lookback-ms.js";
import { THREAD_COMMENT_KINDS } from "../policy/breaker/thread-comment-kinds.js";
import { commentUrlIds } from "../commands/comment-url-ids.js";
import { discussionUrlNumbers } from "../commands/discussion-url-numbers.js";
import { TRUST_WINDOW_MS, trustEvidence } from "../commands/trust-evidence.js";
import { commandAgent } from "../policy/rules/breaker-commands.js";
import { tierMode } from "../policy/rules/tier-rules.js";
import { accountTier } from "../policy/tier/account-tier.js";
import type { Store } from "../store/store.js";
import { agentBranchKey, agentPullRequestKey } from "./agent-commits.js";

/** What gathering facts may read. */
export interface FactDeps {
  github: GitHubAdapter;
  store: Store;
  roles: RoleCache;
  appLogin: string | undefined;
  now: Date;
  /** The installation's granted permissions (for `drill`), cached by the caller. */
  installationPermissions: (installationId: number) => Promise<Readonly<Record<string, string>>>;
}

/**
 * Reads, at the edge, the facts `decide` needs that the payload lacks — and only those: a role
 * only when a human wrote a command, a PR only when an approval must know its head sha, stored
 * approvals only for a gated PR. Everything else costs nothing.
 */
export async function gatherFacts(action: AgentAction, config: GuardrailsConfig, deps: FactDeps): Promise<PolicyState> {
  // Only the reads a decision needs: a human's plain event never gets here, and an agent's PR needs none.
  const state: PolicyState = {};
  const { target, actor, repo } = action;
  const commands = action.commands?.commands ?? [];
  const forged = target.commentAuthor !== undefined && target.commentAuthor.login.toLowerCase() !== actor.login.toLowerCase();
  let authorized = false;
  if (commands.length > 0 && actor.kind === "human" && !forged && action.tier !== "suspected") {
    state.commanderRole = await deps.roles.get(`${repo.owner}/${repo.repo}:${actor.login}`, deps.now, () =>
      deps.github.getPermission(repo, actor.login),
    );
    // Below `approvers` the command is refused: nothing more is worth reading.
    authorized = roleAtLeast(state.commanderRole, config.approvers);
    if (authorized && commands.some((c) => c.name === "approve") && target.isPullRequest && target.number !== undefined) {
      state.pullRequest = await pullRequestOf(action, config, deps);
      if (state.pullRequest.authorKind === "agent" || state.pullRequest.agentCommitsBy !== undefined) {
        state.pullRequest.headAtCommand = await headAt(deps.store, action);
      }
    }
  }
  if (authorized && commands.some((c) => c.name === "approve" || c.name === "reject")) {
    const named = commands.flatMap((c) => commentUrlIds(c.args));
    state.pendingComments = await deps.store.heldComments({
      owner: repo.owner,
      repo: repo.repo,
      status: "pending",
      ...(named.length ? { commentIds: named } : { number: target.number }),
    });
    // A held discussion is named by its URL (it has no thread left to comment in).
    for (const number of new Set(commands.flatMap((c) => discussionUrlNumbers(c.args)))) {
      state.pendingComments = [
        ...state.pendingComments,
        ...(await deps.store.heldComments({ owner: repo.owner, repo: repo.repo, status: "pending", number })).filter(
          (h) => h.placement?.discussion,
        ),
      ];
    }
  }
  if (actor.kind === "agent" && target.commentId !== undefined && COMMENT_EVENTS.has(action.event)) {
    state.external = await externalFacts(action, deps);
    if (action.kind.endsWith(".edited")) {
      [state.heldComment] = await deps.store.heldComments({ owner: repo.owner, repo: repo.repo, commentIds: [target.commentId] });
    }
  }
  if (actor.kind === "agent" && action.event === "pull_request_review" && target.body?.trim()) {
    state.external = await externalFacts(action, deps);
  }
  // A discussion reply is answered (or re-posted) under its parent: GitHub nests one level only,
  // and the payload names the parent by database id, which GraphQL cannot take.
  const replies = actor.kind === "agent" || (authorized && commands.some((c) => c.name === "status" || c.name === "drill"));
  if (action.event === "discussion_comment" && target.isReply && target.nodeId && replies) {
    state.discussionParentNodeId = (await deps.github.getDiscussionCommentParent(target.nodeId)) ?? undefined;
  }
  if (action.kind === "check_run.rerequested" && target.checkName === CHECK_NAME)
    state.rerun = { pullRequests: await rerunFacts(action, config, deps) };
  if (actor.kind === "agent") await agentBreakerFacts(action, config, deps, state);
  if (authorized) {
    await commandBreakerFacts(action, config, deps, state);
  }
  // A promote or demote (from an approver, or from the agent's owner whatever their role) carries
  // the agent's record: one store read, no request.
  const trust = commands.find((c) => c.name === "promote" || c.name === "demote");
  if (trust && actor.kind === "human" && !forged && trust.args[0]?.startsWith("@")) {
    const agent = trust.args[0].slice(1);
    const from = new Date(deps.now.getTime() - TRUST_WINDOW_MS);
    const rows = await deps.store.listAudit({ org: action.org, since: from.toISOString(), until: deps.now.toISOString(), limit: 10_000 });
    const breakers = [...(await deps.store.breakers(action.org)), ...(await deps.store.breakers(`${repo.owner}/${repo.repo}`))];
    state.trust = {
      agent,
      window: `${action.org}, the last ${Math.round(TRUST_WINDOW_MS / 86_400_000)} days`,
      evidence: trustEvidence(rows, breakers, agent, from, deps.now),
    };
  }
  // A human's PR whose branch carries an agent's commits is an agent PR (one store read, no request).
  if (action.event === "pull_request" && target.author?.kind !== "agent" && actor.kind !== "agent" && target.headRef) {
    state.agentCommitsBy = await agentOnBranch(deps.store, target.headRepo ?? `${repo.owner}/${repo.repo}`, target.headRef);
    // Remembered by number too, so an approve in the conversation finds it without reading the PR.
    const key = agentPullRequestKey(`${repo.owner}/${repo.repo}`, target.number!);
    if (state.agentCommitsBy !== undefined && !(await deps.store.getCachedFile(key))?.text)
      await deps.store.putCachedFile(key, state.agentCommitsBy, deps.now.toISOString());
  }
  // A person's PR its evidence gates (tiers.<tier>.pull_request: gate) is remembered by number like
  // one carrying an agent's commits, under the account whose token was used: an approve finds it.
  const tierGated =
    action.event === "pull_request" &&
    actor.kind !== "agent" &&
    target.author?.kind !== "agent" &&
    tierMode(action, config.tiers, "pull_request") === "gate";
  if (tierGated && target.number !== undefined && state.agentCommitsBy === undefined) {
    const key = agentPullRequestKey(`${repo.owner}/${repo.repo}`, target.number);
    if (!(await deps.store.getCachedFile(key))?.text)
      await deps.store.putCachedFile(key, target.author?.login ?? actor.login, deps.now.toISOString());
  }
  if (
    action.event === "pull_request" &&
    target.number !== undefined &&
    (target.author?.kind === "agent" || actor.kind === "agent" || state.agentCommitsBy !== undefined || tierGated)
  ) {
    const approvals = await deps.store.approvalsFor(repo.owner, repo.repo, target.number);
    state.approvedShas = approvals.map((a) => a.headSha);
  }
  return state;
}

/** The acting agent's breaker, its sliding windows and, for its PRs, the changed paths. */
async function agentBreakerFacts(action: AgentAction, config: GuardrailsConfig, deps: FactDeps, state: PolicyState): Promise<void> {
  const { org, actor, target, repo } = action;
  const full = `${repo.owner}/${repo.repo}`;
  // A breaker's scope is the org (org-wide) or `owner/repo` (this repository only).
  const breakers = [...(await deps.store.breakers(org)), ...(await deps.store.breakers(full))];
  const open = breakers.find((b) => b.state === "open" && (b.agent === "*" || b.agent.toLowerCase() === actor.login.toLowerCase()));
  state.breaker = open ? { halted: true, reason: open.reason ?? "halted" } : { halted: false };
  if (open) return;
  state.activity = await deps.store.activityCounts(
    org,
    actor.login,
    deps.now,
    config.limits.burst.seconds,
    config.limits.per_repo ? full : undefined,
  );
  // The thread's last comments, enough to tell a loop: one indexed store read, no request.
  if (config.breaker.trip_on.includes("loop") && THREAD_COMMENT_KINDS.has(action.kind) && target.number !== undefined) {
    const since = new Date(deps.now.getTime() - config.limits.loop.seconds * 1000).toISOString();
    const recent = await deps.store.threadComments(full, target.number, since, deps.now.toISOString(), config.limits.loop.replies - 1);
    state.loop = { thread: target.number, recent };
  }
  const scoped = config.breaker.trip_on.includes("scope") || config.breaker.trip_on.includes("protected");
  if (scoped && action.event === "pull_request" && /opened|reopened|synchronize/.test(action.kind) && target.number !== undefined) {
    const files = await deps.github.listPullRequestFiles(repo, target.number, target.changedFiles);
    state.prFiles = files.paths;
    if (files.truncated) state.prFilesTruncated = true;
  }
}

/** What `status` and `drill` report: read from the store, plus the installation's permissions for a drill. */
async function commandBreakerFacts(action: AgentAction, config: GuardrailsConfig, deps: FactDeps, state: PolicyState): Promise<void> {
  const { org, repo } = action;
  for (const command of action.commands?.commands ?? []) {
    if (command.name === "status") {
      const named = command.args[0]?.startsWith("@") ? command.args[0].slice(1) : undefined;
      if (named) {
        // The account's tier: its audit rows of the last week (one store read, no request).
        const weekAgo = new Date(deps.now.getTime() - 7 * 86_400_000).toISOString();
        state.accountTier = accountTier(await deps.store.listAudit({ org, actor: named, since: weekAgo, limit: 1000 }), named);
      }
      const hourAgo = new Date(deps.now.getTime() - 3_600_000).toISOString();
      const [breakers, actors, held, pending] = await Promise.all([
        deps.store.breakers(org).then(async (own) => [...own, ...(await deps.store.breakers(`${repo.owner}/${repo.repo}`))]),
        deps.store.activeActors(org, hourAgo),
        deps.store.heldComments({ owner: repo.owner, repo: repo.repo, status: "pending" }),
        deps.store.listEffects({ status: "pending" }),
      ]);
      // Activity rows are written only for actors classified as agents (by login or by their real
      // numeric id) when they acted, so every active actor is an agent: no second lookup here,
      // which would know only the login and miss an agent listed by id alone.
      const agents = new Set([...breakers.map((b) => b.agent), ...actors]);
      state.agents = await Promise.all(
        [...agents].sort().map(async (agent) => {
          const breaker = breakers.find((b) => b.agent === agent && b.state === "open") ?? breakers.find((b) => b.agent === agent);
          const where = breaker?.org.includes("/") ? ` in ${breaker.org}` : "";
          return {
            agent,
            halted: breaker?.state === "open",
            reason: breaker?.state === "open" ? `${breaker.reason ?? "halted"}${where}` : undefined,
            since: breaker?.state === "open" ? (breaker.trippedAt ?? undefined) : undefined,
            counts: agent === "*" ? undefined : await deps.store.activityCounts(org, agent, deps.now, config.limits.burst.seconds),
            pendingComments: held.filter((h) => h.author.toLowerCase() === agent.toLowerCase()).length,
            pendingEffects: pending.filter((e) => e.tag?.startsWith("trip:") && e.tag.includes(`:${agent}:`)).length,
          };
        }),
      );
    }
    if (command.name === "drill") {
      const agent = commandAgent(command, action);
      if (agent === undefined) continue;
      const since = new Date(deps.now.getTime() - lookbackMs(config.breaker.lookback)).toISOString();
      const rows = await deps.store.listAudit({ org, since, ...(agent === "*" ? {} : { actor: agent }), limit: 10_000 });
      state.drill = {
        agent,
        history: rows.filter(isAgentAction).map(historyItemOf),
        permissions: await deps.installationPermissions(action.installationId),
      };
    }
  }
}

const COMMENT_EVENTS = new Set(["issue_comment", "pull_request_review_comment", "discussion_comment"]);

/** author_association values that say the thread's opener is inside the org, outside it, or cannot tell. */
const INSIDE = new Set(["OWNER", "MEMBER"]);
const OUTSIDE = new Set(["NONE", "FIRST_TIMER", "FIRST_TIME_CONTRIBUTOR", "MANNEQUIN"]);
/**
 * The same on a personal account, which has no members: the owner and the collaborators are
 * inside, a past contributor who is not a collaborator is not.
 * https://docs.github.com/en/graphql/reference/enums#commentauthorassociation
 */
const INSIDE_PERSONAL = new Set(["OWNER", "COLLABORATOR"]);
const OUTSIDE_PERSONAL = new Set([...OUTSIDE, "CONTRIBUTOR"]);

/**
 * Whether an agent's comment speaks to people outside the org: the thread's opener (from the
 * payload's author_association; the API only for COLLABORATOR/CONTRIBUTOR, which cannot tell) and
 * the people it @-mentions (membership read once each, cached briefly). Only agent comments pay
 * for this.
 */
async function externalFacts(
  action: AgentAction,
  deps: { github: GitHubAdapter; roles: RoleCache; now: Date },
): Promise<{ outsideThread: boolean; outsideMentions: string[] }> {
  const { target, org, repo } = action;
  const personal = action.ownerType === "User";
  // A personal account has no org (`/orgs/{owner}/members/…` is always 404): inside is the owner
  // or a collaborator. Its collaborators can push; `read` is what GitHub answers for anyone on a
  // public repository, so only write and above count.
  // https://docs.github.com/articles/permission-levels-for-a-user-account-repository
  const isMember = personal
    ? async (login: string) =>
        login.toLowerCase() === repo.owner.toLowerCase() ||
        roleAtLeast(
          await deps.roles.get(`${repo.owner}/${repo.repo}:${login}`, deps.now, () => deps.github.getPermission(repo, login)),
          "write",
        )
    : (login: string) => deps.roles.member(`${org}:${login}`, deps.now, () => deps.github.isOrgMember(org, login));
  const [inside, outside] = personal ? [INSIDE_PERSONAL, OUTSIDE_PERSONAL] : [INSIDE, OUTSIDE];
  let outsideThread = false;
  const opener = target.author;
  if (opener && opener.kind !== "agent" && opener.kind !== "app") {
    const association = target.authorAssociation ?? "";
    if (outside.has(association)) outsideThread = true;
    else if (!inside.has(association)) outsideThread = !(await isMember(opener.login));
  }
  const outsideMentions: string[] = [];
  for (const login of mentionedLogins(target.body ?? "").slice(0, 10)) {
    if (!(await isMember(login))) outsideMentions.push(login);
  }
  return { outsideThread, outsideMentions };
}

/** The listed agent whose commits a branch carries, as recorded from its pushes. */
async function agentOnBranch(store: Store, fullRepo: string, branch: string): Promise<string | undefined> {
  return (await store.getCachedFile(agentBranchKey(fullRepo, branch)))?.text ?? undefined;
}

/** The agent whose commits a PR carries: recorded for the PR by number, else for its head branch. Store reads only. */
async function agentCommitsOn(
  store: Store,
  full: string,
  number: number,
  headRef: string | undefined,
  headRepo: string | undefined,
): Promise<string | undefined> {
  return (
    (await store.getCachedFile(agentPullRequestKey(full, number)))?.text ??
    (headRef ? await agentOnBranch(store, headRepo ?? full, headRef) : undefined)
  );
}

const HEAD_MOVES = ["pull_request.opened", "pull_request.reopened", "pull_request.synchronize"];

/**
 * The head the approver saw: the last head the app recorded (its audit rows of the PR's opened,
 * reopened and synchronize events) at or before the comment was written. Before the first row:
 * the opening head when that row is the opening, else unknown (null). No row at all: undefined.
 */
async function headAt(store: Store, action: AgentAction): Promise<string | null | undefined> {
  const rows = (
    await store.listAudit({ repo: `${action.repo.owner}/${action.repo.repo}`, targetNumber: action.target.number!, actions: HEAD_MOVES })
  ).filter((r) => r.targetSha);
  if (rows.length === 0) return undefined;
  const at = action.target.commandAt;
  if (at === undefined) return rows[rows.length - 1]!.targetSha;
  const before = rows.filter((r) => r.at <= at);
  if (before.length > 0) return before[before.length - 1]!.targetSha;
  return rows[0]!.action === "pull_request.synchronize" ? null : rows[0]!.targetSha;
}

/** The PR a command is about: from the payload when it has the head, else one read. */
async function pullRequestOf(
  action: AgentAction,
  config: GuardrailsConfig,
  deps: { github: GitHubAdapter; appLogin: string | undefined; store: Store },
): Promise<NonNullable<PolicyState["pullRequest"]>> {
  const { target, repo } = action;
  const number = target.number!;
  const author = target.author;
  const full = `${repo.owner}/${repo.repo}`;
  if (author && author.kind === "agent" && target.sha && target.prNodeId) {
    return {
      number,
      nodeId: target.prNodeId,
      headSha: target.sha,
      url: target.url ?? "",
      authorLogin: author.login,
      authorId: author.id,
      authorKind: author.kind,
    };
  }
  if (author && author.kind !== "agent") {
    // A human's PR is an agent PR only when its PR events found an agent's commits on its branch
    // (recorded by number) or a review's payload names a recorded branch: otherwise nothing to approve, and nothing is read from GitHub.
    const agentCommitsBy = await agentCommitsOn(deps.store, full, number, target.headRef, target.headRepo);
    if (agentCommitsBy === undefined) {
      return {
        number,
        nodeId: target.prNodeId ?? "",
        headSha: target.sha ?? "",
        url: target.url ?? "",
        authorLogin: author.login,
        authorId: author.id,
        authorKind: author.kind,
      };
    }
    if (target.sha && target.prNodeId) {
      return {
        number,
        nodeId: target.prNodeId,
        headSha: target.sha,
        url: target.url ?? "",
        authorLogin: author.login,
        authorId: author.id,
        authorKind: author.kind,
        agentCommitsBy,
      };
    }
  }
  // A human's PR may carry an agent's commits: its head branch is needed, so it is read too.
  const pr = await deps.github.getPullRequest(repo, number);
  const prAuthor = classifyActor({ login: pr.authorLogin, id: pr.authorId }, config.agents, deps.appLogin);
  const agentCommitsBy = prAuthor.kind === "agent" ? undefined : await agentCommitsOn(deps.store, full, number, pr.headRef, pr.headRepo);
  return {
    number,
    nodeId: pr.nodeId,
    headSha: pr.headSha,
    url: pr.htmlUrl,
    authorLogin: pr.authorLogin,
    authorId: pr.authorId,
    authorKind: prAuthor.kind,
    ...(agentCommitsBy ? { agentCommitsBy } : {}),
  };
}

/** At most this many PRs of one Re-run are read (a sha shared by more PRs is unusual: forks' PRs of one branch). */
const MAX_RERUN_PULLS = 10;

/**
 * What a Re-run of the gate is decided from, for each PR of the check: the PR itself from GitHub
 * (author, current head: a Re-run on a stale sha gates the real head), its approvals and the agent
 * whose commits its branch carries from the store. Closed PRs have nothing to gate.
 */
async function rerunFacts(action: AgentAction, config: GuardrailsConfig, deps: FactDeps): Promise<RerunPullRequest[]> {
  const { repo } = action;
  const full = `${repo.owner}/${repo.repo}`;
  const out: RerunPullRequest[] = [];
  for (const number of [...new Set(action.target.pullNumbers ?? [])].slice(0, MAX_RERUN_PULLS)) {
    const pr = await deps.github.getPullRequest(repo, number);
    if (pr.state !== "open") continue;
    const author = classifyActor({ login: pr.authorLogin, id: pr.authorId }, config.agents, deps.appLogin);
    const agentCommitsBy = author.kind === "agent" ? undefined : await agentCommitsOn(deps.store, full, number, pr.headRef, pr.headRepo);
    const approvals = await deps.store.approvalsFor(repo.owner, repo.repo, number);
    out.push({
      number,
      nodeId: pr.nodeId,
      url: pr.htmlUrl,
      headSha: pr.headSha,
      author,
      ...(agentCommitsBy ? { agentCommitsBy } : {}),
      approvedShas: approvals.map((a) => a.headSha),
    });
  }
  return out;
}
