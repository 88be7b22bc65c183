import type { RepoRef } from "../policy/agent-action.js";
import type { MinimizeClassifier } from "../policy/effect.js";
import type { CommentSurface } from "../policy/held-comment.js";

import type { RepoRole } from "../policy/repo-role.js";
import type { CreationMarker } from "./creation-marker.js";
import type { DigestIssue, DigestIssueResult } from "./ensure-digest-issue.js";
import type { RevertPushOutcome } from "./open-revert-pull-request.js";

export type { CreationMarker, RepoRole, RevertPushOutcome };

/**
 * Called by a verb made of several requests between its steps: the outbox renews its claim on the
 * effect there (and throws when another replica holds it now, which stops the verb before its next write).
 */
export type Checkpoint = () => Promise<void>;

/** How a creating verb stays single under retries: the marker it looks up first and writes, and its checkpoint. */
export interface CreateOptions {
  marker?: CreationMarker;
  checkpoint?: Checkpoint;
}

/** The facts about a pull request the pipeline needs beyond a payload. */
export interface PullRequestFacts {
  number: number;
  nodeId: string;
  headSha: string;
  draft: boolean;
  state: "open" | "closed";
  merged: boolean;
  authorLogin: string;
  authorId: number;
  htmlUrl: string;
  /** The head branch and its repository (`owner/name`): where an agent's recorded commits are looked up. */
  headRef?: string;
  headRepo?: string;
}

/**
 * GitHub lists at most 3,000 files of a pull request, whatever its size:
 * https://docs.github.com/en/rest/pulls/pulls#list-pull-requests-files
 */
export const MAX_LISTED_FILES = 3000;

/** What `listPullRequestFiles` found. */
export interface PullRequestFiles {
  paths: string[];
  /** GitHub stopped listing at its cap: files beyond `paths` exist and were not seen. */
  truncated: boolean;
}

/** A comment the app created. */
export interface CreatedComment {
  id: number;
  nodeId: string;
  url: string;
}

/** Where a review comment is anchored. */
export interface ReviewAnchor {
  commitId: string;
  path: string;
  line?: number;
  side?: "LEFT" | "RIGHT";
}

/** Input of `ensureCheckRun`. */
export interface CheckRunInput {
  headSha: string;
  conclusion: "action_required" | "success" | "failure";
  title: string;
  summary: string;
  /** Check name; defaults to CHECK_NAME ("agent-guardrails"). */
  name?: string;
  /** Where "Details" points: required by GitHub for action_required. */
  detailsUrl: string;
}

/**
 * The one door to GitHub: domain verbs, each idempotent, errors converted
 * to `GitHubError` at this boundary. One Octokit implementation, one in-memory fake for tests.
 */
export interface GitHubAdapter extends ConfigPullRequestVerbs {
  /** Raw text of a file on the default branch (no ref: config is never read from a PR head); null when absent. */
  getDefaultBranchFile(repo: RepoRef, path: string): Promise<string | null>;
  /**
   * Raw text of a file at one commit; null when absent. Only for the config as it was before an
   * agent's push changed it (the push's `before`: the state humans left), never a PR head.
   */
  getFileAtCommit(repo: RepoRef, path: string, sha: string): Promise<string | null>;
  /** The user's repository role (`role_name`, not the legacy `permission`). */
  getPermission(repo: RepoRef, login: string): Promise<RepoRole>;
  getPullRequest(repo: RepoRef, number: number): Promise<PullRequestFacts>;
  /** Whether `login` is a member of `org` (public or private membership visible to the app). */
  isOrgMember(org: string, login: string): Promise<boolean>;

