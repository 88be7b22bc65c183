import {
  GitHubError,
  MAX_LISTED_FILES,
  type CheckRunInput,
  type CommentTarget,
  type CreatedComment,
  type DiscussionInput,
  type GitHubAdapter,
  type PullRequestFacts,
  type PullRequestFiles,
  type ReviewAnchor,
  type RefOutcome,
  type RevertPushOutcome,
} from "../../src/github/github-adapter.js";
import type { DigestIssue } from "../../src/github/ensure-digest-issue.js";
import { revertBranchName } from "../../src/github/open-revert-pull-request.js";
import type { RepoRef } from "../../src/policy/agent-action.js";
import type { MinimizeClassifier } from "../../src/policy/effect.js";
import type { CommentSurface } from "../../src/policy/held-comment.js";
import type { RepoRole } from "../../src/policy/repo-role.js";

/**
 * A comment as the fake keeps it: created by the app, or seeded by a test (an agent's comment)
 * so that a delete can be seen to remove it. `number` is the issue or PR; a discussion comment
 * carries its discussion's node id instead.
 */
export type FakeComment = CreatedComment & {
  body: string;
  number?: number;
  discussionNodeId?: string;
  replyToNodeId?: string;
  inReplyToId?: number;
  anchor?: ReviewAnchor;
};

/** An issue as the fake keeps it: one `ensureIssue` opened, or one a test seeds. */
export interface FakeIssue {
  number: number;
  url: string;
  title: string;
  body: string;
  labels: string[];
  state: "open" | "closed";
}

/** A revert pull request `revertMerge` opened. */
export interface FakeRevertMerge {
  prNodeId: string;
  number: number;
  url: string;
}

/** A revert pull request `revertPush` opened from its own branch into a protected one. */
export interface FakeRevertPullRequest {
  number: number;
  url: string;
  branch: string;
  base: string;
  commitSha: string;
  state: "open" | "closed";
}

/** A verb of the adapter. */
export type GitHubVerb = keyof GitHubAdapter;

/** One call the fake received, reads included, in order. */
export interface FakeCall {
  verb: GitHubVerb;
  args: unknown[];
}

/** A discussion as the fake keeps it: seeded by a test, or one `createDiscussion` opened. */
export interface FakeDiscussion {
  nodeId: string;
  number: number;
  url: string;
  title: string;
  body: string;
  categoryNodeId?: string;
}

/** A workflow run as the fake keeps it. */
export interface FakeRun {
  status: "queued" | "in_progress" | "completed";
  conclusion?: string;
}

const READS: ReadonlySet<GitHubVerb> = new Set<GitHubVerb>([
  "getDefaultBranchFile",
  "getFileAtCommit",
  "getPermission",
  "getPullRequest",
  "isOrgMember",
  "listPullRequestFiles",
  "getDiscussionCommentParent",
]);

const NULL_SHA = /^0+$/;

/**
 * An in-memory `GitHubAdapter` for pipeline tests (policy-bot's plain fake): every fact is one
 * public field away, every call is recorded, and any verb can be made to fail once with
 * `failNext`. Writes also change the fake's state (a converted PR reads back as a draft), so a
 * test can follow a PR through several deliveries. No global state: make one per test.
 *
 * Kept on purpose: the executor's claim and result tests, breaker repair and the re-run facts
 * test drive the adapter interface through it where the stand-in's HTTP would only add noise.
 */
