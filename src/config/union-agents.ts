import type { AgentEntry } from "./schema.js";

/** An entry that carries its own settings (`policy`, `limits`, `owner` or `when`), not just a name. */
function hasSettings(entry: AgentEntry): boolean {
  return (
    typeof entry === "object" &&
    (entry.policy !== undefined || entry.limits !== undefined || entry.owner !== undefined || entry.when !== undefined)
  );
}

/**
 * A key equal for two entries exactly when they are duplicates: logins are case-insensitive on
 * GitHub (and in matchLogin), object keys are sorted so that their order in the file does not
 * matter. Two entries with the same key match the same accounts with the same settings, so
 * keeping the first is the same as keeping both (the first match wins anyway).
 */
export function agentEntryKey(entry: AgentEntry): string {
  if (typeof entry === "string") return `s:${entry.toLowerCase()}`;
  if (typeof entry === "number") return `n:${entry}`;
  return `o:${canonical({ ...entry, ...(entry.login !== undefined ? { login: entry.login.toLowerCase() } : {}) })}`;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
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
 * Duplicates (same agentEntryKey) are dropped, first kept.
 *
 * Linear in the total number of entries (one Set lookup each): a file with tens of thousands of
 * entries must not stall every delivery, as the pairwise comparison once did (an agent could
 * write such a file). Parsing caps the file's size too (parse-config-file.ts).
 *
 * @param org the org layer's list (the strict defaults' list when the org file sets none)
 * @param higher the lists above it, highest precedence first
 */
export function unionAgents(org: readonly AgentEntry[], ...higher: (readonly AgentEntry[] | undefined)[]): AgentEntry[] {
  const seen = new Set<string>();
  const result: AgentEntry[] = [];
  const add = (entry: AgentEntry): void => {
    const key = agentEntryKey(entry);
    if (seen.has(key)) return;
    seen.add(key);
    result.push(typeof entry === "object" ? structuredClone(entry) : entry);
  };
  for (const entry of org) if (hasSettings(entry)) add(entry);
  for (const list of higher) for (const entry of list ?? []) add(entry);
  for (const entry of org) if (!hasSettings(entry)) add(entry);
  return result;
}
