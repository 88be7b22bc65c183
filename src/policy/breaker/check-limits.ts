import type { GuardrailsConfig } from "../../config/schema.js";
import { activityClass, type ActivityCounts } from "./activity-counts.js";
import type { TripReason } from "./trip.js";

/**
 * Whether this action, added to the recent counts, goes over a limit that `trip_on` lists. The
 * first over-limit action trips: the limit is the most an agent may do, not one more.
 */
export function checkLimits(
  kind: string,
  repo: string,
  counts: ActivityCounts,
  config: Pick<GuardrailsConfig, "limits" | "breaker">,
): { reason: TripReason; evidence: string; scope?: "repo" } | null {
  const { limits } = config;
  const on = new Set(config.breaker.trip_on);
  const cls = activityClass(kind);
  // Not a write of its own (a workflow run): the write that caused it was checked.
  if (!cls.action) return null;
  const burst = counts.actionsInBurst + 1;
  if (on.has("burst") && burst > limits.burst.actions) {
    return { reason: "burst", evidence: `${burst} actions within ${limits.burst.seconds}s (burst limit ${limits.burst.actions})` };
  }
  if (on.has("rate")) {
    const actions = counts.actionsLastHour + 1;
    if (actions > limits.actions_per_hour)
      return { reason: "rate", evidence: `${actions} actions in the last hour (limit ${limits.actions_per_hour})` };
    const comments = counts.commentsLastHour + (cls.comment ? 1 : 0);
    if (cls.comment && comments > limits.comments_per_hour)
      return { reason: "rate", evidence: `${comments} comments in the last hour (limit ${limits.comments_per_hour})` };
    const prs = counts.pullRequestsLastHour + (cls.pullRequest ? 1 : 0);
    if (cls.pullRequest && prs > limits.pull_requests_per_hour) {
      return { reason: "rate", evidence: `${prs} pull requests in the last hour (limit ${limits.pull_requests_per_hour})` };
    }
  }
  const perRepo = limits.per_repo;
  if (on.has("rate") && perRepo && counts.inRepo) {
    const inRepo = counts.inRepo;
    const over = (count: number, limit: number | undefined, what: string) =>
      limit !== undefined && count > limit
        ? {
            reason: "rate" as const,
            evidence: `${count} ${what} in ${repo} in the last hour (per-repo limit ${limit})`,
            scope: "repo" as const,
          }
        : null;
    const found =
      over(inRepo.actionsLastHour + 1, perRepo.actions_per_hour, "actions") ??
      (cls.comment ? over(inRepo.commentsLastHour + 1, perRepo.comments_per_hour, "comments") : null) ??
      (cls.pullRequest ? over(inRepo.pullRequestsLastHour + 1, perRepo.pull_requests_per_hour, "pull requests") : null);
    if (found) return found;
  }
  if (on.has("blast_radius")) {
    const repos = new Set([...counts.reposLastHour, repo]);
    if (repos.size > limits.repos_per_hour) {
      return {
        reason: "blast_radius",
        evidence: `${repos.size} repositories touched in the last hour (limit ${limits.repos_per_hour}): ${[...repos].sort().join(", ")}`,
      };
    }
  }
  return null;
}
