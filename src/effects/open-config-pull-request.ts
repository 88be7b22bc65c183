import { setAgentOverride } from "../config/set-agent-override.js";
import type { Checkpoint, GitHubAdapter } from "../github/github-adapter.js";
import type { RepoRef } from "../policy/agent-action.js";
import type { Effect } from "../policy/effect.js";
import { PULL_REQUEST_LINK } from "../policy/rules/trust-commands.js";

/** The config file cannot be edited by the app (not YAML, `agents` not a list): a human must. */
export class ConfigEditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigEditError";
  }
}

/** What `openConfigPullRequest` did, for the outbox row and the audit log. */
export interface ConfigPullRequestResult {
  pullRequest: number;
  url: string;
  branch: string;
  /** Whether this attempt opened the pull request (false: an earlier attempt had). */
  created: boolean;
}

/**
 * Opens the pull request of a `/guardrails promote|demote`: the config file of the default
 * branch, as a human left it there, with the agent's entry changed (setAgentOverride), committed
 * on the effect's own branch, then a pull request from it into the default branch, then the reply
 * in the command's thread linking it (and a passing check on its head: see below). Each step is found before it is repeated, so a retry after
 * a lost answer opens one branch, one commit of the change and one pull request: the branch's
 * "already exists" is read as found, a branch whose file already says what the change says gets
 * no second commit, the open pull request from the branch is reused, and the reply carries a
 * marker looked up before it is posted. `reply` is posted through `postReply` (the executor's
 * comment verb, so that it goes where the command was written).
 */
export async function openConfigPullRequest(
  github: GitHubAdapter,
  repo: RepoRef,
  effect: Extract<Effect, { kind: "open_config_pull_request" }>,
  postReply: (reply: Extract<Effect, { kind: "create_comment" }>) => Promise<unknown>,
  checkpoint: Checkpoint = async () => {},
): Promise<ConfigPullRequestResult> {
  const base = await github.getDefaultBranch(repo);
  const current = await github.getFileForUpdate(repo, effect.path);
  let wanted: string;
  try {
    wanted = setAgentOverride(current?.text ?? null, effect.agent, effect.changes);
  } catch (error) {
    throw new ConfigEditError(
      `${effect.path} on ${base.name} cannot be edited (${error instanceof Error ? error.message : String(error)}): change the agent's entry by hand`,
    );
  }
  await checkpoint();
  const { created: branchCreated } = await github.ensureBranch(repo, effect.branch, base.sha);
  await checkpoint();
  // A branch from an earlier attempt may hold the change already: then no second commit.
  const onBranch = branchCreated ? current : await github.getFileForUpdate(repo, effect.path, effect.branch);
  if (onBranch?.text !== wanted) {
    await github.putFile(repo, {
      path: effect.path,
      branch: effect.branch,
      message: effect.message,
      text: wanted,
      ...(onBranch ? { sha: onBranch.sha } : {}),
    });
    await checkpoint();
  }
  const pull = await github.ensurePullRequest(repo, { head: effect.branch, base: base.name, title: effect.title, body: effect.body });
  await checkpoint();
  // The app ignores its own events, so its PR would get no check and a required
  // `agent-guardrails` would block the human merge: a human merging is the gate here.
  await github.ensureCheckRun(repo, {
    headSha: pull.headSha,
    conclusion: "success",
    title: "A config change for a human to merge",
    summary: `Opened by agent-guardrails for /guardrails ${effect.branch.includes("/demote-") ? "demote" : "promote"}: the change applies only once a human merges this pull request.`,
    detailsUrl: pull.url,
  });
  if (effect.reply) {
    await checkpoint();
    await postReply({ ...effect.reply, body: effect.reply.body.split(PULL_REQUEST_LINK).join(pull.url), once: `pull=${effect.branch}` });
  }
  return { pullRequest: pull.number, url: pull.url, branch: effect.branch, created: pull.created };
}
