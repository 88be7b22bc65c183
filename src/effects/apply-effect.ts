import type { Checkpoint, GitHubAdapter } from "../github/github-adapter.js";
import type { RepoRef } from "../policy/agent-action.js";
import type { Effect } from "../policy/effect.js";
import { markerOf } from "./marker-of.js";
import { ConfigEditError, openConfigPullRequest } from "./open-config-pull-request.js";

/** What the executor lends an effect being applied. */
export interface ApplyOptions {
  /** Renews the executor's claim; called between the requests of a verb made of several. */
  checkpoint?: Checkpoint;
  /** This app's login: only items it wrote can carry a creation marker. */
  appLogin?: string;
}

/** A step GitHub cannot do for us (a revert that is no longer at the tip): a human must. */
export class EscalatedError extends Error {
  constructor(readonly why: string) {
    super(why);
    this.name = "EscalatedError";
  }
}

/**
 * The result key of an effect GitHub applied that still waits on a human (a revert PR to merge):
 * its text is what the audit, the outbox row and the incident say.
 */
export const NEEDS_HUMAN = "needsHuman";

/** What is left for a human after an applied effect, if anything. */
export function needsHumanOf(result: Record<string, unknown>): string | undefined {
  const note = result[NEEDS_HUMAN];
  return typeof note === "string" ? note : undefined;
}

/**
 * Turns one effect into adapter calls. The only mapping from effect data to GitHub; every verb
 * it calls is idempotent (a creating one through the marker it looks up first, see `markerOf`),
 * so an effect retried after a crash or a lost answer changes nothing twice.
 */