export class FakeGitHub implements GitHubAdapter {
  /** Default-branch files keyed by `FakeGitHub.fileKey(repo, path)` ("owner/repo:path"). */
  readonly files = new Map<string, string>();
  /** Repository roles keyed by login (compared case-insensitively, as GitHub does); absent → "none". */
  readonly permissions = new Map<string, RepoRole>();
  /** Pull requests keyed by number. */
  readonly pullRequests = new Map<number, PullRequestFacts>();
  /** Logins that are members of any org asked about (compared case-insensitively). */
  readonly orgMembers = new Set<string>();
  /** Labels on each issue or PR number. */
  readonly labels = new Map<number, Set<string>>();
  /** Comments that exist, by id: the app's, and any a test seeds; a delete removes them. */
  readonly comments = new Map<number, FakeComment>();
  /** Issue numbers closed as not planned; reopening one removes it. */
  readonly closedIssues = new Set<number>();
  /** Issues by number: seeded by a test, or opened by `ensureIssue` (which finds an open one by title and labels). */
  readonly issues = new Map<number, FakeIssue>();
  /** Branch tips keyed by fully qualified ref (`refs/heads/main`); `revertPush` moves one on. */
  readonly refs = new Map<string, string>();
  /** Short branch names GitHub refuses direct ref updates on (protection or rulesets): `revertPush` opens a revert PR. */
  readonly protectedBranches = new Set<string>();
  /** Revert pull requests `revertPush` opened for pushes to protected branches, in order. */
  readonly revertPullRequests: FakeRevertPullRequest[] = [];
  /** Changed paths of each pull request by number; absent → none. */
  readonly prFiles = new Map<number, string[]>();
  /** Revert pull requests opened, in order (GitHub opens another on every call). */
  readonly revertMerges: FakeRevertMerge[] = [];
  /** Node ids of comments currently minimized, with their classifier. */
  readonly minimized = new Map<string, MinimizeClassifier>();
  /** Check runs created, in order (the latest of a name on a sha is the one that counts). */
  readonly checkRuns: (CheckRunInput & { id: number; repo: RepoRef })[] = [];
  /** Review ids dismissed. */
  readonly dismissedReviews = new Set<number>();
  /** Every call, reads included, in order. */
  readonly calls: FakeCall[] = [];

  private readonly failures = new Map<GitHubVerb, GitHubError[]>();
  private nextId = 1000;

  /** The `files` key of a path in a repository. */
  static fileKey(repo: RepoRef, path: string): string {
    return `${repo.owner}/${repo.repo}:${path}`;
  }

  /** The next call of `verb` throws `error` (queued: call twice to fail twice). */
  failNext(verb: GitHubVerb, error: GitHubError): this {
    this.failures.set(verb, [...(this.failures.get(verb) ?? []), error]);
    return this;
  }

  /** The calls that change something on GitHub. */
  get writes(): FakeCall[] {
    return this.calls.filter((c) => !READS.has(c.verb));
  }

  /** The recorded calls of one verb. */
  callsOf(verb: GitHubVerb): FakeCall[] {
    return this.calls.filter((c) => c.verb === verb);
  }

  async getDefaultBranchFile(repo: RepoRef, path: string): Promise<string | null> {
    this.record("getDefaultBranchFile", repo, path);
    return this.files.get(FakeGitHub.fileKey(repo, path)) ?? null;
  }

  /** Files at a commit, keyed `sha:owner/repo:path`; else the default branch's (the fake keeps no history). */
  readonly filesAtCommit = new Map<string, string | null>();

  async getFileAtCommit(repo: RepoRef, path: string, sha: string): Promise<string | null> {
    this.record("getFileAtCommit", repo, path, sha);
    const key = `${sha}:${FakeGitHub.fileKey(repo, path)}`;
    return this.filesAtCommit.has(key) ? (this.filesAtCommit.get(key) ?? null) : (this.files.get(FakeGitHub.fileKey(repo, path)) ?? null);
  }

  async getPermission(repo: RepoRef, login: string): Promise<RepoRole> {
    this.record("getPermission", repo, login);
    if (login.toLowerCase() === repo.owner.toLowerCase()) return "admin";
    for (const [key, role] of this.permissions) if (key.toLowerCase() === login.toLowerCase()) return role;
    return "none";
  }

  async getPullRequest(repo: RepoRef, number: number): Promise<PullRequestFacts> {
    this.record("getPullRequest", repo, number);
    const pr = this.pullRequests.get(number);
    if (!pr) throw new GitHubError("not_found", `fake: no pull request #${number}`, 404);
    return { ...pr };
  }

  async isOrgMember(org: string, login: string): Promise<boolean> {
    this.record("isOrgMember", org, login);
    return [...this.orgMembers].some((m) => m.toLowerCase() === login.toLowerCase());
  }

  async convertToDraft(prNodeId: string): Promise<void> {
    this.record("convertToDraft", prNodeId);
    const pr = [...this.pullRequests.values()].find((p) => p.nodeId === prNodeId);
    if (pr) pr.draft = true;
  }

  async closePullRequest(repo: RepoRef, number: number): Promise<void> {
    this.record("closePullRequest", repo, number);
    const pr = this.pullRequests.get(number);
    if (pr) pr.state = "closed";
  }

