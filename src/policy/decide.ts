import type { GuardrailsConfig } from "../config/schema.js";
import type { AgentAction } from "./agent-action.js";
import type { Decision, Verdict } from "./decision.js";
import { effectivePolicy } from "./effective-policy.js";
import type { PolicyState } from "./policy-state.js";
import { checkTrip } from "./breaker/check-trip.js";
import { containOnArrival } from "./breaker/contain-on-arrival.js";
import { decideCommands } from "./rules/command-rules.js";
import { decideAgentComment } from "./rules/comment-rules.js";
import { decideIssue } from "./rules/issue-rules.js";
import { decidePullRequest } from "./rules/pull-request-rules.js";
import { decidePush } from "./rules/push-rules.js";
import { decideReview } from "./rules/review-rules.js";
import { decideRerun } from "./rules/rerun-rules.js";

/**
 * The pure policy core: what should happen about one action, as data. No I/O, no clock of its
 * own (`now` is passed in), no GitHub types. The action's own rule runs first, then the commands
 * its body carries; both contribute reasons and effects.
 */
export function decide(action: AgentAction, config: GuardrailsConfig, state: PolicyState, _now: Date): Decision {
  // A Re-run of the gate is decided for each PR's author, not for whoever clicked it.
  if (action.kind === "check_run.rerequested") return decideRerun(action, config, state);
  const subject =
    action.target.author?.kind === "agent" && action.actor.kind !== "agent"
      ? action.target.author
      : action.actor.kind !== "agent" && state.agentCommitsBy !== undefined
        ? { login: state.agentCommitsBy, id: 0 }
        : action.actor;
  const policy = effectivePolicy(config, subject.login, subject.id);
  const own = action.actor.kind === "agent" ? decideAgent(action, config, policy, state) : decideOwn(action, policy, state);
  if (!action.commands) return own;
  const commands = decideCommands(action, config, state);
  if (own.verdict === "ignore") return commands;
  return { ...combine(own, commands), holds: own.holds, trip: own.trip ?? commands.trip, approval: commands.approval, resolutions: commands.resolutions, resume: commands.resume };
}

/**
 * An agent's action: contained on arrival while its breaker is open; contained and tripping the
 * breaker when it crosses a line (the first over-limit action is already stopped); else the
 * permission table.
 */
function decideAgent(action: AgentAction, config: GuardrailsConfig, policy: GuardrailsConfig["policy"], state: PolicyState): Decision {
  if (state.breaker?.halted) return containOnArrival(action, policy, state.breaker.reason ?? "halted");
  const trip = checkTrip(action, config, state);
  if (trip) {
    const contained = containOnArrival(action, policy, `breaker tripped: ${trip.reason}`);
    return { ...contained, reasons: [`breaker trips on ${trip.reason}: ${trip.evidence}`, ...contained.reasons], trip };
  }
  return decideOwn(action, policy, state);
}

/** Two conclusions about one action: the more serious verdict, both reasons and effects. */
function combine(a: Decision, b: Decision): Decision {
  return {
    verdict: VERDICT_ORDER.find((v) => v === a.verdict || v === b.verdict) ?? a.verdict,
    reasons: [...a.reasons, ...b.reasons],
    effects: [...a.effects, ...b.effects],
  };
}

/** When an action and its commands conclude differently, the more serious verdict is the row's. */
const VERDICT_ORDER: readonly Verdict[] = ["contained", "violation", "gate", "refused", "command", "allow", "ignore"];

function decideOwn(action: AgentAction, policy: GuardrailsConfig["policy"], state: PolicyState): Decision {
  if (action.actor.kind !== "agent" && action.event !== "pull_request") return { verdict: "ignore", reasons: [], effects: [] };
  switch (action.event) {
    case "pull_request":
      return decidePullRequest(action, policy, state);
    case "pull_request_review": {
      const review = decideReview(action);
      if (!action.target.body?.trim()) return review;
      const body = decideAgentComment(action, policy, state);
      return { ...combine(review, body), holds: body.holds };
    }
    case "issue_comment":
    case "pull_request_review_comment":
    case "discussion_comment":
      return decideAgentComment(action, policy, state);
    case "issues":
      return decideIssue(action, policy);
    case "push":
      return decidePush(action, policy);
    default:
      return {
        verdict: "allow",
        reasons: [`agent ${action.actor.login}: ${action.kind} logged`],
        effects: [],
      };
  }
}
