import type { ParsedCommands } from "../commands/parse-commands.js";
import type { Signal } from "./tier/find-evidence.js";
import type { Tier } from "./tier/tier-of.js";

/**
 * The normalized form of a webhook the policy core reasons about. Built by `webhooks/normalize`
 * from the payload alone (no API call), so it carries no Octokit type.
 */

/**
 * Who acted: an agent from the config's `agents` list, a human, an unlisted bot (dependabot,
 * renovate: not gated, but never honoured as a commander), or this app itself.
 */
export type ActorKind = "agent" | "human" | "bot" | "app";

/** An account as the policy sees it. */
export interface Actor {
  login: string;
  id: number;
  kind: ActorKind;
  /** GitHub's account type says Bot (an App or a machine account registered as such). */
  isBot: boolean;
}

/** The repository an action happened in. */
export interface RepoRef {
  owner: string;
  repo: string;
}

/**
 * Every action kind the pipeline reasons about: `<webhook>.<action>` or a synthetic name
 * (`pull_request.merged`). One list, so that the permission table (`policy/action-table.ts`,
 * docs/agent-actions.md) can be checked to have a row for each: a new kind cannot be added
 * without one.
 */
export const ACTION_KINDS = [
  "pull_request.opened",
  "pull_request.reopened",
  "pull_request.ready_for_review",
  "pull_request.converted_to_draft",
  "pull_request.synchronize",
  "pull_request.edited",
  "pull_request.merged",
  "pull_request.closed",
  "pull_request.labeled",
  "pull_request.unlabeled",
  "pull_request.auto_merge_enabled",
  "pull_request.review_requested",
  "pull_request_review.submitted",
  "pull_request_review.edited",
  "pull_request_review.dismissed",
  "pull_request_review_comment.created",
  "pull_request_review_comment.edited",
  "issue_comment.created",
  "issue_comment.edited",
  "discussion.created",
  "discussion.edited",
  "discussion_comment.created",
  "discussion_comment.edited",
  "discussion_comment.deleted",
  "commit_comment.created",
  "issues.opened",
  "issues.reopened",
  "issues.edited",
  "issues.closed",
  "issues.labeled",
  "issues.unlabeled",
  "issues.assigned",
  "issues.transferred",
  "issues.deleted",
  "push",
  "create",
  "delete",
  "release.created",
  "release.edited",
  "release.published",
  "release.deleted",
  "workflow_dispatch",
  "workflow_run.requested",
  "check_run.rerequested",
] as const;

export type ActionKind = (typeof ACTION_KINDS)[number];