  async ensureCheckRun(repo: RepoRef, input: CheckRunInput): Promise<{ id: number }> {
    this.record("ensureCheckRun", repo, input);
    const id = this.nextId++;
    this.checkRuns.push({ ...input, id, repo });
    return { id };
  }

  async addLabel(repo: RepoRef, number: number, label: string): Promise<void> {
    this.record("addLabel", repo, number, label);
    this.labels.set(number, new Set([...(this.labels.get(number) ?? []), label]));
  }

  async removeLabel(repo: RepoRef, number: number, label: string): Promise<void> {
    this.record("removeLabel", repo, number, label);
    this.labels.get(number)?.delete(label);
  }

  async dismissReview(repo: RepoRef, number: number, reviewId: number, message: string): Promise<void> {
    this.record("dismissReview", repo, number, reviewId, message);
    this.dismissedReviews.add(reviewId);
  }

  async createComment(repo: RepoRef, number: number, body: string): Promise<CreatedComment> {
    this.record("createComment", repo, number, body);
    const id = this.nextId++;
    const comment: CreatedComment = {
      id,
      nodeId: `IC_fake${id}`,
      url: `https://github.com/${repo.owner}/${repo.repo}/issues/${number}#issuecomment-${id}`,
    };
    this.comments.set(id, { ...comment, number, body });
    return comment;
  }

  async createDiscussionComment(discussionNodeId: string, body: string, replyToNodeId?: string): Promise<CreatedComment> {
    this.record("createDiscussionComment", discussionNodeId, body, ...(replyToNodeId ? [replyToNodeId] : []));
    const id = this.nextId++;
    // The discussion's number is not known from its node id; the url only has to be unique.
    const comment: CreatedComment = {
      id,
      nodeId: `DC_fake${id}`,
      url: `https://github.com/discussions/${discussionNodeId}#discussioncomment-${id}`,
    };
    this.comments.set(id, { ...comment, discussionNodeId, body, ...(replyToNodeId ? { replyToNodeId } : {}) });
    return comment;
  }

  /** Parent node id of each discussion reply, by the reply's node id (seeded by a test). */
  readonly discussionParents = new Map<string, string>();

  async getDiscussionCommentParent(commentNodeId: string): Promise<string | null> {
    this.record("getDiscussionCommentParent", commentNodeId);
    return this.discussionParents.get(commentNodeId) ?? null;
  }

  async replyToReviewComment(repo: RepoRef, pullNumber: number, rootCommentId: number, body: string): Promise<CreatedComment> {
    this.record("replyToReviewComment", repo, pullNumber, rootCommentId, body);
    // As GitHub: the root must exist (a held root was deleted: 404).
    if (!this.comments.has(rootCommentId) && !this.reviewRoots.has(rootCommentId))
      throw new GitHubError("not_found", `fake: no review comment ${rootCommentId}`, 404);
    const id = this.nextId++;
    const comment: CreatedComment = {
      id,
      nodeId: `PRRC_fake${id}`,
      url: `https://github.com/${repo.owner}/${repo.repo}/pull/${pullNumber}#discussion_r${id}`,
    };
    this.comments.set(id, { ...comment, number: pullNumber, body, inReplyToId: rootCommentId });
    return comment;
  }

  /** Review comment ids that exist as thread roots on GitHub (seeded by a test). */
  readonly reviewRoots = new Set<number>();

  async createReviewComment(repo: RepoRef, pullNumber: number, anchor: ReviewAnchor, body: string): Promise<CreatedComment> {
    this.record("createReviewComment", repo, pullNumber, anchor, body);
    const id = this.nextId++;
    const comment: CreatedComment = {
      id,
      nodeId: `PRRC_fake${id}`,
      url: `https://github.com/${repo.owner}/${repo.repo}/pull/${pullNumber}#discussion_r${id}`,
    };
    this.comments.set(id, { ...comment, number: pullNumber, body, anchor });
    return comment;
  }

  async deleteComment(repo: RepoRef, surface: CommentSurface, commentId: number, nodeId: string): Promise<void> {
    this.record("deleteComment", repo, surface, commentId, nodeId);
    // As the real adapter: a submitted review cannot be deleted; an absent comment is success.
    if (surface === "review") throw new GitHubError("validation", `fake: a submitted review (${commentId}) cannot be deleted`);
    if (surface === "discussion_comment") {
      for (const [id, c] of this.comments) if (c.nodeId === nodeId) this.comments.delete(id);
      return;
    }
    this.comments.delete(commentId);
  }