  /** GraphQL convertPullRequestToDraft; a PR already draft is success. */
  convertToDraft(prNodeId: string): Promise<void>;
  /** Close a pull request (PATCH state=closed); already closed is success. */
  closePullRequest(repo: RepoRef, number: number): Promise<void>;
  /** Create the named check run on the sha, completed with the conclusion (the latest run of a name is the one GitHub counts). */
  ensureCheckRun(repo: RepoRef, input: CheckRunInput): Promise<{ id: number }>;
  addLabel(repo: RepoRef, number: number, label: string): Promise<void>;
  /** Remove a label; absent is success. */
  removeLabel(repo: RepoRef, number: number, label: string): Promise<void>;
  dismissReview(repo: RepoRef, number: number, reviewId: number, message: string): Promise<void>;
  /** With a marker: the thread is looked up first, and a comment of ours carrying it is answered instead. */
  createComment(repo: RepoRef, number: number, body: string, options?: CreateOptions): Promise<CreatedComment>;
  /** Post into a discussion (GraphQL addDiscussionComment), as a reply under `replyToNodeId` (a top-level comment) when given. */
  createDiscussionComment(discussionNodeId: string, body: string, replyToNodeId?: string, options?: CreateOptions): Promise<CreatedComment>;
  /** The node id of the comment a discussion reply replies to (null for a top-level comment or one gone). */
  getDiscussionCommentParent(commentNodeId: string): Promise<string | null>;
  /** Reply in a review thread: `rootCommentId` must be the thread's top-level comment (GitHub refuses replies to replies). */
  replyToReviewComment(
    repo: RepoRef,
    pullNumber: number,
    rootCommentId: number,
    body: string,
    options?: CreateOptions,
  ): Promise<CreatedComment>;
  /** Start a review thread on a commit's file and line (422 when the line is not in the diff). */
  createReviewComment(
    repo: RepoRef,
    pullNumber: number,
    anchor: ReviewAnchor,
    body: string,
    options?: CreateOptions,
  ): Promise<CreatedComment>;
  /** Delete a comment where it lives; already gone (404) is success. */
  deleteComment(repo: RepoRef, surface: CommentSurface, commentId: number, nodeId: string): Promise<void>;
  /** Close an issue as not planned; already closed is success. */
  closeIssue(repo: RepoRef, number: number): Promise<void>;
  /** Reopen an issue (undo of containment); already open is success. */
  reopenIssue(repo: RepoRef, number: number): Promise<void>;
  /** Reopen a pull request (undo of containment); already open is success. */
  reopenPullRequest(repo: RepoRef, number: number): Promise<void>;
  /**
   * Undo a push to `ref` whose tip is still `sha`: a new commit carrying the tree of `before`,
   * parent `sha`, then a fast-forward of the ref (never a force push). When the branch is
   * protected (GitHub refuses the ref update: 422 "Changes must be made through a pull request",
   * ruleset violations, or 409), the commit goes on `agent-guardrails/revert-<sha7>` and a revert
   * PR into the branch is opened (`revert_pr`: a human must merge it; reused on retry). When
   * `sha` is no longer the tip, or GitHub refuses otherwise (workflow files need the `workflows`
   * permission; no branch or PR allowed), the step is escalated to a human with the reason.
   */
  revertPush(repo: RepoRef, push: { ref: string; sha: string; before: string }, options?: CreateOptions): Promise<RevertPushOutcome>;
  /**
   * GraphQL revertPullRequest: opens a revert PR for a merged PR. With `merged` (its repository and
   * number), an open revert PR of it (GitHub's branch `revert-<n>-<head>`, or the marker) is
   * looked up first and answered instead, since each mutation call opens another one.
   */
  revertMerge(
    prNodeId: string,
    merged?: { repo: RepoRef; number: number },
    options?: CreateOptions,
  ): Promise<{ number: number; url: string }>;
  /**
   * One open issue with this title (or marker) and labels: updated when it exists, created
   * otherwise; the marker rides in the body. `assignees` are set when it is created (GitHub
   * refusing them, 422, creates it without: the body names the owner anyway).
   */
  ensureIssue(
    repo: RepoRef,
    title: string,
    body: string,
    labels: string[],
    options?: CreateOptions & { assignees?: readonly string[] },
  ): Promise<{ number: number; url: string; created: boolean }>;
  /**
   * The owner's digest issue of one period: the issue of ours carrying `issue.marker`, open or
   * closed, created since the period ended, is answered when found; otherwise it is created once
   * (no retry: the caller's next run looks it up again). See `ensureDigestIssue`.
   */
  ensureDigestIssue(repo: RepoRef, issue: DigestIssue): Promise<DigestIssueResult>;
  /**
   * Removes `login` from the assignees of every open issue and PR of the repository (Copilot's
   * coding agent stops working on an issue it is unassigned from). Returns the numbers changed.
   */
  unassignEverywhere(repo: RepoRef, login: string): Promise<number[]>;
  /**
   * Changed paths of a pull request (both sides of a rename), every page. GitHub lists at most
   * 3,000 files: `truncated` says the list may be incomplete (3,000 listed, or the PR's
   * `changed_files`, when the caller knows it, past the cap), so that a scope check can fail closed.
   */
  listPullRequestFiles(repo: RepoRef, number: number, changedFiles?: number): Promise<PullRequestFiles>;
  minimizeComment(nodeId: string, classifier: MinimizeClassifier): Promise<void>;
  unminimizeComment(nodeId: string): Promise<void>;

