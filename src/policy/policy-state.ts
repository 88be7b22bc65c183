import type { ActorKind } from "./agent-action.js";
import type { HeldComment } from "./held-comment.js";
import type { RepoRole } from "./repo-role.js";

/** The pull request a command or review is about, as the edge fetched it. */
export interface PullRequestState {
  number: number;
  nodeId: string;
  headSha: string;
  url: string;
  authorLogin: string;
  authorKind: ActorKind;
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
  /** Head shas of this PR that a maintainer already approved. */
  approvedShas?: readonly string[];
  /** For an agent comment: whether it speaks to people outside the org (thread opener, mentions). */
  external?: { outsideThread: boolean; outsideMentions: readonly string[] };
  /** For an agent comment being edited: its held record, if any. */
  heldComment?: HeldComment;
  /** For approve/reject: the pending agent comments of this thread and of any comment URLs named. */
  pendingComments?: readonly HeldComment[];
  /** Config problems (`file: key: reason`) found when loading: shown where maintainers look. */
  configIssues?: readonly string[];
}