  async closeIssue(repo: RepoRef, number: number): Promise<void> {
    this.record("closeIssue", repo, number);
    this.closedIssues.add(number);
    const issue = this.issues.get(number);
    if (issue) issue.state = "closed";
  }

  /** Issue number → assignee logins, for unassignEverywhere. */
  readonly assignees = new Map<number, string[]>();

  async unassignEverywhere(repo: RepoRef, login: string): Promise<number[]> {
    this.record("unassignEverywhere", repo, login);
    const changed: number[] = [];
    for (const [number, logins] of this.assignees) {
      if (this.closedIssues.has(number) || !logins.some((l) => l.toLowerCase() === login.toLowerCase())) continue;
      this.assignees.set(
        number,
        logins.filter((l) => l.toLowerCase() !== login.toLowerCase()),
      );
      changed.push(number);
    }
    return changed;
  }

  async reopenIssue(repo: RepoRef, number: number): Promise<void> {
    this.record("reopenIssue", repo, number);
    this.closedIssues.delete(number);
    const issue = this.issues.get(number);
    if (issue) issue.state = "open";
  }

  async reopenPullRequest(repo: RepoRef, number: number): Promise<void> {
    this.record("reopenPullRequest", repo, number);
    const pr = this.pullRequests.get(number);
    if (pr) pr.state = "open";
  }

  async revertPush(repo: RepoRef, push: { ref: string; sha: string; before: string }): Promise<RevertPushOutcome> {
    this.record("revertPush", repo, push);
    const { ref, sha, before } = push;
    // The real adapter's refusals, with the same reasons in short: nothing is written.
    if (!ref.startsWith("refs/heads/")) return { outcome: "escalated", why: `${ref} is not a branch: revert by hand` };
    if (NULL_SHA.test(sha)) return { outcome: "escalated", why: `the push deleted ${ref}: restore it by hand` };
    if (NULL_SHA.test(before))
      return { outcome: "escalated", why: `the push created ${ref}: there is no earlier tree to restore; delete or revert it by hand` };
    const tip = this.refs.get(ref);
    if (tip === undefined) return { outcome: "escalated", why: `${ref} no longer exists: revert by hand` };
    if (tip !== sha) return { outcome: "escalated", why: `${ref} moved on since the agent's push (tip is ${tip}): revert by hand` };
    const commitSha = fakeSha(this.nextId++);
    const base = ref.slice("refs/heads/".length);
    if (this.protectedBranches.has(base)) {
      // As GitHub: the branch takes changes only through a PR, so the revert is one, opened once.
      const branch = revertBranchName(sha);
      const open = this.revertPullRequests.find((p) => p.branch === branch && p.state === "open");
      if (open) return { outcome: "revert_pr", commitSha: open.commitSha, branch, number: open.number, url: open.url };
      const number = this.nextId++;
      const pr: FakeRevertPullRequest = {
        number,
        url: `https://github.com/${repo.owner}/${repo.repo}/pull/${number}`,
        branch,
        base,
        commitSha,
        state: "open",
      };
      this.refs.set(`refs/heads/${branch}`, commitSha);
      this.revertPullRequests.push(pr);
      return { outcome: "revert_pr", commitSha, branch, number, url: pr.url };
    }
    this.refs.set(ref, commitSha);
    return { outcome: "reverted", commitSha };
  }

  async revertMerge(prNodeId: string): Promise<{ number: number; url: string }> {
    this.record("revertMerge", prNodeId);
    const number = this.nextId++;
    // The revert PR lives beside the merged one when the fake knows it.
    const merged = [...this.pullRequests.values()].find((p) => p.nodeId === prNodeId);
    const url = merged ? merged.htmlUrl.replace(/\/pull\/\d+$/, `/pull/${number}`) : `https://github.com/pull/${number}`;
    const revert = { prNodeId, number, url };
    this.revertMerges.push(revert);
    return { number, url: revert.url };
  }

