import type { Policy } from "../../config/schema.js";
import type { AgentAction } from "../agent-action.js";
import type { Decision } from "../decision.js";

/**
 * Pushing to the default branch always needs a human: an agent's direct push there is a
 * violation, reverted when `push_default_branch: revert` (and, with `trip_on: push_default_branch`,
 * it trips the breaker too). Pushes to other branches are allowed and logged.
 */
export function decidePush(action: AgentAction, policy: Policy): Decision {
  const { target, actor } = action;
  if (!target.toDefaultBranch) {
    return { verdict: "allow", reasons: [`agent ${actor.login} pushed to ${target.ref}: logged`], effects: [] };
  }
  const revert = policy.push_default_branch === "revert" && target.sha !== undefined && target.before !== undefined;
  return {
    verdict: "violation",
    reasons: [
      `agent ${actor.login} pushed directly to the default branch ${action.defaultBranch} (policy.push_default_branch: ${policy.push_default_branch})${revert ? ": reverted" : ""}`,
    ],
    effects: revert ? [{ kind: "revert_push", ref: target.ref!, sha: target.sha!, before: target.before!, paths: target.paths ?? [] }] : [],
  };
}
