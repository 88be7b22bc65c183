import type { RepoRef } from "../policy/agent-action.js";
import type { OctokitLike } from "./octokit-adapter.js";
import { errorText, guard, statusOf } from "./guard.js";
import { toGitHubError } from "./to-github-error.js";

/** What `revertPush` answers: reverted in place, a revert PR a human must merge, or a human must do it all. */
export type RevertPushOutcome =
  | { outcome: "reverted"; commitSha: string }
  | { outcome: "revert_pr"; commitSha: string; branch: string; number: number; url: string }
  | { outcome: "escalated"; why: string };

/** The push being undone and the revert commit already written for it (parent `sha`, tree of `before`). */
export interface RevertToOpen {
  /** The protected branch, short (`main`). */
  base: string;
  sha: string;
  before: string;
  commitSha: string;
  treeSha: string;
}

/** The branch a revert PR comes from: one per agent push, so that a retry finds the first attempt's. */
export function revertBranchName(sha: string): string {
  return `agent-guardrails/revert-${sha.slice(0, 7)}`;
}

/**
 * When GitHub refuses to move a protected branch (branch protection or a ruleset: "Changes must
 * be made through a pull request"), the revert commit goes on its own branch and a pull request
 * into the protected one asks a human to merge it. Idempotent on retry, since the outbox's retry
 * after a lost answer runs it all again: the branch is looked up before it is created, and reused
 * when it holds a revert of this push (the new commit is then left unreferenced, as a lost answer
 * leaves any Git data write); the open PR from it is looked up before one is opened, and GitHub's
 * "already exists" answers to either write are read the same way. Where GitHub refuses the branch
 * or the PR too (403, 422), a human gets the exact steps instead. `checkpoint` runs between steps
 * (the outbox renews its claim there).
 */
export async function openRevertPullRequest(
  octokit: OctokitLike,
  repo: RepoRef,
  revert: RevertToOpen,
  refusal: string,
  checkpoint: () => Promise<void> = async () => {},
): Promise<RevertPushOutcome> {
  const { base, sha, before } = revert;
  const branch = revertBranchName(sha);
  const byHand = (why: string): RevertPushOutcome => ({ outcome: "escalated", why: `${why}: ${manualSteps(base, sha, before)}` });

  /** The branch's tip when it exists: ours to reuse when it is a revert of this push. */
  const reuse = async (tip: string): Promise<string | RevertPushOutcome> => {
    if (tip === revert.commitSha) return tip;
    const { data } = await guard(() => octokit.request("GET /repos/{owner}/{repo}/git/commits/{commit_sha}", { ...repo, commit_sha: tip }));
    const isOurRevert = data.tree.sha === revert.treeSha && data.parents.some((p) => p.sha === sha);
    if (!isOurRevert) return byHand(`GitHub refused to update ${base} (${refusal}), and the branch ${branch} already holds other commits`);
    return tip;
  };

  let tip = await branchTip(octokit, repo, branch);
  await checkpoint();
  if (tip === undefined) {
    try {
      await octokit.request("POST /repos/{owner}/{repo}/git/refs", { ...repo, ref: `refs/heads/${branch}`, sha: revert.commitSha });
      tip = revert.commitSha;
    } catch (error) {
      if (!(statusOf(error) === 422 && /reference already exists/i.test(errorText(error)))) {
        if (statusOf(error) === 403 || statusOf(error) === 422)
          return byHand(`GitHub refused to update ${base} (${refusal}) and to create the branch ${branch}`);
        throw toGitHubError(error);
      }
      // Created since the look-up (another attempt): read it as if it had been found.
      tip = await branchTip(octokit, repo, branch);
      if (tip === undefined) throw toGitHubError(error);
    }
    await checkpoint();
  }
  const reused = await reuse(tip);
  if (typeof reused !== "string") return reused;
  const commitSha = reused;

  const openFromBranch = async () => {
    // `head` must be `owner:branch` to filter (a bare branch name is ignored by GitHub).
    const { data: open } = await guard(() =>
      octokit.request("GET /repos/{owner}/{repo}/pulls", { ...repo, head: `${repo.owner}:${branch}`, base, state: "open" }),
    );
    return open[0];
  };
  const already = await openFromBranch();
  if (already) return { outcome: "revert_pr", commitSha, branch, number: Number(already.number), url: already.html_url };
  await checkpoint();

  const title = `Revert agent push ${sha.slice(0, 7)} to ${base}`;
  const body = [
    `agent-guardrails tripped the circuit breaker of the agent that pushed ${sha} directly to \`${base}\`, and is containing it.`,
    "",
    `GitHub refused to revert the push on \`${base}\` directly (${refusal}), so the revert is this pull request: it restores the tree of ${before}, as it was before the agent's push.`,
    "",
    `**A human must review and merge it.** Until then the agent's change stays on \`${base}\`. Close it instead if the push was wanted (and resume the agent with \`/guardrails resume\`).`,
  ].join("\n");
  try {
    const { data } = await octokit.request("POST /repos/{owner}/{repo}/pulls", { ...repo, title, body, head: branch, base });
    return { outcome: "revert_pr", commitSha, branch, number: Number(data.number), url: data.html_url };
  } catch (error) {
    const status = statusOf(error);
    if (status === 422 && /pull request already exists/i.test(errorText(error))) {
      const found = await openFromBranch();
      if (found) return { outcome: "revert_pr", commitSha, branch, number: Number(found.number), url: found.html_url };
      return byHand(`GitHub refused to update ${base} (${refusal}) and reports a revert pull request from ${branch} that cannot be found`);
    }
    if (status === 403 || status === 422)
      return byHand(
        `GitHub refused to update ${base} (${refusal}) and to open a pull request from ${branch}, which holds the revert commit ${commitSha}`,
      );
    throw toGitHubError(error);
  }
}

/** The tip of a branch, or undefined when it does not exist. */
async function branchTip(octokit: OctokitLike, repo: RepoRef, branch: string): Promise<string | undefined> {
  try {
    const { data } = await octokit.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { ...repo, ref: `heads/${branch}` });
    return data.object.sha;
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw toGitHubError(error);
  }
}

/**
 * What a human runs instead: the same commit the app would have written (the tree of `before`
 * on top of the agent's push), on a branch, for a pull request. `git restore` without overlay
 * also removes the files the push added.
 */
export function manualSteps(base: string, sha: string, before: string): string {
  const branch = revertBranchName(sha);
  return `revert by hand: \`git fetch origin && git switch -c ${branch} ${sha} && git restore --source=${before} --staged --worktree :/ && git commit -m "Revert agent push ${sha.slice(0, 7)}" && git push -u origin ${branch}\`, then open a pull request into ${base} and merge it`;
}
