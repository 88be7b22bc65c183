import type { Octokit } from "@octokit/rest";
import { parse } from "yaml";
import { CONFIG_PATH, extendsTarget } from "../config/load-config.js";
import type { RepoRole } from "../github/github-adapter.js";
import type { HistoryItem, Json, RepoHistory } from "./repo-history.js";

/** Why a backtest could not read the repository: the message is for the user, as is. */
export class BacktestReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BacktestReadError";
  }
}

/** What to read. */
export interface ReadHistoryOptions {
  owner: string;
  repo: string;
  since: Date;
  until: Date;
  /** Told what is being read, for a progress line. */
  onProgress?: (text: string) => void;
}

const PER_PAGE = 100;
const ROLES: readonly RepoRole[] = ["read", "triage", "write", "maintain", "admin"];

/**
 * Reads a repository's recent history through the REST API, reads only: the repository, its
 * config files on the default branch (and the org's `.github` one, for `_extends`), its
 * collaborators when the token may list them, every issue and pull request updated in the window
 * with its timeline (and for a pull: reviews, commits, files), and the issue and review comments
 * of the window. List endpoints that take `since` get it; the others are read per item.
 */
export async function readHistory(octokit: Octokit, options: ReadHistoryOptions): Promise<RepoHistory> {
  const { owner, repo } = options;
  const since = options.since.toISOString();
  const progress = options.onProgress ?? (() => {});
  // Compared as instants: GitHub writes `…:00Z`, toISOString `…:00.000Z`.
  const inWindow = (at: unknown) =>
    typeof at === "string" && Date.parse(at) >= options.since.getTime() && Date.parse(at) < options.until.getTime();

  progress(`reading ${owner}/${repo}`);
  let repository: Json;
  try {
    repository = (await octokit.rest.repos.get({ owner, repo })).data as unknown as Json;
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 404)
      throw new BacktestReadError(
        `repository ${owner}/${repo} not found, or the token cannot read it (GET /repos/${owner}/${repo} answered 404)`,
      );
    if (status === 401) throw new BacktestReadError(`GitHub refused the token (401): set GITHUB_TOKEN or --token-file to a valid token`);
    throw error;
  }

  const files: Record<string, string> = {};
  const repoConfig = await readFile(octokit, owner, repo, CONFIG_PATH);
  if (repoConfig !== undefined) files[CONFIG_PATH] = repoConfig;
  const orgConfig = repo === ".github" ? undefined : await readFile(octokit, owner, ".github", CONFIG_PATH);
  if (orgConfig !== undefined) files[`${owner}/.github:${CONFIG_PATH}`] = orgConfig;
  // The repository file's `_extends` target (same owner, one level), read as the app would.
  const target = extendsOf(repoConfig, owner, repo);
  if (target !== undefined && target !== ".github" && files[`${owner}/${target}:${CONFIG_PATH}`] === undefined) {
    const extended = await readFile(octokit, owner, target, CONFIG_PATH);
    if (extended !== undefined) files[`${owner}/${target}:${CONFIG_PATH}`] = extended;
  }

  const collaborators = await readCollaborators(octokit, owner, repo);

  progress("reading issues and pull requests");
  const issues = (await octokit.paginate(octokit.rest.issues.listForRepo, {
    owner,
    repo,
    state: "all",
    since,
    sort: "created",
    direction: "asc",
    per_page: PER_PAGE,
  })) as unknown as Json[];

  progress("reading comments");
  const issueComments = (
    (await octokit.paginate(octokit.rest.issues.listCommentsForRepo, {
      owner,
      repo,
      since,
      sort: "created",
      direction: "asc",
      per_page: PER_PAGE,
    })) as unknown as Json[]
  ).filter((c) => inWindow(c.created_at));
  const reviewComments = (
    (await octokit.paginate(octokit.rest.pulls.listReviewCommentsForRepo, {
      owner,
      repo,
      since,
      sort: "created",
      direction: "asc",
      per_page: PER_PAGE,
    })) as unknown as Json[]
  ).filter((c) => inWindow(c.created_at));

  const items: HistoryItem[] = [];
  for (const [index, issue] of issues.entries()) {
    const number = issue.number as number;
    progress(`reading #${number} (${index + 1}/${issues.length})`);
    const timeline = (await octokit.paginate(octokit.rest.issues.listEventsForTimeline, {
      owner,
      repo,
      issue_number: number,
      per_page: PER_PAGE,
    })) as unknown as Json[];
    const item: HistoryItem = { issue, timeline };
    if (issue.pull_request !== undefined) {
      const pull = (await octokit.rest.pulls.get({ owner, repo, pull_number: number })).data as unknown as Json;
      const reviews = (await octokit.paginate(octokit.rest.pulls.listReviews, {
        owner,
        repo,
        pull_number: number,
        per_page: PER_PAGE,
      })) as unknown as Json[];
      const commits = (await octokit.paginate(octokit.rest.pulls.listCommits, {
        owner,
        repo,
        pull_number: number,
        per_page: PER_PAGE,
      })) as unknown as Json[];
      // Only a pull opened in the window is replayed from its first push, which carries its files.
      const files = inWindow(issue.created_at)
        ? ((await octokit.paginate(octokit.rest.pulls.listFiles, {
            owner,
            repo,
            pull_number: number,
            per_page: PER_PAGE,
          })) as unknown as Json[])
        : [];
      item.pull = { pull, reviews, commits, files };
    }
    items.push(item);
  }
  const directCommits = await readDirectCommits(octokit, options, repository, items, progress);
  progress(
    `read ${items.length} issue(s) and pull request(s), ${issueComments.length + reviewComments.length} comment(s), ${directCommits.length} direct push(es)`,
  );

  return {
    repository,
    since,
    until: options.until.toISOString(),
    files,
    ...(collaborators !== undefined ? { collaborators } : {}),
    items,
    issueComments,
    reviewComments,
    directCommits,
  };
}

