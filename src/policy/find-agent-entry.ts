import picomatch from "picomatch";
import type { AgentEntry, AgentWhen } from "../config/schema.js";
import { matchLogin } from "./match-login.js";
import type { Evidence } from "./tier/find-evidence.js";

/**
 * The first `agents:` entry that names this account (by login, glob or numeric id), or
 * undefined when the account is not a listed agent. The first match wins, so a specific entry
 * with overrides should come before a broad glob. An entry with `when:` names the account only
 * on an action whose evidence matches one of its conditions: without evidence (a person typing,
 * or a caller that has none) it is skipped.
 */
export function findAgentEntry(agents: readonly AgentEntry[], login: string, id: number, evidence?: Evidence): AgentEntry | undefined {
  return agents.find((entry) => {
    if (typeof entry === "number") return entry === id;
    if (typeof entry === "string") return matchLogin(entry, login);
    const named = (entry.id !== undefined && entry.id === id) || (entry.login !== undefined && matchLogin(entry.login, login));
    if (!named || entry.when === undefined) return named;
    return evidence !== undefined && entry.when.some((w) => whenMatches(w, evidence));
  });
}

/** Every field of the condition matches the action's evidence. */
export function whenMatches(when: AgentWhen, evidence: Evidence): boolean {
  if (when.branch !== undefined && (evidence.branch === undefined || !picomatch.isMatch(evidence.branch, when.branch, { dot: true })))
    return false;
  if (when.agent !== undefined && !evidence.signals.some((s) => s.agent.toLowerCase() === when.agent!.toLowerCase())) return false;
  if (when.signal !== undefined && !evidence.signals.some((s) => s.signal === when.signal)) return false;
  return true;
}
