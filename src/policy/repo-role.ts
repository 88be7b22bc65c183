/** A repository role as GitHub's `role_name` reports it; "none" when the user has no access. */
export type RepoRole = "none" | "read" | "triage" | "write" | "maintain" | "admin";

const RANK: Record<RepoRole, number> = { none: 0, read: 1, triage: 2, write: 3, maintain: 4, admin: 5 };

/** Whether `role` is at least `minimum` in GitHub's role order. */
export function roleAtLeast(role: RepoRole, minimum: RepoRole): boolean {
  return RANK[role] >= RANK[minimum];
}
