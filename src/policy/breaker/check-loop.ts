import type { GuardrailsConfig } from "../../config/schema.js";
import type { AgentAction } from "../agent-action.js";
import type { PolicyState } from "../policy-state.js";
import type { Trip } from "./trip.js";

/**
 * Whether an agent's comment closes a loop: it and the non-human comments just before it in the
 * same thread (agents and bots, no human's in between, all within `limits.loop.seconds`) number
 * `limits.loop.replies`, this one included: each is a reply in the thread that no person asked for.
 * Two bots talking past a "paused" label, or an agent answering itself, trip here within minutes,
 * long before an hourly limit would. A human's comment breaks the chain: a person is in the loop.
 */
export function checkLoop(action: AgentAction, config: GuardrailsConfig, state: PolicyState): Omit<Trip, "agent"> | null {
  const loop = state.loop;
  if (!loop) return null;
  const { replies, seconds } = config.limits.loop;
  const chain: string[] = [action.actor.login];
  for (const comment of loop.recent) {
    if (comment.actorKind === "human") break;
    chain.push(comment.actor);
  }
  if (chain.length < replies) return null;
  const counts = new Map<string, number>();
  for (const login of chain) counts.set(login, (counts.get(login) ?? 0) + 1);
  const who = [...counts].map(([login, n]) => `${login} ${n}`).join(", ");
  const accounts = counts.size === 1 ? `${action.actor.login} answered itself` : `${[...counts.keys()].join(" and ")} answered each other`;
  return {
    reason: "loop",
    evidence: `${accounts} ${chain.length} times in #${loop.thread} of ${action.repo.owner}/${action.repo.repo} within ${seconds}s, no human in between (comments: ${who})`,
  };
}
