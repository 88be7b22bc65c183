import type { RepoRole } from "../github/github-adapter.js";
import { DEFAULT_APP_LOGIN, type World } from "../sim/scenario.js";
import type { Json, RepoHistory } from "./repo-history.js";

/** `author_association` → the least role it implies, when the collaborators list could not be read. */
const ASSOCIATION_ROLE: Record<string, RepoRole> = { OWNER: "admin", MEMBER: "read", COLLABORATOR: "write" };

/**
 * The stand-in's world for a backtest: the repository as the API described it (owner, name,
 * default branch, account type, visibility), its config files, and its people as far as history
 * tells: roles from the collaborators list when the token could read it, else from each author's
 * `author_association` (an org member at least reads; a collaborator is taken to write); org
 * members from `MEMBER`/`OWNER` associations.
 */
export function backtestWorld(history: RepoHistory, files: Record<string, string>): World {
  const repository = history.repository;
  const owner = repository.owner as Json;
  const account = owner.type === "User" ? "User" : "Organization";
  const permissions: Record<string, RepoRole> = { ...(history.collaborators ?? {}) };
  const members = new Set<string>();
  const seen = (user: unknown, association: unknown) => {
    const login = (user as Json | null | undefined)?.login;
    if (typeof login !== "string" || typeof association !== "string") return;
    if (account === "Organization" && (association === "MEMBER" || association === "OWNER")) members.add(login);
    const role = ASSOCIATION_ROLE[association];
    if (history.collaborators === undefined && role !== undefined && permissions[login] === undefined) permissions[login] = role;
  };
  for (const item of history.items) {
    seen(item.issue.user, item.issue.author_association);
    for (const review of item.pull?.reviews ?? []) seen(review.user, review.author_association);
  }
  for (const comment of [...history.issueComments, ...history.reviewComments]) seen(comment.user, comment.author_association);
  if (account === "User" && typeof owner.login === "string") permissions[owner.login] = "admin";

  return {
    owner: String(owner.login),
    repo: String(repository.name),
    default_branch: typeof repository.default_branch === "string" ? repository.default_branch : "main",
    permissions,
    members: [...members].sort(),
    files,
    app: DEFAULT_APP_LOGIN,
    account,
    visibility: repository.private === true ? "private" : "public",
  };
}