/**
 * The default branch's commits of the window that no pull request brought: not a merge, not a
 * pull's merge (or squash) commit, not one of a pull's commits. Each is then read whole for its
 * files, the paths a push to the default branch is judged on. A rebase-merged pull's rewritten
 * commits other than the last cannot be told from direct pushes by these answers.
 */
async function readDirectCommits(
  octokit: Octokit,
  options: ReadHistoryOptions,
  repository: Json,
  items: HistoryItem[],
  progress: (text: string) => void,
): Promise<Json[]> {
  const { owner, repo } = options;
  const branch = typeof repository.default_branch === "string" ? repository.default_branch : "main";
  progress(`reading ${branch}'s commits`);
  const listed = (await octokit.paginate(octokit.rest.repos.listCommits, {
    owner,
    repo,
    sha: branch,
    since: options.since.toISOString(),
    per_page: PER_PAGE,
  })) as unknown as Json[];
  const fromPulls = new Set<string>();
  for (const item of items) {
    const pull = item.pull;
    if (!pull) continue;
    if (typeof pull.pull.merge_commit_sha === "string") fromPulls.add(pull.pull.merge_commit_sha);
    for (const commit of pull.commits) if (typeof commit.sha === "string") fromPulls.add(commit.sha);
  }
  const until = options.until.getTime();
  const direct = listed.filter((c) => {
    const date = Date.parse(String(((c.commit as Json | undefined)?.committer as Json | undefined)?.date ?? ""));
    return Array.isArray(c.parents) && c.parents.length < 2 && !fromPulls.has(String(c.sha)) && date < until;
  });
  const whole: Json[] = [];
  for (const commit of direct.reverse())
    whole.push((await octokit.rest.repos.getCommit({ owner, repo, ref: String(commit.sha) })).data as unknown as Json);
  return whole;
}

/** The repository an `_extends` in `text` names, when the app would follow it. */
function extendsOf(text: string | undefined, owner: string, repo: string): string | undefined {
  let value: unknown;
  try {
    value = text === undefined ? undefined : (parse(text) as { _extends?: unknown } | null)?._extends;
  } catch {
    return undefined;
  }
  if (typeof value !== "string") return undefined;
  const target = extendsTarget({ owner, repo }, value);
  return typeof target === "string" ? undefined : target.repo;
}

/** A file of a repository's default branch, or undefined when it (or the repository) is absent. */
async function readFile(octokit: Octokit, owner: string, repo: string, path: string): Promise<string | undefined> {
  try {
    const { data } = await octokit.rest.repos.getContent({ owner, repo, path });
    if (Array.isArray(data) || data.type !== "file" || typeof data.content !== "string") return undefined;
    return Buffer.from(data.content, "base64").toString("utf8");
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    throw error;
  }
}

/**
 * The repository's collaborators and their roles. Listing them needs push access: with a
 * read-only token GitHub answers 403 and the world falls back on each author's association.
 */
async function readCollaborators(octokit: Octokit, owner: string, repo: string): Promise<Record<string, RepoRole> | undefined> {
  try {
    const list = (await octokit.paginate(octokit.rest.repos.listCollaborators, { owner, repo, per_page: PER_PAGE })) as unknown as Json[];
    const roles: Record<string, RepoRole> = {};
    for (const person of list) {
      const role = person.role_name;
      if (typeof person.login === "string" && ROLES.includes(role as RepoRole)) roles[person.login] = role as RepoRole;
    }
    return roles;
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 403 || status === 404) return undefined;
    throw error;
  }
}