  async ensureIssue(
    repo: RepoRef,
    title: string,
    body: string,
    labels: string[],
  ): Promise<{ number: number; url: string; created: boolean }> {
    this.record("ensureIssue", repo, title, body, labels);
    // As GitHub's list filter: open, carrying every one of the labels.
    const existing = [...this.issues.values()].find(
      (i) => i.state === "open" && i.title === title && labels.every((l) => i.labels.includes(l)),
    );
    if (existing) {
      existing.body = body;
      return { number: existing.number, url: existing.url, created: false };
    }
    const number = this.nextId++;
    const issue: FakeIssue = {
      number,
      url: `https://github.com/${repo.owner}/${repo.repo}/issues/${number}`,
      title,
      body,
      labels: [...labels],
      state: "open",
    };
    this.issues.set(number, issue);
    return { number, url: issue.url, created: true };
  }

  async ensureDigestIssue(repo: RepoRef, digest: DigestIssue): Promise<{ number: number; url: string; created: boolean }> {
    this.record("ensureDigestIssue", repo, digest);
    // Open or closed: the marker names it.
    const existing = [...this.issues.values()].find((i) => i.body.includes(digest.marker.text));
    if (existing) return { number: existing.number, url: existing.url, created: false };
    const number = this.nextId++;
    const issue: FakeIssue = {
      number,
      url: `https://github.com/${repo.owner}/${repo.repo}/issues/${number}`,
      title: digest.title,
      body: `${digest.body}\n\n${digest.marker.text}`,
      labels: [],
      state: "open",
    };
    this.issues.set(number, issue);
    return { number, url: issue.url, created: true };
  }

  async listPullRequestFiles(repo: RepoRef, number: number, changedFiles?: number): Promise<PullRequestFiles> {
    this.record("listPullRequestFiles", repo, number, changedFiles);
    // As GitHub: at most 3,000 files listed; the PR's count says when some were left out.
    const all = this.prFiles.get(number) ?? [];
    const paths = all.slice(0, MAX_LISTED_FILES);
    return { paths, truncated: all.length >= MAX_LISTED_FILES || (changedFiles !== undefined && changedFiles > MAX_LISTED_FILES) };
  }

  async minimizeComment(nodeId: string, classifier: MinimizeClassifier): Promise<void> {
    this.record("minimizeComment", nodeId, classifier);
    this.minimized.set(nodeId, classifier);
  }

  async unminimizeComment(nodeId: string): Promise<void> {
    this.record("unminimizeComment", nodeId);
    this.minimized.delete(nodeId);
  }

  /** Issue and PR text by number (seeded by a test; `updateIssueText` writes it). */
  readonly texts = new Map<number, { title?: string; body?: string }>();

  async updateIssueText(repo: RepoRef, number: number, text: { title?: string; body?: string }): Promise<void> {
    this.record("updateIssueText", repo, number, text);
    this.texts.set(number, { ...this.texts.get(number), ...text });
    const issue = this.issues.get(number);
    if (issue) Object.assign(issue, text);
  }

  async updateCommentBody(repo: RepoRef, target: CommentTarget, body: string): Promise<void> {
    this.record("updateCommentBody", repo, target, body);
    const found =
      target.surface === "discussion_comment" || target.surface === "review"
        ? [...this.comments.values()].find((c) => c.nodeId === target.nodeId)
        : this.comments.get(target.commentId);
    // As GitHub: an edit of a comment that is gone is a 404.
    if (!found) throw new GitHubError("not_found", `fake: no ${target.surface} ${target.commentId}`, 404);
    found.body = body;
  }

  /** Discussions by node id. */
  readonly discussions = new Map<string, FakeDiscussion>();

  async updateDiscussion(discussionNodeId: string, text: { title?: string; body?: string }): Promise<void> {
    this.record("updateDiscussion", discussionNodeId, text);
    const discussion = this.discussions.get(discussionNodeId);
    if (!discussion) throw new GitHubError("not_found", `fake: no discussion ${discussionNodeId}`);
    Object.assign(discussion, text);
  }

  async deleteDiscussion(discussionNodeId: string): Promise<void> {
    this.record("deleteDiscussion", discussionNodeId);
    this.discussions.delete(discussionNodeId);
  }

  async createDiscussion(input: DiscussionInput): Promise<{ nodeId: string; number: number; url: string }> {
    this.record("createDiscussion", input);
    const number = this.nextId++;
    const discussion: FakeDiscussion = {
      nodeId: `D_fake${number}`,
      number,
      url: `https://github.com/discussions/${number}`,
      title: input.title,
      body: input.body,
      categoryNodeId: input.categoryNodeId,
    };
    this.discussions.set(discussion.nodeId, discussion);
    return { nodeId: discussion.nodeId, number, url: discussion.url };
  }

