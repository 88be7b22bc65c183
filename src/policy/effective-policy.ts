import type { GuardrailsConfig, Policy, PolicyKey } from "../config/schema.js";
import { findAgentEntry } from "./find-agent-entry.js";

/**
 * The permission table that applies to one agent: the config's table with the agent entry's own
 * `policy` block on top (a trusted agent can earn more autonomy, a new one can get less). A key
 * the org locked (`policy` or `policy.<key>`) is not overridden per agent either: otherwise a repo
 * file could loosen a locked row by listing an agent with its own policy.
 */
export function effectivePolicy(config: Pick<GuardrailsConfig, "agents" | "policy" | "locked">, login: string, id: number): Policy {
  const entry = findAgentEntry(config.agents, login, id);
  if (entry === undefined || typeof entry !== "object" || entry.policy === undefined) return config.policy;
  const locked = new Set(config.locked ?? []);
  if (locked.has("policy")) return config.policy;
  const result: Policy = { ...config.policy };
  for (const [key, value] of Object.entries(entry.policy) as [PolicyKey, Policy[PolicyKey]][]) {
    if (value !== undefined && !locked.has(`policy.${key}`)) (result as Record<PolicyKey, string>)[key] = value;
  }
  return result;
}