  /** PATCH /issues/{n} title and/or body (a PR is an issue there); only the fields given change. */
  updateIssueText(repo: RepoRef, number: number, text: { title?: string; body?: string }): Promise<void>;
  /**
   * A comment's body where it lives: PATCH of an issue, review or commit comment, GraphQL
   * updateDiscussionComment, or a review's body by GraphQL updatePullRequestReview (its node id
   * is all it needs; PUT /pulls/{n}/reviews/{id} would need the PR's number, which the effect has not).
   */
  updateCommentBody(repo: RepoRef, target: CommentTarget, body: string): Promise<void>;
  /** GraphQL updateDiscussion: title and/or body. */
  updateDiscussion(discussionNodeId: string, text: { title?: string; body?: string }): Promise<void>;
  /** GraphQL deleteDiscussion; already gone is success. */
  deleteDiscussion(discussionNodeId: string): Promise<void>;
  /**
   * GraphQL createDiscussion. With a marker, the repository's discussions of the category are
   * looked up first and one of ours carrying it is answered instead (each call opens another).
   */
  createDiscussion(input: DiscussionInput, options?: CreateOptions): Promise<{ nodeId: string; number: number; url: string }>;
  /** GraphQL disablePullRequestAutoMerge; auto-merge already off is success. */
  disableAutoMerge(prNodeId: string): Promise<void>;
  /** DELETE /pulls/{n}/requested_reviewers; a reviewer not requested is success. */
  removeRequestedReviewers(repo: RepoRef, number: number, logins: string[]): Promise<void>;
  /** GraphQL markPullRequestReadyForReview; already ready is success. */
  markReadyForReview(prNodeId: string): Promise<void>;
  /**
   * DELETE /git/refs/{ref} (`heads/x`, `tags/x`). With `expectedSha` the ref is read first: it
   * must still point there (else escalated: someone built on it). Gone is success.
   */
  deleteRef(repo: RepoRef, ref: string, expectedSha?: string): Promise<RefOutcome>;
  /** POST /git/refs at `sha`; there at that sha is success, there elsewhere is escalated. */
  createRef(repo: RepoRef, ref: string, sha: string): Promise<RefOutcome>;
  /** POST /actions/runs/{id}/cancel; a run already finished (409) is success. */
  cancelWorkflowRun(repo: RepoRef, runId: number): Promise<{ alreadyFinished: boolean }>;
  /** PATCH /releases/{id} `draft`. */
  setReleaseDraft(repo: RepoRef, releaseId: number, draft: boolean): Promise<void>;
  /** POST /issues/{n}/assignees for each number; already assigned is success. Returns the numbers assigned. */
  assignEverywhere(repo: RepoRef, login: string, numbers: number[]): Promise<number[]>;
  /**
   * Takes a user's access away: `remove_collaborator` reads its role first (returned, so that
   * restore can invite it back with it) then DELETE /collaborators/{u}; `block_user` PUT
   * /orgs/{org}/blocks/{u}. Not a collaborator (nothing returned), or already blocked, is success.
   * An org member keeps what the organization's base permission and teams give it: only a block
   * takes that away.
   */
  cutOffUser(repo: RepoRef, login: string, how: "remove_collaborator" | "block_user"): Promise<{ permission?: string }>;
  /**
   * The undo of `cutOffUser`: PUT /collaborators/{u} with the role (GitHub answers 201 with an
   * invitation the user must accept: `invited`), or DELETE /orgs/{org}/blocks/{u} (not blocked is success).
   * Without a role (it was no collaborator) nothing is sent.
   */
  restoreUserAccess(
    repo: RepoRef,
    login: string,
    how: "remove_collaborator" | "block_user",
    permission?: string,
  ): Promise<{ invited: boolean }>;
}