  /** Node ids of pull requests with auto-merge on. */
  readonly autoMerge = new Set<string>();

  async disableAutoMerge(prNodeId: string): Promise<void> {
    this.record("disableAutoMerge", prNodeId);
    this.autoMerge.delete(prNodeId);
  }

  /** Requested reviewers by PR number. */
  readonly requestedReviewers = new Map<number, string[]>();

  async removeRequestedReviewers(repo: RepoRef, number: number, logins: string[]): Promise<void> {
    this.record("removeRequestedReviewers", repo, number, logins);
    const lower = logins.map((l) => l.toLowerCase());
    this.requestedReviewers.set(
      number,
      (this.requestedReviewers.get(number) ?? []).filter((l) => !lower.includes(l.toLowerCase())),
    );
  }

  async markReadyForReview(prNodeId: string): Promise<void> {
    this.record("markReadyForReview", prNodeId);
    const pr = [...this.pullRequests.values()].find((p) => p.nodeId === prNodeId);
    if (pr) pr.draft = false;
  }

  async deleteRef(repo: RepoRef, ref: string, expectedSha?: string): Promise<RefOutcome> {
    this.record("deleteRef", repo, ref, expectedSha);
    const full = ref.startsWith("refs/") ? ref : `refs/${ref}`;
    const tip = this.refs.get(full);
    // As the real adapter: gone is success; moved on is a human's call.
    if (tip === undefined) return { outcome: "done" };
    if (expectedSha !== undefined && tip !== expectedSha)
      return { outcome: "escalated", why: `${ref} moved on (it points at ${tip}, not ${expectedSha}): delete it by hand if it should go` };
    this.refs.delete(full);
    return { outcome: "done" };
  }

  async createRef(repo: RepoRef, ref: string, sha: string): Promise<RefOutcome> {
    this.record("createRef", repo, ref, sha);
    const full = ref.startsWith("refs/") ? ref : `refs/${ref}`;
    const tip = this.refs.get(full);
    if (tip !== undefined && tip !== sha)
      return { outcome: "escalated", why: `${full} exists again at ${tip}, not ${sha}: restore it by hand` };
    this.refs.set(full, sha);
    return { outcome: "done" };
  }

  /** Workflow runs by id; absent → 404 as GitHub. */
  readonly runs = new Map<number, FakeRun>();

  async cancelWorkflowRun(repo: RepoRef, runId: number): Promise<{ alreadyFinished: boolean }> {
    this.record("cancelWorkflowRun", repo, runId);
    const run = this.runs.get(runId);
    if (!run) throw new GitHubError("not_found", `fake: no workflow run ${runId}`, 404);
    if (run.status === "completed") return { alreadyFinished: true };
    run.status = "completed";
    run.conclusion = "cancelled";
    return { alreadyFinished: false };
  }

  /** Release draft flags by id; absent → 404 as GitHub. */
  readonly releases = new Map<number, { draft: boolean }>();

  async setReleaseDraft(repo: RepoRef, releaseId: number, draft: boolean): Promise<void> {
    this.record("setReleaseDraft", repo, releaseId, draft);
    const release = this.releases.get(releaseId);
    if (!release) throw new GitHubError("not_found", `fake: no release ${releaseId}`, 404);
    release.draft = draft;
  }

  async assignEverywhere(repo: RepoRef, login: string, numbers: number[]): Promise<number[]> {
    this.record("assignEverywhere", repo, login, numbers);
    for (const number of numbers) {
      const logins = this.assignees.get(number) ?? [];
      if (!logins.some((l) => l.toLowerCase() === login.toLowerCase())) this.assignees.set(number, [...logins, login]);
    }
    return [...numbers];
  }

  /** Logins blocked by the organization. */
  readonly blocked = new Set<string>();
  /** Logins invited back as collaborators, with the role. */
  readonly invitations = new Map<string, string>();

  async cutOffUser(repo: RepoRef, login: string, how: "remove_collaborator" | "block_user"): Promise<{ permission?: string }> {
    this.record("cutOffUser", repo, login, how);
    if (how === "block_user") {
      this.blocked.add(login);
      return {};
    }
    const key = [...this.permissions.keys()].find((k) => k.toLowerCase() === login.toLowerCase());
    const role = key === undefined ? undefined : this.permissions.get(key);
    if (key !== undefined) this.permissions.delete(key);
    return role !== undefined && role !== "none" ? { permission: role } : {};
  }

