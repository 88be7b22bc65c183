import type { AgentAction } from "../agent-action.js";
import type { Decision } from "../decision.js";
import { tamper, type TamperConfig } from "./tamper.js";

/**
 * An agent's review never counts as approval: an approving review by an agent is dismissed, so
 * branch protection's "required approvals" cannot be met by one agent approving another's PR.
 * Approving is also an attempt to weaken review (`tamper`).
 */
export function decideReview(action: AgentAction, config: TamperConfig): Decision {
  const { target, actor } = action;
  if (actor.kind !== "agent") return { verdict: "ignore", reasons: [], effects: [] };
  if (target.reviewState === "approved" && target.reviewId !== undefined) {
    return tamper(action, config, `approved #${target.number}`, "agent approvals are dismissed", [
      {
        kind: "dismiss_review",
        number: target.number!,
        reviewId: target.reviewId,
        message: "agent-guardrails: a review by an agent does not count as approval; a maintainer approves with /guardrails approve.",
      },
    ]);
  }
  return {
    verdict: "allow",
    reasons: [`agent ${actor.login} reviewed #${target.number} (${target.reviewState ?? "unknown"}): logged`],
    effects: [],
  };
}
