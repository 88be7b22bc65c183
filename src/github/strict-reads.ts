import type { GitHubAdapter } from "./github-adapter.js";

/**
 * The adapter for a delivery's last attempt, after GitHub failed its reads several times: a read
 * that fails again is answered with what is strictest instead of failing the delivery, and named
 * in `failed` so the audit row says what was not known. Someone whose role cannot be read has no
 * role (their command is refused); a login whose membership cannot be read is an outsider (the
 * stricter outward-facing rules); a PR whose files cannot be listed may touch anything. Writes
 * and every other read are unchanged.
 */
export function strictReads(github: GitHubAdapter, failed: string[]): GitHubAdapter {
  const note = (what: string, error: unknown) => failed.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  return Object.assign(Object.create(github) as GitHubAdapter, {
    getPermission: (repo: Parameters<GitHubAdapter["getPermission"]>[0], login: string) =>
      github.getPermission(repo, login).catch((error: unknown) => (note(`role of ${login}`, error), "none" as const)),
    isOrgMember: (org: string, login: string) =>
      github.isOrgMember(org, login).catch((error: unknown) => (note(`membership of ${login}`, error), false)),
    listPullRequestFiles: (...args: Parameters<GitHubAdapter["listPullRequestFiles"]>) =>
      github.listPullRequestFiles(...args).catch((error: unknown) => (note(`files of #${args[1]}`, error), { paths: [], truncated: true })),
    getDiscussionCommentParent: (nodeId: string) =>
      github.getDiscussionCommentParent(nodeId).catch((error: unknown) => (note("discussion comment parent", error), null)),
  } satisfies Partial<GitHubAdapter>);
}
