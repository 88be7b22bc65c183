import type { ProbotOctokit } from "probot";
import type { RepoRef } from "../policy/agent-action.js";
import { CHECK_NAME, type MinimizeClassifier } from "../policy/effect.js";
import type { CommentSurface } from "../policy/held-comment.js";
import type { RepoRole } from "../policy/repo-role.js";
import { GitHubError, type CheckRunInput, type CreatedComment, type GitHubAdapter, type PullRequestFacts } from "./github-adapter.js";
import { toGitHubError } from "./to-github-error.js";

/** What the adapter uses of an Octokit: the generic REST and GraphQL doors, nothing plugin-specific. */
export type OctokitLike = Pick<ProbotOctokit, "request" | "graphql">;

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

const ADD_DISCUSSION_COMMENT = `mutation AddDiscussionComment($discussionId: ID!, $body: String!) {
  addDiscussionComment(input: { discussionId: $discussionId, body: $body }) { comment { id databaseId url } }
}`;

const DELETE_DISCUSSION_COMMENT = `mutation DeleteDiscussionComment($id: ID!) {
  deleteDiscussionComment(input: { id: $id }) { comment { id } }
}`;

/** The part of the `addDiscussionComment` answer this reads. */
interface AddDiscussionCommentData {
  addDiscussionComment: { comment: { id: string; databaseId: number; url: string } };
}

/**
 * The one Octokit implementation of `GitHubAdapter`. Every verb is one request (no read-before-
 * write), made idempotent by treating GitHub's "already so" answers as success, and every failure
 * leaves as a `GitHubError` (see `toGitHubError`).
 */
export function createOctokitAdapter(octokit: OctokitLike): GitHubAdapter {
  return {
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

    async getPermission(repo, login) {
      try {
        const { data } = await octokit.request("GET /repos/{owner}/{repo}/collaborators/{username}/permission", { ...repo, username: login });
        return roleOf(data.role_name, data.permission);
      } catch (error) {
        if (statusOf(error) === 404) return "none";
        throw toGitHubError(error);
      }
    },

    async getPullRequest(repo, number) {
      const { data } = await guard(() => octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", { ...repo, pull_number: number }));
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
      };
      return facts;
    },

    async isOrgMember(org, login) {
      try {
        // A 302 means the requester may only see public members; following it would answer a
        // different question, so the redirect is not followed and counts as "not a member".
        const { status } = await octokit.request("GET /orgs/{org}/members/{username}", { org, username: login, request: { redirect: "manual" } });
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
      await guard(() => octokit.request("PATCH /repos/{owner}/{repo}/pulls/{pull_number}", { ...repo, pull_number: number, state: "closed" }));
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
      await guard(() => octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", { ...repo, issue_number: number, labels: [label] }));
    },

    async removeLabel(repo, number, label) {
      try {
        await octokit.request("DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}", { ...repo, issue_number: number, name: label });
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

    async createComment(repo, number, body): Promise<CreatedComment> {
      const { data } = await guard(() => octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...repo, issue_number: number, body }));
      return { id: Number(data.id), nodeId: data.node_id, url: data.html_url };
    },

    async createDiscussionComment(discussionNodeId, body): Promise<CreatedComment> {
      const data = await guard(() => octokit.graphql<AddDiscussionCommentData>(ADD_DISCUSSION_COMMENT, { discussionId: discussionNodeId, body }));
      const { comment } = data.addDiscussionComment;
      return { id: Number(comment.databaseId), nodeId: comment.id, url: comment.url };
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
        octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { ...repo, issue_number: number, state: "closed", state_reason: "not_planned" }),
      );
    },

    async minimizeComment(nodeId, classifier: MinimizeClassifier) {
      await guard(() => octokit.graphql(MINIMIZE_COMMENT, { subjectId: nodeId, classifier }));
    },

    async unminimizeComment(nodeId) {
      await guard(() => octokit.graphql(UNMINIMIZE_COMMENT, { subjectId: nodeId }));
    },
  };
}

async function guard<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toGitHubError(error);
  }
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

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function graphqlTypes(error: unknown): string[] {
  const errors = (error as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.map((e) => String((e as { type?: unknown } | null)?.type ?? "").toUpperCase());
}

function graphqlMessages(error: unknown): string[] {
  const errors = (error as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.map((e) => String((e as { message?: unknown } | null)?.message ?? ""));
}
