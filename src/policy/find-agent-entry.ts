import type { AgentEntry } from "../config/schema.js";
import { matchLogin } from "./match-login.js";

/**
 * The first `agents:` entry that names this account (by login, glob or numeric id), or
 * undefined when the account is not a listed agent. The first match wins, so a specific entry
 * with overrides should come before a broad glob.
 */
export function findAgentEntry(agents: readonly AgentEntry[], login: string, id: number): AgentEntry | undefined {
  return agents.find((entry) => {
    if (typeof entry === "number") return entry === id;
    if (typeof entry === "string") return matchLogin(entry, login);
    return (entry.id !== undefined && entry.id === id) || (entry.login !== undefined && matchLogin(entry.login, login));
  });
}
