import type { GuardrailsConfig, Policy, TierPolicy } from "../../config/schema.js";
import type { AgentAction } from "../agent-action.js";
import type { Decision } from "../decision.js";
import { LABELS, type Effect } from "../effect.js";
import type { PolicyState } from "../policy-state.js";
import { describeSignals } from "../tier/tier-of.js";
import { decideAgentComment } from "./comment-rules.js";

/** What `tiers.<tier>.<key>` says for this action, or undefined when the actor is listed or shows no evidence. */
export function tierMode<K extends keyof TierPolicy>(
  action: Pick<AgentAction, "tier">,
  tiers: GuardrailsConfig["tiers"],
  key: K,
): TierPolicy[K] | undefined {
  return action.tier === "suspected" || action.tier === "assisted" ? tiers[action.tier][key] : undefined;
}

/** The label of a tier (`agent:suspected`, `agent:assisted`). */
export function tierLabel(tier: "suspected" | "assisted"): string {
  return tier === "suspected" ? LABELS.suspected : LABELS.assisted;
}

/** Why: the tier and its evidence, for the reasons of a person's action (the audit row names each signal too). */
export function tierReason(action: AgentAction): string {
  const who = action.event === "pull_request" ? (action.target.author?.login ?? action.actor.login) : action.actor.login;
  return `${action.tier} agent on ${who}'s account: ${describeSignals(action.evidence ?? [])}`;
}

/**
 * A person's push, comment or issue that carries evidence of an agent (pull requests are the PR
 * rules'): decided by `tiers.<tier>` per action type. A push is audited only (the branch's
 * evidence gates the pull request from it; the owner is alerted of a suspected one); a comment
 * is allowed, labelled, flagged or hidden until approved; an issue allowed, labelled or flagged.
 */
export function decideTiered(action: AgentAction, config: Pick<GuardrailsConfig, "tiers">, policy: Policy, state: PolicyState): Decision {
  const tier = action.tier;
  if (tier !== "suspected" && tier !== "assisted") return { verdict: "ignore", reasons: [], effects: [] };
  const why = tierReason(action);
  const { target } = action;
  switch (action.event) {
    case "push":
      return {
        verdict: "allow",
        reasons: [`${why}: push to ${target.ref ?? "?"} audited (the pull request from it is decided by tiers.${tier}.pull_request)`],
        effects: [],
      };
    case "issue_comment":
    case "pull_request_review_comment":
    case "discussion_comment": {
      if (!action.kind.endsWith(".created")) return { verdict: "ignore", reasons: [], effects: [] };
      const mode = config.tiers[tier].comment;
      const key = `tiers.${tier}.comment: ${mode}`;
      if (mode === "allow") return { verdict: "allow", reasons: [`${why}: comment allowed (${key})`], effects: [] };
      if (mode === "label") {
        const effects = labelThread(action, tierLabel(tier));
        return {
          verdict: "allow",
          reasons: [`${why}: ${effects.length ? "thread labelled" : "nothing to label"} ${tierLabel(tier)} (${key})`],
          effects,
        };
      }
      // flag and hide: the agent comment rows, as for a listed agent with that policy.
      const as = mode === "flag" ? "flag" : "hide";
      const decided = decideAgentComment(action, { ...policy, comment: as, external_comment: as }, state);
      return { ...decided, reasons: [`${why} (${key})`, ...decided.reasons] };
    }
    case "issues": {
      if (action.kind !== "issues.opened") return { verdict: "ignore", reasons: [], effects: [] };
      const mode = config.tiers[tier].issue;
      const key = `tiers.${tier}.issue: ${mode}`;
      if (mode === "allow") return { verdict: "allow", reasons: [`${why}: issue allowed (${key})`], effects: [] };
      const label = mode === "flag" ? LABELS.flagged : tierLabel(tier);
      const effects = labelThread(action, label);
      return { verdict: mode === "flag" ? "gate" : "allow", reasons: [`${why}: issue labelled ${label} (${key})`], effects };
    }
    default:
      return { verdict: "ignore", reasons: [], effects: [] };
  }
}

/** One label on the action's issue or PR, unless the payload shows it there already (a discussion has none to take). */
export function labelThread(action: AgentAction, label: string): Effect[] {
  const { target } = action;
  if (target.number === undefined || action.event === "discussion_comment" || target.labels?.includes(label)) return [];
  return [{ kind: "add_label", number: target.number, label }];
}
