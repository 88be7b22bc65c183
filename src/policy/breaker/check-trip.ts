import type { GuardrailsConfig } from "../../config/schema.js";
import type { AgentAction } from "../agent-action.js";
import type { PolicyState } from "../policy-state.js";
import { effectiveLimits } from "../effective-limits.js";
import { checkLimits } from "./check-limits.js";
import { checkLoop } from "./check-loop.js";
import { checkScope } from "./check-scope.js";
import type { Trip } from "./trip.js";

/**
 * Whether an agent's action trips its breaker, gravest finding first: protected paths, paths out
 * of scope, a merge or a push to the default branch, a reply loop in a thread, then the burst, rate and blast-radius
 * limits (with the action itself counted). Only conditions listed in `breaker.trip_on` trip.
 */
export function checkTrip(action: AgentAction, config: GuardrailsConfig, state: PolicyState): Trip | null {
  const agent = action.actor.login;
  const on = new Set(config.breaker.trip_on);
  const paths = action.event === "push" ? (action.target.paths ?? []) : (state.prFiles ?? []);
  const scope = checkScope(paths, config, action.event !== "push" && state.prFilesTruncated === true);
  if (scope) return { agent, ...scope };
  if (action.kind === "pull_request.merged" && on.has("merge")) {
    return { agent, reason: "merge", evidence: `merged #${action.target.number} in ${action.repo.owner}/${action.repo.repo}` };
  }
  if (action.kind === "push" && action.target.toDefaultBranch && on.has("push_default_branch")) {
    return {
      agent,
      reason: "push_default_branch",
      evidence: `pushed ${action.target.sha?.slice(0, 7)} directly to ${action.defaultBranch} in ${action.repo.owner}/${action.repo.repo}`,
    };
  }
  if (on.has("loop")) {
    const loop = checkLoop(action, config, state);
    if (loop) return { agent, ...loop };
  }
  if (state.activity) {
    // An agent's own limits (an `agents:` entry's `limits`) replace the table's for it alone.
    const limits = effectiveLimits(config, agent, action.actor.id);
    const limit = checkLimits(action.kind, `${action.repo.owner}/${action.repo.repo}`, state.activity, { limits, breaker: config.breaker });
    if (limit) return { agent, ...limit };
  }
  return null;
}
