import type { Actor, ActorKind } from "./agent-action.js";
import type { ActivityCounts } from "./breaker/activity-counts.js";
import type { HistoryItem } from "./breaker/history-item.js";
import type { HeldComment } from "./held-comment.js";
import type { RepoRole } from "./repo-role.js";
import type { ThreadComment } from "./breaker/thread-comment.js";
import type { AccountTier } from "./tier/account-tier.js";

/** The pull request a command or review is about, as the edge fetched it. */
export interface PullRequestState {
  number: number;
  nodeId: string;
  headSha: string;
  url: string;
  authorLogin: string;
  /** The author's numeric account id: `agents:` entries may name an agent by id alone. */
  authorId: number;
  authorKind: ActorKind;
  /** A listed agent whose commits the PR's head branch carries (a push recorded it): the PR is an agent PR. */
  agentCommitsBy?: string;
  /**
   * The head the approver saw: the last head the app recorded for this PR at or before the
   * comment was written; null when the app recorded heads but cannot tell which one that was;
   * absent when it recorded none (the current head then).
   */
  headAtCommand?: string | null;
}

/**
 * The facts `decide` reads beyond the action and the config, gathered at the edge (store and
 * API) before the pure core runs, so that the core needs no I/O of its own.
 */
export interface PolicyState {
  /** Repository role of a human who wrote commands (absent when no command needs authorizing). */
  commanderRole?: RepoRole;
  /** The pull request a command refers to, when the payload alone could not say. */
  pullRequest?: PullRequestState;
  /** For a pull request event on a PR neither opened nor pushed by an agent: the listed agent whose commits its branch carries. */
  agentCommitsBy?: string;
  /** Head shas of this PR that a maintainer already approved. */
  approvedShas?: readonly string[];
  /** For an agent comment: whether it speaks to people outside the org (thread opener, mentions). */
  external?: { outsideThread: boolean; outsideMentions: readonly string[] };
  /** For an agent comment being edited: its held record, if any. */
  heldComment?: HeldComment;
  /** For approve/reject: the pending agent comments of this thread and of any comment URLs named. */
  pendingComments?: readonly HeldComment[];
  /** The acting agent's breaker (its own, or the org's global halt). */
  breaker?: { halted: boolean; reason?: string };
  /** The acting agent's recent activity, org-wide, the current action not included. */
  activity?: ActivityCounts;
  /** Changed paths of an agent's PR (read at the edge, agent PRs only). */
  prFiles?: readonly string[];
  /** GitHub's file list stopped at its 3,000-file cap: unseen files exist, so scope fails closed. */
  prFilesTruncated?: boolean;
  /** For `status @login`: the account's tier over the last week, from the audit log (docs/agents.md). */
  accountTier?: AccountTier;
  /** For `status`: every agent with a breaker row or recent activity. */
  agents?: readonly AgentStatus[];
  /** For `drill`: the agent's history in the lookback window and the installation's permissions. */
  drill?: { agent: string; history: readonly HistoryItem[]; permissions: Readonly<Record<string, string>> };
  /** For a discussion reply (an agent's, or a command's): the node id of the comment it replies to. */
  discussionParentNodeId?: string;
  /**
   * For an agent's comment in a thread: the thread's number and its comments in the last
   * `limits.loop.seconds` before this one, newest first (at most `limits.loop.replies`), read
   * from the store: the loop breaker's chain is the run of non-human ones.
   */
  loop?: { thread: number; recent: readonly ThreadComment[] };
  /** For a Re-run of the gate: each open PR of the check as GitHub and the store know it now. */
  rerun?: { pullRequests: readonly RerunPullRequest[] };
  /** For `promote`/`demote`: the named agent's record from the audit log, as lines for the pull request's body. */
  trust?: { agent: string; window: string; evidence: readonly string[] };
  /** Config problems (`file: key: reason`) found when loading: shown where maintainers look. */
  configIssues?: readonly string[];
}

/** One agent as `status` reports it. */
export interface AgentStatus {
  agent: string;
  halted: boolean;
  reason?: string;
  since?: string;
  counts?: ActivityCounts;
  pendingComments: number;
  pendingEffects: number;
}

/** A pull request whose gate is decided again (Re-run): read from GitHub (author, head) and the store. */
export interface RerunPullRequest {
  number: number;
  nodeId: string;
  url: string;
  /** The head GitHub has now: the one the check gates, whatever sha the Re-run was clicked on. */
  headSha: string;
  author: Actor;
  /** A listed agent whose commits the head branch carries (recorded from its pushes). */
  agentCommitsBy?: string;
  /** Heads of this PR a maintainer approved. */
  approvedShas: readonly string[];
}
