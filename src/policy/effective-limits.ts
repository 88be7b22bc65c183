import type { GuardrailsConfig } from "../config/schema.js";
import { findAgentEntry } from "./find-agent-entry.js";

/**
 * The limits that apply to one agent: the config's `limits` with the agent entry's own hourly
 * limits on top (earned with `/guardrails promote`, or tightened with `demote`). A key the org
 * locked (`limits` or `limits.<key>`) is not overridden per agent, as for `effectivePolicy`.
 */
export function effectiveLimits(
  config: Pick<GuardrailsConfig, "agents" | "limits" | "locked">,
  login: string,
  id: number,
): GuardrailsConfig["limits"] {
  const entry = findAgentEntry(config.agents, login, id);
  if (entry === undefined || typeof entry !== "object" || entry.limits === undefined) return config.limits;
  const locked = new Set(config.locked ?? []);
  if (locked.has("limits")) return config.limits;
  const result = { ...config.limits };
  for (const [key, value] of Object.entries(entry.limits) as [keyof typeof entry.limits, number | undefined][]) {
    if (value !== undefined && !locked.has(`limits.${key}`)) result[key] = value;
  }
  return result;
}
