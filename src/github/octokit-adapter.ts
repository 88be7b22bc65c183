import type { ProbotOctokit } from "probot";
import type { RepoRef } from "../policy/agent-action.js";
import { CHECK_NAME, type MinimizeClassifier } from "../policy/effect.js";
import type { CommentSurface } from "../policy/held-comment.js";
import type { RepoRole } from "../policy/repo-role.js";
import { carriesMarker, withMarker, type CreationMarker } from "./creation-marker.js";
import { ensureDigestIssue } from "./ensure-digest-issue.js";
import {
  GitHubError,
  MAX_LISTED_FILES,
  type CheckRunInput,
  type CreatedComment,
  type GitHubAdapter,
  type PullRequestFacts,
} from "./github-adapter.js";
import { createRepairVerbs } from "./octokit-repair-verbs.js";
import { createConfigPullRequestVerbs } from "./octokit-config-pr-verbs.js";
import { openRevertPullRequest } from "./open-revert-pull-request.js";
import { errorText, guard, statusOf } from "./guard.js";
import { toGitHubError } from "./to-github-error.js";
import { graphqlMessages, graphqlTypes } from "./graphql-errors.js";

/**
 * What the adapter uses of an Octokit: the generic REST and GraphQL doors, and `paginate`, which
 * follows GitHub's `Link: rel="next"` headers (every Probot Octokit has it).
 */
export type OctokitLike = Pick<ProbotOctokit, "request" | "graphql" | "paginate">;

const ROLES: readonly RepoRole[] = ["none", "read", "triage", "write", "maintain", "admin"];

const CONVERT_TO_DRAFT = `mutation ConvertToDraft($pullRequestId: ID!) {
  convertPullRequestToDraft(input: { pullRequestId: $pullRequestId }) { pullRequest { id isDraft } }
}`;

const MINIMIZE_COMMENT = `mutation MinimizeComment($subjectId: ID!, $classifier: ReportedContentClassifiers!) {
  minimizeComment(input: { subjectId: $subjectId, classifier: $classifier }) { minimizedComment { isMinimized } }
}`;

const UNMINIMIZE_COMMENT = `mutation UnminimizeComment($subjectId: ID!) {
  unminimizeComment(input: { subjectId: $subjectId }) { unminimizedComment { isMinimized } }
}`;

const ADD_DISCUSSION_COMMENT = `mutation AddDiscussionComment($discussionId: ID!, $body: String!, $replyToId: ID) {
  addDiscussionComment(input: { discussionId: $discussionId, body: $body, replyToId: $replyToId }) { comment { id databaseId url } }
}`;

const DISCUSSION_COMMENT_PARENT = `query DiscussionCommentParent($id: ID!) {
  node(id: $id) { ... on DiscussionComment { replyTo { id } } }
}`;

/** The part of the parent query's answer this reads. */
interface DiscussionCommentParentData {
  node: { replyTo?: { id: string } | null } | null;
}

const DELETE_DISCUSSION_COMMENT = `mutation DeleteDiscussionComment($id: ID!) {
  deleteDiscussionComment(input: { id: $id }) { comment { id } }
}`;

// `body` unset keeps GitHub's own ("Reverts owner/repo#n"); set, it carries the marker too.
const REVERT_PULL_REQUEST = `mutation($id: ID!, $body: String) { revertPullRequest(input: { pullRequestId: $id, body: $body }) { revertPullRequest { number url } } }`;

/** The part of the `revertPullRequest` answer this reads: the new PR that undoes the merge. */
interface RevertPullRequestData {
  revertPullRequest: { revertPullRequest: { number: number; url: string } };
}

/** Git's "no commit": the `before` of a push that created its branch, the `after` of one that deleted it. */
const NULL_SHA = /^0+$/;

/** The part of the `addDiscussionComment` answer this reads. */
interface AddDiscussionCommentData {
  addDiscussionComment: { comment: { id: string; databaseId: number; url: string } };
}

/**
 * The one Octokit implementation of `GitHubAdapter`. Most verbs are one request, made idempotent
 * by treating GitHub's "already so" answers as success; the few that read first do so because
 * the read is what makes them safe (`revertPush` only writes over the agent's own tip,
 * `ensureIssue` finds the issue a crashed attempt already opened). A creating verb given a
 * `CreationMarker` looks for an item of ours carrying it before it creates (a lost answer's write
 * is then found, not repeated) and writes the marker into the body. Every failure leaves as a
 * `GitHubError` (see `toGitHubError`).
 */
