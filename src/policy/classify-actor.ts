import type { AgentEntry } from "../config/schema.js";
import type { Actor } from "./agent-action.js";
import { findAgentEntry } from "./find-agent-entry.js";
import type { Evidence } from "./tier/find-evidence.js";

/** The account fields a payload carries for a user. */
export interface AccountFields {
  login: string;
  id: number;
  type?: string;
}

/**
 * Turns a payload account into an `Actor`: this app first (so it is never acted on), then a
 * listed agent, then an unlisted bot, else a human. An agent on a person's account is a human
 * here unless it is listed (or a `when:` entry matches the action's evidence); its evidence makes
 * a tier (policy/tier/tier-of.ts), and the breaker's pace alert exists for that case too.
 */
export function classifyActor(
  account: AccountFields,
  agents: readonly AgentEntry[],
  appLogin: string | undefined,
  evidence?: Evidence,
): Actor {
  const isBot = account.type === "Bot";
  const base = { login: account.login, id: account.id, isBot };
  if (appLogin !== undefined && account.login.toLowerCase() === appLogin.toLowerCase()) return { ...base, kind: "app" };
  if (findAgentEntry(agents, account.login, account.id, evidence) !== undefined) return { ...base, kind: "agent" };
  return { ...base, kind: isBot || account.login.endsWith("[bot]") ? "bot" : "human" };
}