export async function applyEffect(
  github: GitHubAdapter,
  repo: RepoRef,
  effect: Effect,
  options: ApplyOptions = {},
): Promise<Record<string, unknown>> {
  const marker = markerOf(effect, options.appLogin);
  const create = {
    ...(marker !== undefined ? { marker } : {}),
    ...(options.checkpoint !== undefined ? { checkpoint: options.checkpoint } : {}),
  };
  switch (effect.kind) {
    case "convert_to_draft":
      await github.convertToDraft(effect.prNodeId);
      return {};
    case "close_pull_request":
      await github.closePullRequest(repo, effect.number);
      return {};
    case "ensure_check_run": {
      const detailsUrl =
        effect.number !== undefined
          ? `https://github.com/${repo.owner}/${repo.repo}/pull/${effect.number}`
          : `https://github.com/${repo.owner}/${repo.repo}/commit/${effect.headSha}`;
      const { id } = await github.ensureCheckRun(repo, {
        name: effect.name,
        headSha: effect.headSha,
        conclusion: effect.conclusion,
        title: effect.title,
        summary: effect.summary,
        detailsUrl,
      });
      return { checkRunId: id };
    }
    case "add_label":
      await github.addLabel(repo, effect.number, effect.label);
      return {};
    case "remove_label":
      await github.removeLabel(repo, effect.number, effect.label);
      return {};
    case "dismiss_review":
      await github.dismissReview(repo, effect.number, effect.reviewId, effect.message);
      return {};
    case "create_comment": {
      // Where the thread is: a discussion (GraphQL), a review thread (replies endpoint), a new
      // review thread (the held root is gone), else the issue or PR conversation.
      const created = effect.discussionNodeId
        ? await github.createDiscussionComment(effect.discussionNodeId, effect.body, effect.replyToNodeId, create)
        : effect.reviewCommentId !== undefined
          ? await github.replyToReviewComment(repo, effect.number, effect.reviewCommentId, effect.body, create)
          : effect.reviewAnchor !== undefined
            ? await github.createReviewComment(repo, effect.number, effect.reviewAnchor, effect.body, create)
            : await github.createComment(repo, effect.number, effect.body, create);
      return { commentId: created.id, commentNodeId: created.nodeId, url: created.url };
    }
    case "minimize_comment":
      await github.minimizeComment(effect.nodeId, effect.classifier);
      return {};
    case "unminimize_comment":
      await github.unminimizeComment(effect.nodeId);
      return {};
    case "delete_comment":
      await github.deleteComment(repo, effect.surface, effect.commentId, effect.nodeId);
      return {};
    case "close_issue":
      await github.closeIssue(repo, effect.number);
      return {};
    case "reopen_issue":
      await github.reopenIssue(repo, effect.number);
      return {};
    case "reopen_pull_request":
      await github.reopenPullRequest(repo, effect.number);
      return {};
    case "revert_push": {
      const result = await github.revertPush(repo, effect, create);
      switch (result.outcome) {
        case "reverted":
          return { revertCommit: result.commitSha };
        case "revert_pr":
          // Applied, but not finished: the protected branch changes only when a human merges.
          return {
            revertCommit: result.commitSha,
            revertBranch: result.branch,
            revertPullRequest: result.number,
            url: result.url,
            [NEEDS_HUMAN]: `revert PR #${result.number} opened, a human must merge it`,
          };
        case "escalated":
          throw new EscalatedError(result.why);
        default: {
          const never: never = result;
          throw new Error(`unknown revert outcome ${JSON.stringify(never)}`);
        }
      }
    }
    case "revert_merge": {
      const revert = await github.revertMerge(effect.prNodeId, { repo, number: effect.number }, create);
      return { revertPullRequest: revert.number, url: revert.url };
    }
    case "unassign_agent":
      // The numbers ride in the result (the audit row's detail): the undo assigns the agent there again.
      return { unassigned: await github.unassignEverywhere(repo, effect.login) };
    case "ensure_incident_issue": {
      const issue = await github.ensureIssue(repo, effect.title, effect.body, effect.labels, {
        ...create,
        ...(effect.assignees?.length ? { assignees: effect.assignees } : {}),
      });
      return { issueNumber: issue.number, url: issue.url, created: issue.created };
    }
    case "restore_issue_text":
      await github.updateIssueText(repo, effect.number, textOf(effect));
      return {};
    case "restore_comment_text":
      await github.updateCommentBody(repo, { surface: effect.surface, commentId: effect.commentId, nodeId: effect.nodeId }, effect.body);
      return {};
    case "restore_discussion_text":
      await github.updateDiscussion(effect.discussionNodeId, textOf(effect));
      return {};
    case "delete_discussion":
      await github.deleteDiscussion(effect.discussionNodeId);
      return {};
    case "create_discussion": {
      const { repositoryNodeId, categoryNodeId, title, body } = effect;
      const discussion = await github.createDiscussion({ repositoryNodeId, categoryNodeId, title, body }, create);
      return { discussionNodeId: discussion.nodeId, discussionNumber: discussion.number, url: discussion.url };
    }
    case "disable_auto_merge":
      await github.disableAutoMerge(effect.prNodeId);
      return {};
    case "remove_requested_reviewer":
      await github.removeRequestedReviewers(repo, effect.number, [effect.login]);
      return {};
    case "mark_ready_for_review":
      await github.markReadyForReview(effect.prNodeId);
      return {};
    case "delete_ref": {
      const outcome = await github.deleteRef(repo, effect.ref, effect.sha);
      if (outcome.outcome === "escalated") throw new EscalatedError(outcome.why);
      return {};
    }
    case "create_ref": {
      const outcome = await github.createRef(repo, effect.ref, effect.sha);
      if (outcome.outcome === "escalated") throw new EscalatedError(outcome.why);
      return {};
    }
    case "cancel_workflow_run":
      return { ...(await github.cancelWorkflowRun(repo, effect.runId)) };
    case "set_release_draft":
      await github.setReleaseDraft(repo, effect.releaseId, effect.draft);
      return {};
    case "assign_agent":
      return { assigned: await github.assignEverywhere(repo, effect.login, effect.numbers) };
    case "cut_off_agent":
      // The role it had rides in the result (the audit row's detail): restore invites it back with it.
      return { ...(await github.cutOffUser(repo, effect.login, effect.how)) };
    case "restore_agent_access": {
      const { invited } = await github.restoreUserAccess(repo, effect.login, effect.how, effect.permission);
      return invited
        ? { invited, [NEEDS_HUMAN]: `${effect.login} was invited back as a collaborator and must accept the invitation` }
        : { invited };
    }
    case "open_config_pull_request":
      try {
        const opened = await openConfigPullRequest(
          github,
          repo,
          effect,
          (reply) => applyEffect(github, repo, reply, options),
          options.checkpoint,
        );
        return { ...opened };
      } catch (error) {
        if (error instanceof ConfigEditError) throw new EscalatedError(error.message);
        throw error;
      }
    default: {
      const never: never = effect;
      throw new Error(`unknown effect ${JSON.stringify(never)}`);
    }
  }
}

/** Only the fields an effect sets: an absent title or body is left as it is on GitHub. */
function textOf(effect: { title?: string; body?: string }): { title?: string; body?: string } {
  return { ...(effect.title !== undefined ? { title: effect.title } : {}), ...(effect.body !== undefined ? { body: effect.body } : {}) };
}