export function createOctokitAdapter(octokit: OctokitLike): GitHubAdapter {
  return {
    // Containment and undo verbs beyond the first breaker (their own file: this one is long enough).
    ...createRepairVerbs(octokit),
    // The pull request a promote or demote opens against the config file.
    ...createConfigPullRequestVerbs(octokit),

    async getDefaultBranchFile(repo, path) {
      try {
        // No `ref`: the default branch, so a PR head can never supply its own rules.
        const { data } = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", {
          ...repo,
          path,
          headers: { accept: "application/vnd.github.raw" },
        });
        return fileText(data as unknown);
      } catch (error) {
        if (statusOf(error) === 404) return null;
        throw toGitHubError(error);
      }
    },

    async getFileAtCommit(repo, path, sha) {
      try {
        const { data } = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", {
          ...repo,
          path,
          ref: sha,
          headers: { accept: "application/vnd.github.raw" },
        });
        return fileText(data as unknown);
      } catch (error) {
        if (statusOf(error) === 404) return null;
        throw toGitHubError(error);
      }
    },

    async getPermission(repo, login) {
      // The account that owns the repository (a personal account's user) administers it.
      if (login.toLowerCase() === repo.owner.toLowerCase()) return "admin";
      try {
        const { data } = await octokit.request("GET /repos/{owner}/{repo}/collaborators/{username}/permission", {
          ...repo,
          username: login,
        });
        return roleOf(data.role_name, data.permission);
      } catch (error) {
        // 404 "… is not a user" or not a collaborator of a private repository: no role here.
        if (statusOf(error) === 404) return "none";
        throw toGitHubError(error);
      }
    },

    async getPullRequest(repo, number) {
      const { data } = await guard(() =>
        octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", { ...repo, pull_number: number }),
      );
      const facts: PullRequestFacts = {
        number: Number(data.number),
        nodeId: data.node_id,
        headSha: data.head.sha,
        draft: data.draft === true,
        state: data.state === "closed" ? "closed" : "open",
        merged: data.merged === true,
        authorLogin: data.user.login,
        authorId: Number(data.user.id),
        htmlUrl: data.html_url,
        headRef: data.head.ref,
        ...(data.head.repo?.full_name ? { headRepo: data.head.repo.full_name } : {}),
      };
      return facts;
    },

    async isOrgMember(org, login) {
      try {
        // A 302 means the requester may only see public members; following it would answer a
        // different question, so the redirect is not followed and counts as "not a member".
        const { status } = await octokit.request("GET /orgs/{org}/members/{username}", {
          org,
          username: login,
          request: { redirect: "manual" },
        });
        return (status as number) === 204;
      } catch (error) {
        if (statusOf(error) === 404) return false;
        throw toGitHubError(error);
      }
    },

    async convertToDraft(prNodeId) {
      try {
        await octokit.graphql(CONVERT_TO_DRAFT, { pullRequestId: prNodeId });
      } catch (error) {
        if (graphqlMessages(error).some((m) => /already (a |in )?draft/i.test(m))) return;
        throw toGitHubError(error);
      }
    },

    async closePullRequest(repo, number) {
      // GitHub answers 200 to closing a closed PR, so this is idempotent as is.
      await guard(() =>
        octokit.request("PATCH /repos/{owner}/{repo}/pulls/{pull_number}", { ...repo, pull_number: number, state: "closed" }),
      );
    },

    async ensureCheckRun(repo: RepoRef, input: CheckRunInput) {
      const { data } = await guard(() =>
        octokit.request("POST /repos/{owner}/{repo}/check-runs", {
          ...repo,
          name: input.name ?? CHECK_NAME,
          head_sha: input.headSha,
          status: "completed",
          conclusion: input.conclusion,
          details_url: input.detailsUrl,
          // The I/O edge: the completion time is when GitHub is told, not a policy fact.
          completed_at: new Date().toISOString(),
          output: { title: input.title, summary: input.summary },
        }),
      );
      return { id: Number(data.id) };
    },

    async addLabel(repo, number, label) {
      await guard(() =>
        octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", { ...repo, issue_number: number, labels: [label] }),
      );
    },

    async removeLabel(repo, number, label) {
      try {
        await octokit.request("DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}", {
          ...repo,
          issue_number: number,
          name: label,
        });
      } catch (error) {
        if (statusOf(error) === 404) return;
        throw toGitHubError(error);
      }
    },

    async dismissReview(repo, number, reviewId, message) {
      try {
        await octokit.request("PUT /repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}/dismissals", {
          ...repo,
          pull_number: number,
          review_id: reviewId,
          message,
          event: "DISMISS",
        });
      } catch (error) {
        // "Can not dismiss a dismissed pull request review": the wanted state already holds.
        if (statusOf(error) === 422 && /dismissed pull request review/i.test(errorText(error))) return;
        throw toGitHubError(error);
      }
    },

    async createComment(repo, number, body, options = {}): Promise<CreatedComment> {
      const { marker } = options;
      if (marker !== undefined) {
        const found = await guard(() =>
          octokit.paginate(
            "GET /repos/{owner}/{repo}/issues/{issue_number}/comments",
            { ...repo, issue_number: number, per_page: 100 },
            (response, done) => firstMarked(response.data, marker, done),
          ),
        );
        if (found[0]) return { id: Number(found[0].id), nodeId: found[0].node_id, url: found[0].html_url };
        await options.checkpoint?.();
      }
      const { data } = await guard(() =>
        octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
          ...repo,
          issue_number: number,
          body: withMarker(body, marker),
        }),
      );
      return { id: Number(data.id), nodeId: data.node_id, url: data.html_url };
    },

    async createDiscussionComment(discussionNodeId, body, replyToNodeId, options = {}): Promise<CreatedComment> {
      // The marker rides along; a lookup in the discussion before posting is not done yet.
      const variables = {
        discussionId: discussionNodeId,
        body: withMarker(body, options.marker),
        ...(replyToNodeId ? { replyToId: replyToNodeId } : {}),
      };
      const data = await guard(() => octokit.graphql<AddDiscussionCommentData>(ADD_DISCUSSION_COMMENT, variables));
      const { comment } = data.addDiscussionComment;
      return { id: Number(comment.databaseId), nodeId: comment.id, url: comment.url };
    },

    async getDiscussionCommentParent(commentNodeId) {
      const data = await guard(() => octokit.graphql<DiscussionCommentParentData>(DISCUSSION_COMMENT_PARENT, { id: commentNodeId }));
      return data.node?.replyTo?.id ?? null;
    },

    async replyToReviewComment(repo, pullNumber, rootCommentId, body, options = {}): Promise<CreatedComment> {
      const found = await findMarkedReviewComment(octokit, repo, pullNumber, options);
      if (found !== undefined) return found;
      const { data } = await guard(() =>
        octokit.request("POST /repos/{owner}/{repo}/pulls/{pull_number}/comments/{comment_id}/replies", {
          ...repo,
          pull_number: pullNumber,
          comment_id: rootCommentId,
          body: withMarker(body, options.marker),
        }),
      );
      return { id: Number(data.id), nodeId: data.node_id, url: data.html_url };
    },

    async createReviewComment(repo, pullNumber, anchor, body, options = {}): Promise<CreatedComment> {
      const found = await findMarkedReviewComment(octokit, repo, pullNumber, options);
      if (found !== undefined) return found;
      const { data } = await guard(() =>
        octokit.request("POST /repos/{owner}/{repo}/pulls/{pull_number}/comments", {
          ...repo,
          pull_number: pullNumber,
          body: withMarker(body, options.marker),
          commit_id: anchor.commitId,
          path: anchor.path,
          // Without a line the comment is on the file (subject_type file).
          ...(anchor.line !== undefined ? { line: anchor.line, side: anchor.side ?? "RIGHT" } : { subject_type: "file" as const }),
        }),
      );
      return { id: Number(data.id), nodeId: data.node_id, url: data.html_url };
    },

    async deleteComment(repo, surface: CommentSurface, commentId, nodeId) {
      try {
        switch (surface) {
          case "issue_comment":
            await octokit.request("DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}", { ...repo, comment_id: commentId });
            return;
          case "review_comment":
            await octokit.request("DELETE /repos/{owner}/{repo}/pulls/comments/{comment_id}", { ...repo, comment_id: commentId });
            return;
          case "discussion_comment":
            await octokit.graphql(DELETE_DISCUSSION_COMMENT, { id: nodeId });
            return;
          case "review":
            // GitHub has no way to delete a submitted review (only a pending one): final, not retried.
            throw new GitHubError("validation", `a submitted pull request review (${commentId}) cannot be deleted`);
          case "commit_comment":
            await octokit.request("DELETE /repos/{owner}/{repo}/comments/{comment_id}", { ...repo, comment_id: commentId });
            return;
          default: {
            const never: never = surface;
            throw new GitHubError("validation", `unknown comment surface ${String(never)}`);
          }
        }
      } catch (error) {
        // Already gone is the state this verb wants (a retried delete, or a human got there first).
        if (statusOf(error) === 404 || graphqlTypes(error).includes("NOT_FOUND")) return;
        throw toGitHubError(error);
      }
    },

    async closeIssue(repo, number) {
      // GitHub answers 200 to closing a closed issue, so this is idempotent as is.
      await guard(() =>
        octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", {
          ...repo,
          issue_number: number,
          state: "closed",
          state_reason: "not_planned",
        }),
      );
    },

    async unassignEverywhere(repo, login) {
      // Every page first, then the removals: removing while paging would shift the pages.
      const items = await guard(() =>
        octokit.paginate("GET /repos/{owner}/{repo}/issues", { ...repo, assignee: login, state: "open", per_page: 100 }),
      );
      const numbers = items.map((issue) => Number(issue.number));
      for (const number of numbers) {
        // Removing an assignee who is already gone answers 200 too: idempotent.
        await guard(() =>
          octokit.request("DELETE /repos/{owner}/{repo}/issues/{issue_number}/assignees", {
            ...repo,
            issue_number: number,
            assignees: [login],
          }),
        );
      }
      return numbers;
    },

    async reopenIssue(repo, number) {
      // GitHub answers 200 to opening an open issue, so this is idempotent as is.
      await guard(() =>
        octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { ...repo, issue_number: number, state: "open" }),
      );
    },

    async reopenPullRequest(repo, number) {
      // GitHub answers 200 to opening an open PR; a merged PR or a deleted head branch is a 422.
      await guard(() =>
        octokit.request("PATCH /repos/{owner}/{repo}/pulls/{pull_number}", { ...repo, pull_number: number, state: "open" }),
      );
    },

    async revertPush(repo, { ref, sha, before }, options = {}) {
      const checkpoint = options.checkpoint ?? (async () => {});
      // Tags and other refs are not history to undo with a new commit; a created or deleted
      // branch has no tree to go back to. Checked before any request: these can never revert.
      if (!ref.startsWith("refs/heads/")) return escalated(`${ref} is not a branch: revert by hand`);
      if (NULL_SHA.test(sha)) return escalated(`the push deleted ${ref}: restore it by hand`);
      if (NULL_SHA.test(before))
        return escalated(`the push created ${ref}: there is no earlier tree to restore; delete or revert it by hand`);
      const short = ref.slice("refs/".length);

      let tip: string;
      try {
        const { data } = await octokit.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { ...repo, ref: short });
        tip = data.object.sha;
      } catch (error) {
        if (statusOf(error) === 404) return escalated(`${ref} no longer exists: revert by hand`);
        throw toGitHubError(error);
      }
      // Someone (a human, or the agent again) built on the push: a revert commit now would undo
      // their work too, so a human decides.
      if (tip !== sha) return escalated(`${ref} moved on since the agent's push (tip is ${tip}): revert by hand`);
      await checkpoint();

      const { data: previous } = await guard(() =>
        octokit.request("GET /repos/{owner}/{repo}/git/commits/{commit_sha}", { ...repo, commit_sha: before }),
      );
      await checkpoint();
      const { data: commit } = await guard(() =>
        octokit.request("POST /repos/{owner}/{repo}/git/commits", {
          ...repo,
          message: `Revert agent push ${sha.slice(0, 7)} (agent-guardrails containment)\n\nRestores the tree of ${before}.`,
          tree: previous.tree.sha,
          parents: [sha],
        }),
      );
      await checkpoint();
      try {
        // force: false makes GitHub refuse unless the ref is still at `sha` (the commit's parent),
        // closing the window between the read above and this write.
        await octokit.request("PATCH /repos/{owner}/{repo}/git/refs/{ref}", { ...repo, ref: short, sha: commit.sha, force: false });
      } catch (error) {
        const status = statusOf(error);
        const text = errorText(error);
        if (status === 422 && /fast[ -]forward/i.test(text))
          return escalated(`${ref} moved on while the revert was being written: revert by hand`);
        // GitHub refuses an App a ref update that changes .github/workflows unless it holds the
        // `workflows` permission. Its text names the agent's file, so it is not repeated here.
        if ((status === 403 || status === 422) && /workflow/i.test(text)) {
          return escalated(
            `GitHub refused to update ${ref}: reverting changes to workflow files needs the app's workflows permission: revert by hand`,
          );
        }
        // A protected branch (branch protection or a ruleset) takes changes only through a pull
        // request; GitHub answers 422 or, for some rules, 409:
        // https://docs.github.com/en/repositories/configuring-branches-and-merges-in-your-repository/managing-protected-branches/about-protected-branches
        const protectedRefusal = protectedRefusalOf(status, text);
        if (protectedRefusal !== undefined) {
          await checkpoint();
          return openRevertPullRequest(
            octokit,
            repo,
            { base: short.slice("heads/".length), sha, before, commitSha: commit.sha, treeSha: previous.tree.sha },
            protectedRefusal,
            checkpoint,
          );
        }
        throw toGitHubError(error);
      }
      return { outcome: "reverted", commitSha: commit.sha };
    },

    async revertMerge(prNodeId, merged, options = {}) {
      // Not idempotent on GitHub's side (each call opens another revert PR), and the retry after a
      // lost answer is the outbox's: so an open revert PR of this merge is looked up first.
      const { marker } = options;
      if (merged !== undefined) {
        // GitHub names the revert branch `revert-<number>-<head branch>`; the marker finds one renamed.
        const prefix = `revert-${merged.number}-`;
        const isRevert = (pr: { head: { ref: string }; user?: { login?: string } | null; body?: string | null }) =>
          (pr.head.ref.startsWith(prefix) &&
            (marker?.author === undefined || pr.user?.login?.toLowerCase() === marker.author.toLowerCase())) ||
          (marker !== undefined && carriesMarker(pr, marker));
        const found = await guard(() =>
          octokit.paginate("GET /repos/{owner}/{repo}/pulls", { ...merged.repo, state: "open", per_page: 100 }, (response, done) => {
            const match = response.data.filter(isRevert);
            if (match.length > 0) done();
            return match;
          }),
        );
        if (found[0]) return { number: Number(found[0].number), url: found[0].html_url };
        await options.checkpoint?.();
      }
      const body =
        merged !== undefined && marker !== undefined
          ? withMarker(`Reverts ${merged.repo.owner}/${merged.repo.repo}#${merged.number}`, marker)
          : undefined;
      const data = await guard(() =>
        octokit.graphql<RevertPullRequestData>(REVERT_PULL_REQUEST, { id: prNodeId, ...(body !== undefined ? { body } : {}) }),
      );
      const { number, url } = data.revertPullRequest.revertPullRequest;
      return { number: Number(number), url };
    },

    async ensureIssue(repo, title, body, labels, options = {}) {
      const { marker } = options;
      // The issues list includes pull requests; one of those with the same title is not ours. The
      // title finds an issue opened before markers; the marker one whose title a human edited.
      const isOurs = (issue: { title: string; body?: string | null; user?: { login?: string } | null; pull_request?: unknown }) =>
        !("pull_request" in issue && issue.pull_request !== undefined) &&
        (issue.title === title || (marker !== undefined && carriesMarker(issue, marker)));
      // Page on only until it is found (the incident issue is usually among the newest), renewing
      // the outbox's claim between pages.
      let existing: { number: number } | undefined;
      await guard(async () => {
        const pages = octokit.paginate.iterator("GET /repos/{owner}/{repo}/issues", {
          ...repo,
          state: "open",
          ...(labels.length > 0 ? { labels: labels.join(",") } : {}),
          per_page: 100,
        });
        for await (const page of pages) {
          existing = page.data.find(isOurs);
          if (existing !== undefined) break;
          await options.checkpoint?.();
        }
      });
      const found = existing;
      if (found !== undefined) {
        const { data } = await guard(() =>
          octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", {
            ...repo,
            issue_number: found.number,
            body: withMarker(body, marker),
          }),
        );
        return { number: Number(data.number), url: data.html_url, created: false };
      }
      const create = (assignees?: readonly string[]) =>
        octokit.request("POST /repos/{owner}/{repo}/issues", {
          ...repo,
          title,
          body: withMarker(body, marker),
          labels,
          ...(assignees?.length ? { assignees: [...assignees] } : {}),
        });
      try {
        const { data } = await create(options.assignees);
        return { number: Number(data.number), url: data.html_url, created: true };
      } catch (error) {
        // An assignee GitHub refuses (no access to the repository) must not cost the issue: a
        // validation failure created nothing, so it is created again without.
        if (!(statusOf(error) === 422 && options.assignees?.length)) throw toGitHubError(error);
        const { data } = await guard(() => create());
        return { number: Number(data.number), url: data.html_url, created: true };
      }
    },

    ensureDigestIssue(repo, issue) {
      return ensureDigestIssue(octokit, repo, issue);
    },

    async listPullRequestFiles(repo, number, changedFiles) {
      const files = await guard(() =>
        octokit.paginate("GET /repos/{owner}/{repo}/pulls/{pull_number}/files", { ...repo, pull_number: number, per_page: 100 }),
      );
      const paths: string[] = [];
      for (const file of files) {
        paths.push(file.filename);
        // Moving a protected file out of its folder touches it as much as editing it does.
        if (file.previous_filename !== undefined && file.previous_filename !== file.filename) paths.push(file.previous_filename);
      }
      // At the cap GitHub stops listing without saying so; the PR's own count past the cap says so
      // too. A count under the cap that differs from the list is only a stale payload (a push
      // since): the list, read now, is the truth, and tripping the breaker on it would be wrong.
      const truncated = files.length >= MAX_LISTED_FILES || (changedFiles !== undefined && changedFiles > MAX_LISTED_FILES);
      return { paths, truncated };
    },

    async minimizeComment(nodeId, classifier: MinimizeClassifier) {
      await guard(() => octokit.graphql(MINIMIZE_COMMENT, { subjectId: nodeId, classifier }));
    },

    async unminimizeComment(nodeId) {
      await guard(() => octokit.graphql(UNMINIMIZE_COMMENT, { subjectId: nodeId }));
    },
  };
}