/** What an action was done to. Fields are present when the payload carries them. */
export interface Target {
  /** Issue or pull request number. */
  number?: number;
  /** GraphQL node id of the subject (the PR for pull_request events, the comment for comments). */
  nodeId?: string;
  /** Browser URL of the subject. */
  url?: string;
  /** Head sha for pull requests, `after` for pushes, merge commit sha for merges. */
  sha?: string;
  /** The thread is a pull request (issue comments on PRs included). */
  isPullRequest?: boolean;
  /** The PR is a draft (pull_request events). */
  draft?: boolean;
  /** Who opened the thread (PR author, issue author): decides the gate for PR events. */
  author?: Actor;
  /** author_association of the thread's opener, e.g. NONE for outsiders. */
  authorAssociation?: string;
  /** GraphQL node id of the pull request, for comments and reviews on one; of the discussion, for discussion comments. */
  prNodeId?: string;
  /** Comment or review database id. */
  commentId?: number;
  reviewId?: number;
  /** Review state, lower case: approved | changes_requested | commented | dismissed. */
  reviewState?: string;
  /** Comment, review or issue body: hostile text when an agent wrote it. */
  body?: string;
  /** Who wrote the comment, when it differs from the sender (an edit by someone else). */
  commentAuthor?: Actor;
  /** Branch ref, fully qualified (`refs/heads/main`) for pushes, plain for PR base/head. */
  ref?: string;
  baseRef?: string;
  /** The push was to the repository's default branch. */
  toDefaultBranch?: boolean;
  /** Sha before a push. */
  before?: string;
  /** Paths changed by a push (added, modified, removed, from every commit in the payload). */
  paths?: string[];
  /** Review comment: the root comment of its thread (`in_reply_to_id`), absent for the root itself. */
  inReplyToId?: number;
  /** Review comment: the file, line, side and commit it is anchored to. */
  path?: string;
  line?: number;
  side?: "LEFT" | "RIGHT";
  commitId?: string;
  /** Discussion comment: it is a reply to another comment (`parent_id` set): GitHub nests one level only. */
  isReply?: boolean;
  /** How many files the PR changes, as the payload counts them (`pull_request.changed_files`). */
  changedFiles?: number;
  /** Labels on the thread, by name. */
  labels?: string[];
  /** Pull request events: the head branch (plain) and the repository it lives in (`owner/name`, a fork's for a fork PR). */
  headRef?: string;
  headRepo?: string;
  /**
   * Comments and reviews: when the author wrote what the app reads (`created_at`, `updated_at` for
   * an edit, a review's `submitted_at`): an approval binds to the head at that time.
   */
  commandAt?: string;
  /**
   * An edit: the text as it was before (`changes.title.from`, `changes.body.from`), what a
   * human's text is restored from. Absent keys did not change.
   */
  changes?: { title?: string; body?: string };
  /** Issue, PR, discussion or release title (name) as it is now. */
  title?: string;
  /** Who wrote the text an edit changed (issue, PR or discussion author; comment author), when it is not `author`. */
  textAuthor?: Actor;
  /** labeled / unlabeled: the label's name. */
  label?: string;
  /** assigned: the assignee; review_requested: the requested reviewer (a team as `org/slug`). */
  assignee?: string;
  requestedReviewer?: string;
  /** pull_request_review.dismissed: the review that was dismissed, its author and its state before. */
  dismissedReview?: { id: number; author: Actor; state?: string };
  /** create / delete: what the ref is (`ref` is then the short name, as those webhooks give it). */
  refType?: "branch" | "tag";
  /** Release events: the release's id, tag and whether it is (now) a draft or a prerelease. */
  releaseId?: number;
  releaseDraft?: boolean;
  /** workflow_dispatch / workflow_run: the run (absent for a dispatch, whose webhook names none) and the workflow file. */
  runId?: number;
  workflow?: string;
  /** check_run.rerequested: the check's name, and the pull requests its head sha belongs to. */
  checkName?: string;
  pullNumbers?: number[];
  /** discussion.created: where a held discussion is re-posted on approval (GraphQL node ids). */
  repositoryNodeId?: string;
  categoryNodeId?: string;
  /** issues.transferred: where the issue went (`owner/name`). */
  transferredTo?: string;
  /** pull_request.merged: the head sha that was merged (`sha` is then the merge commit): what an approval is checked against. */
  headSha?: string;
}

/** One webhook, normalized. */
export interface AgentAction {
  deliveryId: string;
  /** Webhook name (`X-GitHub-Event`). */
  event: string;
  kind: ActionKind;
  actor: Actor;
  org: string;
  /**
   * `repository.owner.type`: a personal account (`User`) has no org, so "outside" there means not
   * the owner and not a collaborator. Absent means `Organization`.
   */
  ownerType?: "Organization" | "User";
  repo: RepoRef;
  defaultBranch: string;
  installationId: number;
  target: Target;
  /** `/guardrails` lines of a comment or review body (present only when the body mentions one). */
  commands?: ParsedCommands;
  /**
   * How far the actor is taken for an agent on this action (policy/tier/tier-of.ts): `agent` when
   * listed, else from the evidence. For a pull request event, the pull request's tier (its body,
   * branch and the commits pushed to it). Absent: `human`.
   */
  tier?: Tier;
  /** The evidence found in the payload (and, for a pull request, its branch's pushes), each signal naming its source. */
  evidence?: Signal[];
}
