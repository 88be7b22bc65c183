import { GitHubError, type GitHubAdapter } from "../github/github-adapter.js";
import type { RepoRef } from "../policy/agent-action.js";
import type { Store } from "../store/store.js";
import { applyLocks } from "./apply-locks.js";
import type { ConfigIssue } from "./config-errors.js";
import { isPlainObject } from "./deep-merge.js";
import { matchesEveryLogin, valueErrors } from "./check-values.js";
import { knownCodingAgents, strictDefaults } from "./defaults.js";
import type { LoadedConfig } from "./loaded-config.js";
import { mergeConfig } from "./merge-config.js";
import { parseConfigFile, type ParsedConfigFile } from "./parse-config-file.js";
import { agentEntrySchema, configSchema, type AgentEntry, type GuardrailsConfig } from "./schema.js";
import { unionAgents } from "./union-agents.js";

/** Where the config lives, in the repository, in the org's `.github` repository and in an `_extends` target. */
export const CONFIG_PATH = ".github/agent-guardrails.yml";

/** The repository whose config file holds the org defaults and locks (Probot's convention). */
const ORG_REPO = ".github";

/** A cached file older than this is read again, even if no push invalidated it. */
const MAX_CACHE_AGE_MS = 24 * 60 * 60 * 1000;

/** What loadConfig reads through: one GitHub verb, the store's file cache and the caller's clock. */
export interface LoadConfigDeps {
  github: Pick<GitHubAdapter, "getDefaultBranchFile" | "getFileAtCommit">;
  cache: Pick<Store, "getCachedFile" | "putCachedFile">;
  now: Date;
  /**
   * Use a cached file however old (never read GitHub for it when one is cached): for events that
   * can only be a human's, which must cost no request. Pushes that change a file still drop it.
   */
  acceptStale?: boolean;
  /**
   * A push just changed the file cached under `key` (`owner/repo:path`): this load must see the
   * file as it was before it — the cached text while fresh, else the file at `sha` (the push's
   * `before`; null: no previous file) — never the default branch, which now holds the new one.
   */
  pin?: { key: string; sha: string | null };
}

/**
 * The cache key that holds a config file as it was before an agent changed it: its text is the
 * commit to read it at when the cache has none. While it is set, the cached file is used however
 * old and the default branch is never read for it; only a human's push of the file lifts it.
 */
export function heldKey(key: string): string {
  return `${key}#held`;
}

/** A config file that exists, as read for one layer. */
interface Layer {
  /** `owner/repo:path`: the cache key, and how issues and sources name the file. */
  name: string;
  parsed: ParsedConfigFile;
}

/**
 * Loads the config of a repository from its default branch (never a PR head: an agent's branch
 * must not configure its own gate). docs/configuration.md documents this for users.
 *
 * 1. Reads the repository's file and the org file (`{owner}/.github`) — always both, so that
 *    deleting `_extends` from the repository file does not escape the org's locks. In the
 *    `.github` repository itself, its file is the org file.
 * 2. Reads the `_extends` target when the repository file names one: same owner, same path, one
 *    level (an `_extends` in the target or the org file has no effect).
 * 3. When every file read is valid: mergeConfig, and the result is remembered as the
 *    repository's last valid config.
 * 4. Otherwise — any file invalid, or `_extends` unusable — the issues are returned with the last
 *    valid config (else the strict defaults), with the org's locks applied and every agent that
 *    any file names still recognised, plus the well-known coding agents (knownCodingAgents): a
 *    file whose YAML does not parse names nobody, and its agents must not become people. A
 *    broken file never loosens anything, whoever broke it.
 *
 * Every read goes through the cache (`owner/repo:path` → text, null = absent). GitHub errors
 * propagate, except not_found, which means "no file" (no `.github` repository, or no access).
 */
