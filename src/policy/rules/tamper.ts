import type { GuardrailsConfig } from "../../config/schema.js";
import type { AgentAction } from "../agent-action.js";
import type { Decision } from "../decision.js";
import type { Effect } from "../effect.js";

/** The config slice the tamper rows read. */
export type TamperConfig = Pick<GuardrailsConfig, "breaker" | "agents">;

/**
 * An agent weakened a human's review or rewrote a human's text: a violation, undone by `effects`
 * where GitHub allows, tripping the breaker with reason `tamper` when `breaker.trip_on` lists it
 * (without it the undo still happens: tamper is never merely logged).
 */
export function tamper(action: AgentAction, config: TamperConfig, what: string, undo: string, effects: Effect[]): Decision {
  const trips = config.breaker.trip_on.includes("tamper");
  const where = `${action.repo.owner}/${action.repo.repo}${action.target.number !== undefined ? `#${action.target.number}` : ""}`;
  return {
    verdict: "violation",
    reasons: [`agent ${action.actor.login} ${what}: ${undo}${trips ? "; trips tamper" : ""}`],
    effects,
    ...(trips ? { trip: { agent: action.actor.login, reason: "tamper" as const, evidence: `${what} in ${where}` } } : {}),
  };
}

/** An audited row with nothing to undo. */
export function audited(action: AgentAction, what: string): Decision {
  return { verdict: "allow", reasons: [`agent ${action.actor.login} ${what}: audited`], effects: [] };
}
