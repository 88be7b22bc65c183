import { isDeepStrictEqual } from "node:util";
import type { AgentEntry } from "./schema.js";

/** An entry that carries its own settings (`policy` or `owner`), not just a name. */
function hasSettings(entry: AgentEntry): boolean {
  return typeof entry === "object" && (entry.policy !== undefined || entry.owner !== undefined);
}

/**
 * The `agents` lists of the layers as one list. A union, never a replacement: a repository file
 * that could replace the org's list could drop an agent from it and so set it free.
 *
 * Order matters because the first matching entry wins (policy/find-agent-entry.ts):
 * 1. the org's entries that carry settings: a repository file cannot shadow what the org decided
 *    for one agent;
 * 2. the higher layers' entries, highest first (repo, then `_extends`), like every other key;
 * 3. the org's plain entries (names, globs, ids): they only make an account an agent, which the
 *    union keeps anyway, so a repository may give them settings of its own.
 * Exact duplicates are dropped (first kept).
 *
 * @param org the org layer's list (the strict defaults' list when the org file sets none)
 * @param higher the lists above it, highest precedence first
 */
export function unionAgents(org: readonly AgentEntry[], ...higher: (readonly AgentEntry[] | undefined)[]): AgentEntry[] {
  const ordered = [...org.filter(hasSettings), ...higher.flatMap((list) => list ?? []), ...org.filter((e) => !hasSettings(e))];
  const result: AgentEntry[] = [];
  for (const entry of ordered) {
    if (!result.some((kept) => isDeepStrictEqual(kept, entry))) result.push(structuredClone(entry));
  }
  return result;
}
