import type { RepoRef } from "../policy/agent-action.js";
import { carriesMarker, withMarker } from "./creation-marker.js";
import { GitHubError, type GitHubAdapter, type RefOutcome } from "./github-adapter.js";
import { errorText, guard, statusOf } from "./guard.js";
import type { OctokitLike } from "./octokit-adapter.js";
import { toGitHubError } from "./to-github-error.js";
import { graphqlMessages, graphqlTypes } from "./graphql-errors.js";

/** The verbs of containment and undo beyond the first breaker: text put back, refs, runs, releases, access. */
export type RepairVerbs = Pick<
  GitHubAdapter,
  | "updateIssueText"
  | "updateCommentBody"
  | "updateDiscussion"
  | "deleteDiscussion"
  | "createDiscussion"
  | "disableAutoMerge"
  | "removeRequestedReviewers"
  | "markReadyForReview"
  | "deleteRef"
  | "createRef"
  | "cancelWorkflowRun"
  | "setReleaseDraft"
  | "assignEverywhere"
  | "cutOffUser"
  | "restoreUserAccess"
>;

const UPDATE_DISCUSSION_COMMENT = `mutation UpdateDiscussionComment($commentId: ID!, $body: String!) {
  updateDiscussionComment(input: { commentId: $commentId, body: $body }) { comment { id } }
}`;

const UPDATE_PULL_REQUEST_REVIEW = `mutation UpdatePullRequestReview($pullRequestReviewId: ID!, $body: String!) {
  updatePullRequestReview(input: { pullRequestReviewId: $pullRequestReviewId, body: $body }) { pullRequestReview { id } }
}`;

const UPDATE_DISCUSSION = `mutation UpdateDiscussion($discussionId: ID!, $title: String, $body: String) {
  updateDiscussion(input: { discussionId: $discussionId, title: $title, body: $body }) { discussion { id } }
}`;

const DELETE_DISCUSSION = `mutation DeleteDiscussion($id: ID!) {
  deleteDiscussion(input: { id: $id }) { discussion { id } }
}`;

const CREATE_DISCUSSION = `mutation CreateDiscussion($repositoryId: ID!, $categoryId: ID!, $title: String!, $body: String!) {
  createDiscussion(input: { repositoryId: $repositoryId, categoryId: $categoryId, title: $title, body: $body }) { discussion { id number url } }
}`;

// The newest discussions of the category: a re-post a lost answer hid is among them.
const RECENT_DISCUSSIONS = `query RecentDiscussions($repositoryId: ID!, $categoryId: ID!) {
  node(id: $repositoryId) { ... on Repository { discussions(first: 100, categoryId: $categoryId, orderBy: { field: CREATED_AT, direction: DESC }) { nodes { id number url body author { login } } } } }
}`;

const AUTO_MERGE_STATE = `query AutoMergeState($pullRequestId: ID!) {
  node(id: $pullRequestId) { ... on PullRequest { autoMergeRequest { enabledAt } } }
}`;

const DISABLE_AUTO_MERGE = `mutation DisableAutoMerge($pullRequestId: ID!) {
  disablePullRequestAutoMerge(input: { pullRequestId: $pullRequestId }) { pullRequest { id } }
}`;

const MARK_READY_FOR_REVIEW = `mutation MarkReadyForReview($pullRequestId: ID!) {
  markPullRequestReadyForReview(input: { pullRequestId: $pullRequestId }) { pullRequest { id isDraft } }
}`;

interface CreateDiscussionData {
  createDiscussion: { discussion: { id: string; number: number; url: string } };
}

interface RecentDiscussionsData {
  node: {
    discussions?: { nodes: ({ id: string; number: number; url: string; body: string; author: { login: string } | null } | null)[] };
  } | null;
}

interface AutoMergeStateData {
  node: { autoMergeRequest?: { enabledAt: string | null } | null } | null;
}

/**
 * The Octokit side of the repair verbs. Each is idempotent: GitHub's "already so" answers (404 on
 * a delete, 409 on cancelling a finished run, a ref already at the sha) are success; where the
 * wanted state cannot be told from the answer, the verb reads first (a ref's sha, auto-merge,
 * a collaborator's role, discussions carrying the marker).
 */
