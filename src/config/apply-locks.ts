import { isDeepStrictEqual } from "node:util";
import { deepMerge, isPlainObject } from "./deep-merge.js";
import { strictDefaults } from "./defaults.js";
import type { AgentEntry, GuardrailsConfig, GuardrailsConfigFile } from "./schema.js";
import { agentEntryKey } from "./union-agents.js";

/** A config with the org's locks enforced, and the locked paths that had to be put back. */
export interface LockResult {
  config: GuardrailsConfig;
  /** Locked paths whose value differed from the org's (each once, in `locked` order). */
  lockedOverrides: string[];
}

/**
 * Puts the org file's locked keys back to the org's values, whatever produced `config` (a merge
 * with repository files, or the last valid config of a repository). The value of a locked path is
 * the org file's, or the strict default's when the org file does not set it: locking is "the org
 * decides", in both directions, so a repository cannot tighten a locked key either.
 *
 * Per-agent settings are keys too: an agent entry the org file did not write loses its `owner`
 * when `owner` is locked, its `policy.<key>` when `policy` or `policy.<key>` is locked and its
 * `limits.<key>` when `limits` or `limits.<key>` is locked, or a
 * repository file could loosen a locked row by listing an agent with its own policy.
 *
 * Pure: `config` is not mutated. `org` undefined means no org file: nothing is locked, and
 * `config.locked` is left as it is.
 */
export function applyLocks(config: GuardrailsConfig, org: GuardrailsConfigFile | undefined): LockResult {
  const locked = org?.locked ?? [];
  const result = structuredClone(config);
  delete result._extends;
  // The policy re-reads `locked`. Without an org file (absent, or invalid under a fallback) the
  // config keeps the list it came with: a last valid config keeps the locks it was built under.
  if (org !== undefined) {
    if (org.locked === undefined) delete result.locked;
    else result.locked = [...org.locked];
  }
  if (locked.length === 0) return { config: result, lockedOverrides: [] };

  const { _extends, locked: _locked, ...orgSettings } = org ?? {};
  const orgValues = deepMerge(strictDefaults, orgSettings);
  const overrides = new Set<string>();
  const target = result as unknown as Record<string, unknown>;
  for (const path of locked) {
    const wanted = getPath(orgValues, path);
    if (!isDeepStrictEqual(getPath(result, path), wanted)) {
      overrides.add(path);
      setPath(target, path, structuredClone(wanted));
    }
  }

  const isLocked = (path: string) => locked.some((p) => p === path || path.startsWith(p + "."));
  // A Set, not a pairwise search: linear in the lists' length (see unionAgents).
  const orgEntries = new Set(orgValues.agents.map(agentEntryKey));
  result.agents = result.agents.map((entry) => {
    if (typeof entry !== "object" || orgEntries.has(agentEntryKey(entry))) return entry;
    const stripped: Exclude<AgentEntry, string | number> = { ...entry };
    if (stripped.owner !== undefined && isLocked("owner")) {
      delete stripped.owner;
      overrides.add(lockOf(locked, "owner"));
    }
    if (stripped.policy !== undefined) {
      const policy = { ...stripped.policy };
      for (const key of Object.keys(policy) as (keyof typeof policy)[]) {
        if (isLocked(`policy.${key}`)) {
          delete policy[key];
          overrides.add(lockOf(locked, `policy.${key}`));
        }
      }
      if (Object.keys(policy).length > 0) stripped.policy = policy;
      else delete stripped.policy;
    }
    if (stripped.limits !== undefined) {
      const limits = { ...stripped.limits };
      for (const key of Object.keys(limits) as (keyof typeof limits)[]) {
        if (isLocked(`limits.${key}`)) {
          delete limits[key];
          overrides.add(lockOf(locked, `limits.${key}`));
        }
      }
      if (Object.keys(limits).length > 0) stripped.limits = limits;
      else delete stripped.limits;
    }
    return stripped;
  });
  return { config: result, lockedOverrides: [...new Set(locked)].filter((p) => overrides.has(p)) };
}

/** The entry of `locked` that covers `path` (the most specific one). */
function lockOf(locked: readonly string[], path: string): string {
  return locked.filter((p) => p === path || path.startsWith(p + ".")).sort((a, b) => b.length - a.length)[0] ?? path;
}

function getPath(value: unknown, path: string): unknown {
  let node = value;
  for (const key of path.split(".")) {
    if (!isPlainObject(node)) return undefined;
    node = node[key];
  }
  return node;
}

function setPath(root: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  const last = keys.pop() as string;
  let node = root;
  for (const key of keys) {
    const next = node[key];
    if (!isPlainObject(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[last] = value;
}