/**
 * The raw media type answers text (or bytes when GitHub omits the charset); a stand-in that
 * ignores `accept` answers the JSON object with base64 content. A directory is not a file.
 */
function fileText(data: unknown): string | null {
  if (typeof data === "string") return data;
  // Tag check, not instanceof: the buffer may come from another realm (jest's vm contexts).
  if (Object.prototype.toString.call(data) === "[object ArrayBuffer]") return Buffer.from(data as ArrayBuffer).toString("utf8");
  if (data !== null && typeof data === "object" && !Array.isArray(data)) {
    const { content, encoding } = data as { content?: unknown; encoding?: unknown };
    if (typeof content === "string") return encoding === "base64" ? Buffer.from(content, "base64").toString("utf8") : content;
  }
  return null;
}

/**
 * `role_name` is the real role; a custom role's name is none of the built-in ones, so fall back
 * to the legacy `permission`, which already rounds down (maintain → write, triage → read).
 */
function roleOf(roleName: string | undefined, permission: string | undefined): RepoRole {
  const role = roleName?.toLowerCase();
  if (role !== undefined && (ROLES as readonly string[]).includes(role)) return role as RepoRole;
  const legacy = permission?.toLowerCase();
  if (legacy === "admin" || legacy === "write" || legacy === "read") return legacy;
  return "none";
}