export async function loadConfig(deps: LoadConfigDeps, repo: RepoRef): Promise<LoadedConfig> {
  const readLayer = layerReader(deps);
  const isOrgRepo = repo.repo.toLowerCase() === ORG_REPO;
  const orgRef = { owner: repo.owner, repo: ORG_REPO };
  const [org, own] = await Promise.all([readLayer(isOrgRepo ? repo : orgRef), isOrgRepo ? undefined : readLayer(repo)]);

  const issues: ConfigIssue[] = [];
  let extended: Layer | undefined;
  const extendsValue = own?.parsed.value?._extends;
  if (own !== undefined && extendsValue !== undefined) {
    const target = extendsTarget(repo, extendsValue);
    if (typeof target === "string") {
      issues.push({ file: own.name, path: "_extends", message: target });
    } else {
      extended = await readLayer(target);
      if (extended === undefined) {
        issues.push({
          file: own.name,
          path: "_extends",
          message: `${target.owner}/${target.repo} has no ${CONFIG_PATH} on its default branch`,
        });
      }
    }
  }

  const layers = [org, extended, own].filter((layer): layer is Layer => layer !== undefined);
  const unique = layers.filter((layer, i) => layers.findIndex((other) => other.name === layer.name) === i);
  for (const layer of unique) issues.push(...layer.parsed.issues);

  const lastValidKey = `${repo.owner}/${repo.repo}:#last-valid`;
  if (issues.length === 0) {
    const merged = mergeConfig({ org: org?.parsed.value, extended: extended?.parsed.value, repo: own?.parsed.value });
    const text = JSON.stringify(merged.config);
    const stored = await deps.cache.getCachedFile(lastValidKey);
    if (stored?.text !== text) await deps.cache.putCachedFile(lastValidKey, text, deps.now.toISOString());
    return { config: merged.config, issues, sources: unique.map((layer) => layer.name), lockedOverrides: merged.lockedOverrides };
  }

  const lastValid = await readLastValid(deps, lastValidKey);
  const base = lastValid ?? strictDefaults;
  // Names only: an invalid file's per-agent settings must not grant anything.
  const named = [own, extended, org].map((layer) => salvageAgents(layer?.parsed));
  const orgValue = org?.parsed.value;
  const { config } = applyLocks({ ...structuredClone(base), agents: unionAgents(base.agents, ...named, knownCodingAgents) }, orgValue);
  return {
    config,
    issues,
    sources: [...(lastValid ? [lastValidKey] : []), ...(org !== undefined && orgValue !== undefined ? [org.name] : [])],
    lockedOverrides: [],
    fallback: lastValid ? "last-valid" : "strict-defaults",
  };
}

/**
 * The config when GitHub keeps failing to serve the files (the inbox's last attempt at a
 * delivery): the repository's last valid config, else the strict defaults, with the well-known
 * coding agents recognised, and the failure as the one issue. Never "off": a read that fails
 * must not loosen anything.
 */
export async function unreadableConfig(deps: Pick<LoadConfigDeps, "cache">, repo: RepoRef, reason: string): Promise<LoadedConfig> {
  const lastValidKey = `${repo.owner}/${repo.repo}:#last-valid`;
  const lastValid = await readLastValid(deps, lastValidKey);
  const base = lastValid ?? strictDefaults;
  return {
    config: { ...structuredClone(base), agents: unionAgents(base.agents, knownCodingAgents) },
    issues: [
      {
        file: `${repo.owner}/${repo.repo}:${CONFIG_PATH}`,
        path: "",
        message: `could not be read from GitHub (${reason}); ${lastValid ? "the last valid config" : "the strict defaults"} applied`,
      },
    ],
    sources: lastValid ? [lastValidKey] : [],
    lockedOverrides: [],
    fallback: lastValid ? "last-valid" : "strict-defaults",
  };
}

/** Reads and parses a repository's config file through the cache, once per key per load. */
function layerReader(deps: LoadConfigDeps): (ref: RepoRef) => Promise<Layer | undefined> {
  const reads = new Map<string, Promise<Layer | undefined>>();
  return (ref) => {
    const name = `${ref.owner}/${ref.repo}:${CONFIG_PATH}`;
    let read = reads.get(name);
    if (read === undefined) {
      read = readText(deps, ref, name).then((text) => (text === null ? undefined : { name, parsed: parseMemo(name, text) }));
      reads.set(name, read);
    }
    return read;
  };
}

/**
 * Parsing and validating the same cached text again on every delivery was most of a human
 * event's cost (bench/README.md): parsed files are remembered by name and text. The results are
 * never mutated (mergeConfig copies), so sharing them is safe; the memo is bounded.
 */
const parsed = new Map<string, ParsedConfigFile>();
const PARSED_MAX = 256;