/** A file as read for an update: its text and its blob sha (GitHub needs the sha to replace it). */
export interface FileForUpdate {
  text: string;
  sha: string;
}

/** Input of `putFile`: one commit on `branch` creating or replacing `path`. */
export interface PutFileInput {
  path: string;
  branch: string;
  message: string;
  text: string;
  /** The blob sha of the file being replaced; absent when it does not exist on `branch`. */
  sha?: string;
}

/** Input of `ensurePullRequest`. */
export interface PullRequestInput {
  head: string;
  base: string;
  title: string;
  body: string;
}

/**
 * The verbs that propose a config change as a pull request (`/guardrails promote|demote`). Each
 * is one GitHub request or a read and a write, made safe to repeat: the branch and the pull
 * request are looked up (or their "already exists" refusal read) instead of created twice.
 */
export interface ConfigPullRequestVerbs {
  /** The default branch's name and tip (GET /repos, then its ref). */
  getDefaultBranch(repo: RepoRef): Promise<{ name: string; sha: string }>;
  /** A file with its blob sha, on `ref` (a branch) or the default branch; null when absent. */
  getFileForUpdate(repo: RepoRef, path: string, ref?: string): Promise<FileForUpdate | null>;
  /** POST /git/refs `refs/heads/<branch>` at `sha`; a branch that exists already (422 "Reference already exists") is answered `created: false`. */
  ensureBranch(repo: RepoRef, branch: string, sha: string): Promise<{ created: boolean }>;
  /** PUT /contents/{path} on `branch` (create, or replace the blob `sha`). */
  putFile(repo: RepoRef, input: PutFileInput): Promise<{ commitSha: string }>;
  /** The open pull request from `head` into `base`, or a new one (422 "already exists" is read as found). */
  ensurePullRequest(repo: RepoRef, input: PullRequestInput): Promise<{ number: number; url: string; created: boolean; headSha: string }>;
}

/** A comment to edit, on its surface (see `updateCommentBody`). */
export interface CommentTarget {
  surface: CommentSurface;
  commentId: number;
  nodeId: string;
}

/** Input of `createDiscussion`. */
export interface DiscussionInput {
  repositoryNodeId: string;
  categoryNodeId: string;
  title: string;
  body: string;
}

/** What a ref verb did: done (or already so), or left for a human with the reason. */
export type RefOutcome = { outcome: "done" } | { outcome: "escalated"; why: string };

/** Why a GitHub call failed, in our terms (the executor's retry rules read only this). */
export type GitHubErrorKind =
  | "not_found" // 404
  | "forbidden" // 403 without rate-limit signs: the installation lacks a permission
  | "rate_limited" // primary or secondary rate limit: retry after `retryAfterSeconds`
  | "validation" // 422 / GraphQL UNPROCESSABLE: the request can never succeed as is
  | "server" // 5xx: transient
  | "network"; // no response at all: transient

/** The typed error every adapter method throws. */
export class GitHubError extends Error {
  constructor(
    readonly kind: GitHubErrorKind,
    message: string,
    readonly status?: number,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "GitHubError";
  }

  /** Transient failures are retried by the outbox sweep; the rest are final. */
  get transient(): boolean {
    return this.kind === "server" || this.kind === "network" || this.kind === "rate_limited";
  }
}
