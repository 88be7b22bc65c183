import { applyLocks } from "./apply-locks.js";
import { deepMerge } from "./deep-merge.js";
import { strictDefaults } from "./defaults.js";
import type { GuardrailsConfig, GuardrailsConfigFile } from "./schema.js";
import { unionAgents } from "./union-agents.js";

/** The validated files that make up one repository's configuration; any may be missing. */
export interface ConfigLayers {
  /** `.github/agent-guardrails.yml` of the owner's `.github` repository: org defaults and locks. */
  org?: GuardrailsConfigFile;
  /** The repository's own file, named by the repo file's `_extends`. */
  extended?: GuardrailsConfigFile;
  /** The repository's own `.github/agent-guardrails.yml`. */
  repo?: GuardrailsConfigFile;
}

/** A repository's resolved config and the locked keys its files tried to change. */
export interface MergedConfig {
  /** Complete; `locked` is the org file's list (the policy re-checks it), `_extends` is dropped. */
  config: GuardrailsConfig;
  /** Locked key paths a repository (or `_extends`) file set to a value other than the org's. */
  lockedOverrides: string[];
}

/**
 * Resolves the config of one repository from its layers. PURE (lint-enforced): no I/O, no clock.
 *
 * Precedence, lowest first: strict defaults < org file < `_extends` target < repository file.
 * - Mappings merge key by key (a repo file setting `policy.comment` keeps the org's
 *   `policy.merge`); every other value replaces the one below it, arrays included
 *   (`scope.protected`, `breaker.contain`, …).
 * - Except `agents`: the lists are unioned so that no layer can remove an agent a lower layer
 *   named (see unionAgents for the order, which decides whose per-agent settings win).
 * - Then the org file's `locked` paths are put back to the org's value (or the strict default
 *   when the org file does not set it) whatever the higher layers said, per-agent overrides of
 *   those keys are dropped, and each such path is reported in `lockedOverrides`.
 * - `locked` is read from the org file only and `_extends` is resolved by the loader: neither
 *   has any effect when it appears in a higher layer.
 *
 * docs/configuration.md documents the same rules for users; change both together.
 */
export function mergeConfig(layers: ConfigLayers): MergedConfig {
  const { org, extended, repo } = layers;
  const merged = deepMerge(strictDefaults, settingsOf(org), settingsOf(extended), settingsOf(repo));
  merged.agents = unionAgents(org?.agents ?? strictDefaults.agents, repo?.agents, extended?.agents);
  return applyLocks(merged, org);
}

/** A file's settings without the keys that steer the merge itself. */
function settingsOf(file: GuardrailsConfigFile | undefined): GuardrailsConfigFile | undefined {
  if (file === undefined) return undefined;
  const { _extends, locked: _locked, ...settings } = file;
  return settings;
}