function parseMemo(name: string, text: string): ParsedConfigFile {
  const key = `${name}\u0000${text}`;
  const hit = parsed.get(key);
  if (hit) return hit;
  const result = parseConfigFile(name, text);
  if (parsed.size >= PARSED_MAX) parsed.delete(parsed.keys().next().value as string);
  parsed.set(key, result);
  return result;
}

async function readText(deps: LoadConfigDeps, ref: RepoRef, key: string): Promise<string | null> {
  const cached = await deps.cache.getCachedFile(key);
  if (cached !== null && (deps.acceptStale === true || isFresh(cached.fetchedAt, deps.now))) return cached.text;
  // An agent changed this file: what applies is the file before it, until a human's push.
  const held = await deps.cache.getCachedFile(heldKey(key));
  if (held !== null) {
    if (cached !== null) return cached.text;
    return cacheText(deps, key, () =>
      held.text === null ? Promise.resolve(null) : deps.github.getFileAtCommit(ref, CONFIG_PATH, held.text),
    );
  }
  const pin = deps.pin?.key === key ? deps.pin : undefined;
  if (pin !== undefined)
    return cacheText(deps, key, () => (pin.sha === null ? Promise.resolve(null) : deps.github.getFileAtCommit(ref, CONFIG_PATH, pin.sha)));
  return cacheText(deps, key, () => deps.github.getDefaultBranchFile(ref, CONFIG_PATH));
}

/** Reads a file from GitHub (not_found: no file) and caches the answer. */
async function cacheText(deps: LoadConfigDeps, key: string, read: () => Promise<string | null>): Promise<string | null> {
  let text: string | null;
  try {
    text = await read();
  } catch (error) {
    if (!(error instanceof GitHubError && error.kind === "not_found")) throw error;
    text = null;
  }
  await deps.cache.putCachedFile(key, text, deps.now.toISOString());
  return text;
}

function isFresh(fetchedAt: string, now: Date): boolean {
  const age = now.getTime() - Date.parse(fetchedAt);
  return Number.isFinite(age) && Math.abs(age) < MAX_CACHE_AGE_MS;
}

/** The repository an `_extends` value names, or why it cannot be used. */
export function extendsTarget(repo: RepoRef, value: string): RepoRef | string {
  const [first = "", second] = value.split("/");
  const [owner, name] = second === undefined ? [repo.owner, first] : [first, second];
  if (owner.toLowerCase() !== repo.owner.toLowerCase()) {
    return `names a repository of another owner; only ${repo.owner}'s repositories can be extended (their org locks would not apply)`;
  }
  if (name.toLowerCase() === repo.repo.toLowerCase()) return "names this repository itself";
  // Spelled like the org file and the repository, so the same file is read and cached once.
  return { owner: repo.owner, repo: name.toLowerCase() === ORG_REPO ? ORG_REPO : name };
}

/** The repository's last valid config, if one was stored and still fits the schema. */
async function readLastValid(deps: Pick<LoadConfigDeps, "cache">, key: string): Promise<GuardrailsConfig | undefined> {
  const stored = await deps.cache.getCachedFile(key);
  if (stored?.text == null) return undefined;
  try {
    const result = configSchema.safeParse(JSON.parse(stored.text));
    // Stored before a value check existed (an agents pattern matching everyone): not trusted.
    return result.success && valueErrors(result.data).length === 0 ? result.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The agents a file names, even when the file as a whole is invalid (each entry is checked on
 * its own): a file broken by a typo, or on purpose, still marks its agents as agents. Only the
 * names are kept, never the per-agent settings.
 */
function salvageAgents(parsed: ParsedConfigFile | undefined): AgentEntry[] {
  const raw = parsed?.value ?? parsed?.raw;
  if (!isPlainObject(raw) || !Array.isArray(raw.agents)) return [];
  return raw.agents.flatMap((entry: unknown): AgentEntry[] => {
    const result = agentEntrySchema.safeParse(entry);
    if (!result.success) return [];
    const valid = result.data;
    // A pattern matching every account is why the file is invalid: it must not apply anyway.
    const login = typeof valid === "string" ? valid : typeof valid === "object" ? valid.login : undefined;
    if (login !== undefined && matchesEveryLogin(login)) return [];
    if (typeof valid !== "object") return [valid];
    return [{ ...(valid.login !== undefined ? { login: valid.login } : {}), ...(valid.id !== undefined ? { id: valid.id } : {}) }];
  });
}