  async restoreUserAccess(
    repo: RepoRef,
    login: string,
    how: "remove_collaborator" | "block_user",
    permission?: string,
  ): Promise<{ invited: boolean }> {
    this.record("restoreUserAccess", repo, login, how, permission);
    if (how === "block_user") {
      this.blocked.delete(login);
      return { invited: false };
    }
    // As the real adapter: no role taken, none given; else, as GitHub for an outside
    // collaborator, an invitation, the role only once accepted.
    if (permission === undefined) return { invited: false };
    this.invitations.set(login, permission);
    return { invited: true };
  }

  /** Files on branches other than the default, keyed by `branch:path` (the default branch's are in `files`). */
  readonly branchFiles = new Map<string, string>();
  /** Pull requests `ensurePullRequest` opened, in order. */
  readonly openedPullRequests: { number: number; url: string; head: string; base: string; title: string; body: string }[] = [];

  async getDefaultBranch(repo: RepoRef): Promise<{ name: string; sha: string }> {
    this.record("getDefaultBranch", repo);
    return { name: "main", sha: this.refs.get("refs/heads/main") ?? fakeSha(1) };
  }

  async getFileForUpdate(repo: RepoRef, path: string, ref?: string): Promise<{ text: string; sha: string } | null> {
    this.record("getFileForUpdate", repo, path, ref);
    const text =
      ref === undefined || ref === "main" ? this.files.get(FakeGitHub.fileKey(repo, path)) : this.branchFiles.get(`${ref}:${path}`);
    return text === undefined
      ? null
      : { text, sha: `blob:${text.length}:${[...text].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7)}` };
  }

  async ensureBranch(repo: RepoRef, branch: string, sha: string): Promise<{ created: boolean }> {
    this.record("ensureBranch", repo, branch, sha);
    if (this.refs.has(`refs/heads/${branch}`)) return { created: false };
    this.refs.set(`refs/heads/${branch}`, sha);
    for (const [key, text] of this.files)
      if (key.startsWith(`${repo.owner}/${repo.repo}:`)) this.branchFiles.set(`${branch}:${key.slice(key.indexOf(":") + 1)}`, text);
    return { created: true };
  }

  async putFile(
    repo: RepoRef,
    input: { path: string; branch: string; message: string; text: string; sha?: string },
  ): Promise<{ commitSha: string }> {
    this.record("putFile", repo, input);
    const existing = await this.getFileForUpdate(repo, input.path, input.branch);
    this.calls.pop();
    if (existing !== null && existing.sha !== input.sha)
      throw new GitHubError(
        "validation",
        `fake: ${input.path} does not match ${input.sha ?? "(no sha)"}`,
        existing && input.sha === undefined ? 422 : 409,
      );
    this.branchFiles.set(`${input.branch}:${input.path}`, input.text);
    return { commitSha: fakeSha(this.nextId++) };
  }

  async ensurePullRequest(
    repo: RepoRef,
    input: { head: string; base: string; title: string; body: string },
  ): Promise<{ number: number; url: string; created: boolean; headSha: string }> {
    this.record("ensurePullRequest", repo, input);
    const headSha = this.refs.get(`refs/heads/${input.head}`) ?? fakeSha(2);
    const open = this.openedPullRequests.find((p) => p.head === input.head && p.base === input.base);
    if (open) return { number: open.number, url: open.url, created: false, headSha };
    const number = this.nextId++;
    const url = `https://github.com/${repo.owner}/${repo.repo}/pull/${number}`;
    this.openedPullRequests.push({ number, url, ...input });
    return { number, url, created: true, headSha };
  }

  /** Records the call, then throws the queued failure of the verb if there is one. */
  private record(verb: GitHubVerb, ...args: unknown[]): void {
    this.calls.push({ verb, args });
    const queued = this.failures.get(verb);
    const failure = queued?.shift();
    if (queued && queued.length === 0) this.failures.delete(verb);
    if (failure) throw failure;
  }
}

/** A 40-hex-digit sha, distinct per id, so a test can tell a revert commit from the agent's. */
function fakeSha(id: number): string {
  return id.toString(16).padStart(40, "f");
}