export function createRepairVerbs(octokit: OctokitLike): RepairVerbs {
  return {
    async updateIssueText(repo, number, text) {
      if (text.title === undefined && text.body === undefined) return;
      await guard(() =>
        octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", {
          ...repo,
          issue_number: number,
          ...(text.title !== undefined ? { title: text.title } : {}),
          ...(text.body !== undefined ? { body: text.body } : {}),
        }),
      );
    },

    async updateCommentBody(repo, target, body) {
      const { surface, commentId, nodeId } = target;
      switch (surface) {
        case "issue_comment":
          await guard(() =>
            octokit.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", { ...repo, comment_id: commentId, body }),
          );
          return;
        case "review_comment":
          await guard(() =>
            octokit.request("PATCH /repos/{owner}/{repo}/pulls/comments/{comment_id}", { ...repo, comment_id: commentId, body }),
          );
          return;
        case "commit_comment":
          await guard(() => octokit.request("PATCH /repos/{owner}/{repo}/comments/{comment_id}", { ...repo, comment_id: commentId, body }));
          return;
        case "discussion_comment":
          await guard(() => octokit.graphql(UPDATE_DISCUSSION_COMMENT, { commentId: nodeId, body }));
          return;
        case "review":
          await guard(() => octokit.graphql(UPDATE_PULL_REQUEST_REVIEW, { pullRequestReviewId: nodeId, body }));
          return;
        default: {
          const never: never = surface;
          throw new GitHubError("validation", `unknown comment surface ${String(never)}`);
        }
      }
    },

    async updateDiscussion(discussionNodeId, text) {
      if (text.title === undefined && text.body === undefined) return;
      await guard(() => octokit.graphql(UPDATE_DISCUSSION, { discussionId: discussionNodeId, ...text }));
    },

    async deleteDiscussion(discussionNodeId) {
      try {
        await octokit.graphql(DELETE_DISCUSSION, { id: discussionNodeId });
      } catch (error) {
        // Already gone: a retried delete, or a human got there first.
        if (graphqlTypes(error).includes("NOT_FOUND")) return;
        throw toGitHubError(error);
      }
    },

    async createDiscussion(input, options = {}) {
      const { marker } = options;
      if (marker !== undefined) {
        const data = await guard(() =>
          octokit.graphql<RecentDiscussionsData>(RECENT_DISCUSSIONS, {
            repositoryId: input.repositoryNodeId,
            categoryId: input.categoryNodeId,
          }),
        );
        const found = (data.node?.discussions?.nodes ?? []).find(
          (d) => d !== null && carriesMarker({ body: d.body, user: d.author }, marker),
        );
        if (found) return { nodeId: found.id, number: Number(found.number), url: found.url };
        await options.checkpoint?.();
      }
      const data = await guard(() =>
        octokit.graphql<CreateDiscussionData>(CREATE_DISCUSSION, {
          repositoryId: input.repositoryNodeId,
          categoryId: input.categoryNodeId,
          title: input.title,
          body: withMarker(input.body, marker),
        }),
      );
      const { discussion } = data.createDiscussion;
      return { nodeId: discussion.id, number: Number(discussion.number), url: discussion.url };
    },

    async disableAutoMerge(prNodeId) {
      // Read first: GitHub documents no "already off" answer to rely on, and off is the wanted state.
      const state = await guard(() => octokit.graphql<AutoMergeStateData>(AUTO_MERGE_STATE, { pullRequestId: prNodeId }));
      if (state.node !== null && !state.node.autoMergeRequest) return;
      await guard(() => octokit.graphql(DISABLE_AUTO_MERGE, { pullRequestId: prNodeId }));
    },

    async removeRequestedReviewers(repo, number, logins) {
      // GitHub answers 200 when a login was not requested: idempotent as is.
      await guard(() =>
        octokit.request("DELETE /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers", {
          ...repo,
          pull_number: number,
          reviewers: logins,
        }),
      );
    },

    async markReadyForReview(prNodeId) {
      try {
        await octokit.graphql(MARK_READY_FOR_REVIEW, { pullRequestId: prNodeId });
      } catch (error) {
        if (graphqlMessages(error).some((m) => /not (a |in )?draft|already ready/i.test(m))) return;
        throw toGitHubError(error);
      }
    },

    async deleteRef(repo, ref, expectedSha) {
      const short = shortRef(ref);
      if (expectedSha !== undefined) {
        const tip = await refTip(octokit, repo, short);
        if (tip === null) return DONE;
        // Someone pushed onto it since: deleting would lose their commits, so a human decides.
        if (tip !== expectedSha)
          return escalated(`${ref} moved on (it points at ${tip}, not ${expectedSha}): delete it by hand if it should go`);
      }
      try {
        await octokit.request("DELETE /repos/{owner}/{repo}/git/refs/{ref}", { ...repo, ref: short });
      } catch (error) {
        // GitHub answers 422 "Reference does not exist" for a ref already gone (404 for some paths).
        const status = statusOf(error);
        if (status === 404 || (status === 422 && /does not exist/i.test(errorText(error)))) return DONE;
        throw toGitHubError(error);
      }
      return DONE;
    },

    async createRef(repo, ref, sha) {
      const full = `refs/${shortRef(ref)}`;
      try {
        await octokit.request("POST /repos/{owner}/{repo}/git/refs", { ...repo, ref: full, sha });
        return DONE;
      } catch (error) {
        if (statusOf(error) !== 422 || !/already exists/i.test(errorText(error))) throw toGitHubError(error);
      }
      // It exists: at the sha is the wanted state (a retry); elsewhere someone recreated it.
      const tip = await refTip(octokit, repo, shortRef(ref));
      if (tip === sha) return DONE;
      return escalated(`${full} exists again at ${tip ?? "an unknown commit"}, not ${sha}: restore it by hand`);
    },

    async cancelWorkflowRun(repo, runId) {
      try {
        await octokit.request("POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel", { ...repo, run_id: runId });
        return { alreadyFinished: false };
      } catch (error) {
        // 409 "Cannot cancel a workflow run that is completed": the run is already stopped.
        if (statusOf(error) === 409) return { alreadyFinished: true };
        throw toGitHubError(error);
      }
    },

    async setReleaseDraft(repo, releaseId, draft) {
      // Setting the flag it already has answers 200: idempotent as is.
      await guard(() => octokit.request("PATCH /repos/{owner}/{repo}/releases/{release_id}", { ...repo, release_id: releaseId, draft }));
    },

    async assignEverywhere(repo, login, numbers) {
      const assigned: number[] = [];
      for (const number of numbers) {
        try {
          // Adding an assignee already there answers 201 too: idempotent.
          await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/assignees", {
            ...repo,
            issue_number: number,
            assignees: [login],
          });
          assigned.push(number);
        } catch (error) {
          // The issue is gone (deleted or transferred): nothing to assign it to.
          if (statusOf(error) === 404 || statusOf(error) === 410) continue;
          throw toGitHubError(error);
        }
      }
      return assigned;
    },

    async cutOffUser(repo, login, how) {
      if (how === "block_user") {
        try {
          await octokit.request("PUT /orgs/{org}/blocks/{username}", { org: repo.owner, username: login });
        } catch (error) {
          // 422 "Blocked user has already been blocked": the wanted state.
          if (statusOf(error) === 422 && /already.*blocked/i.test(errorText(error))) return {};
          throw toGitHubError(error);
        }
        return {};
      }
      // Not a collaborator (404): nothing to take away, and no role to give back later. (On a
      // public repository the permission read says `read` for anyone, so it cannot tell.)
      try {
        await octokit.request("GET /repos/{owner}/{repo}/collaborators/{username}", { ...repo, username: login });
      } catch (error) {
        if (statusOf(error) === 404) return {};
        throw toGitHubError(error);
      }
      let permission: string | undefined;
      try {
        const { data } = await octokit.request("GET /repos/{owner}/{repo}/collaborators/{username}/permission", {
          ...repo,
          username: login,
        });
        // role_name is the real role (triage, maintain, custom); restore invites back with it.
        permission = data.role_name || data.permission;
      } catch (error) {
        if (statusOf(error) !== 404) throw toGitHubError(error);
      }
      try {
        await octokit.request("DELETE /repos/{owner}/{repo}/collaborators/{username}", { ...repo, username: login });
      } catch (error) {
        if (statusOf(error) !== 404) throw toGitHubError(error);
      }
      // A retry after the removal reads "none" or "read" (public repository): the first attempt's
      // result is the one the outbox kept, so only a role worth restoring is returned.
      return permission !== undefined && permission !== "none" ? { permission } : {};
    },

    async restoreUserAccess(repo, login, how, permission) {
      if (how === "block_user") {
        try {
          await octokit.request("DELETE /orgs/{org}/blocks/{username}", { org: repo.owner, username: login });
        } catch (error) {
          if (statusOf(error) !== 404) throw toGitHubError(error);
        }
        return { invited: false };
      }
      // No role was taken away (it was no collaborator): inviting it would give it PUT's default, push.
      if (permission === undefined) return { invited: false };
      const { status } = await guard(() =>
        octokit.request("PUT /repos/{owner}/{repo}/collaborators/{username}", {
          ...repo,
          username: login,
          permission: PUT_PERMISSION[permission] ?? permission,
        }),
      );
      // 201: an invitation the user must accept; 204: an org member added at once (or already there).
      return { invited: (status as number) === 201 };
    },
  };
}

/** A role as the permission read names it (`role_name`) → the name PUT /collaborators takes; custom roles as they are. */
const PUT_PERMISSION: Record<string, string> = { read: "pull", write: "push", triage: "triage", maintain: "maintain", admin: "admin" };

const DONE: RefOutcome = { outcome: "done" };

function escalated(why: string): RefOutcome {
  return { outcome: "escalated", why };
}

/** `refs/heads/x`, `heads/x` → `heads/x` (the form the /git/refs/{ref} paths take). */
function shortRef(ref: string): string {
  return ref.startsWith("refs/") ? ref.slice("refs/".length) : ref;
}

/** The sha a ref points at, or null when it does not exist. */
async function refTip(octokit: OctokitLike, repo: RepoRef, short: string): Promise<string | null> {
  try {
    const { data } = await octokit.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { ...repo, ref: short });
    return data.object.sha;
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw toGitHubError(error);
  }
}
