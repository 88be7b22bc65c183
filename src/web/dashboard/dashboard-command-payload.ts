import type { DashboardDecision } from "./dashboard-routes.js";

/**
 * A dashboard button as the `issue_comment.created` delivery the same command would be: the
 * signed-in user wrote `/guardrails approve` (or `reject`) in the item's thread. It then takes the
 * command's whole path — the user's role read through the API and compared with `approvers`,
 * the pure decision, the audit row with the user as actor, the outbox — and nothing is decided
 * twice. The comment does not exist on GitHub: its id is 0 and it has no URL, and nothing the
 * command decides writes to it.
 */
export function dashboardCommandPayload(input: DashboardDecision, now: Date): Record<string, unknown> {
  const [owner, name] = input.repo.split("/") as [string, string];
  const user = { login: input.user.login, id: input.user.id, type: "User" };
  return {
    action: "created",
    comment: {
      id: 0,
      body: `/guardrails ${input.decision}${input.commentUrl ? ` ${input.commentUrl}` : ""}`,
      user,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
      author_association: "NONE",
    },
    issue: { number: input.number, ...(input.isPullRequest ? { pull_request: {} } : {}) },
    repository: { name, full_name: input.repo, owner: { login: owner } },
    sender: user,
    installation: { id: input.installationId },
  };
}
