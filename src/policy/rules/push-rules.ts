import type { Policy } from "../../config/schema.js";
import type { AgentAction } from "../agent-action.js";
import type { Decision } from "../decision.js";

/**
 * Pushing to the default branch always needs a human: an agent's direct push there is a
 * violation (reverted by containment when `push_default_branch: revert`). Pushes to other
 * branches are allowed and logged.
 */
export function decidePush(action: AgentAction, policy: Policy): Decision {
  const { target, actor } = action;
  if (!target.toDefaultBranch) {
    return { verdict: "allow", reasons: [`agent ${actor.login} pushed to ${target.ref}: logged`], effects: [] };
  }
  return {
    verdict: "violation",
    reasons: [
      `agent ${actor.login} pushed directly to the default branch ${action.defaultBranch} (policy.push_default_branch: ${policy.push_default_branch})`,
    ],
    effects: [],
  };
}
