import type { Policy } from "../../config/schema.js";
import type { AgentAction } from "../agent-action.js";
import type { Decision } from "../decision.js";
import { LABELS } from "../effect.js";

/** Issues opened (or reopened) by an agent follow `policy.issue`: allow, flag or close. */
export function decideIssue(action: AgentAction, policy: Policy): Decision {
  const { actor, target } = action;
  const what = `agent ${actor.login} ${action.kind === "issues.reopened" ? "reopened" : "opened"} issue #${target.number}`;
  switch (policy.issue) {
    case "allow":
      return { verdict: "allow", reasons: [`${what}: allowed (policy.issue: allow)`], effects: [] };
    case "flag":
      return {
        verdict: "gate",
        reasons: [`${what}: flagged (policy.issue: flag)`],
        effects: [{ kind: "add_label", number: target.number!, label: LABELS.flagged }],
      };
    case "close":
      return {
        verdict: "gate",
        reasons: [`${what}: closed (policy.issue: close)`],
        effects: [{ kind: "close_issue", number: target.number! }],
      };
    default: {
      const never: never = policy.issue;
      return never;
    }
  }
}