/** GitHub's refusal of a ref update on a protected branch, in short, or undefined for any other failure. */
function protectedRefusalOf(status: number | undefined, text: string): string | undefined {
  if (status === 409) return "the branch is protected (409)";
  if (status !== 422) return undefined;
  if (/protected branch/i.test(text)) return "protected branch";
  if (/through a pull request/i.test(text)) return "changes must be made through a pull request";
  if (/rule violation/i.test(text)) return "a repository ruleset";
  return undefined;
}

/** The items of a page that carry the marker; stops the paging at the first. */
function firstMarked<T extends { body?: string | null; user?: { login?: string } | null }>(
  items: T[],
  marker: CreationMarker,
  done: () => void,
): T[] {
  const match = items.filter((item) => carriesMarker(item, marker));
  if (match.length > 0) done();
  return match;
}

/** A review comment of ours in the PR carrying the marker (a re-post a lost answer hid), if any. */
async function findMarkedReviewComment(
  octokit: OctokitLike,
  repo: RepoRef,
  pullNumber: number,
  options: { marker?: CreationMarker; checkpoint?: () => Promise<void> },
): Promise<CreatedComment | undefined> {
  const { marker } = options;
  if (marker === undefined) return undefined;
  const found = await guard(() =>
    octokit.paginate(
      "GET /repos/{owner}/{repo}/pulls/{pull_number}/comments",
      { ...repo, pull_number: pullNumber, per_page: 100 },
      (response, done) => firstMarked(response.data, marker, done),
    ),
  );
  if (found[0]) return { id: Number(found[0].id), nodeId: found[0].node_id, url: found[0].html_url };
  await options.checkpoint?.();
  return undefined;
}

function escalated(why: string): { outcome: "escalated"; why: string } {
  return { outcome: "escalated", why };
}
