import type { ConfigIssue } from "./config-errors.js";
import type { GuardrailsConfig } from "./schema.js";

/**
 * A repository's configuration as the pipeline uses it. Config failure is a value, not an
 * exception: `config` is always usable and never looser than the files
 * allow, and `issues` says what to report to maintainers.
 */
export interface LoadedConfig {
  config: GuardrailsConfig;
  /** Problems with any of the files read; when not empty, `fallback` says what applies instead. */
  issues: ConfigIssue[];
  /**
   * What the config was built from, lowest precedence first: `owner/repo:path` of each file used,
   * or `owner/repo:#last-valid` for the last valid config. Empty: the strict defaults alone.
   */
  sources: string[];
  /** Locked key paths the repository's files tried to change (see mergeConfig). */
  lockedOverrides: string[];
  /**
   * Set when a file had issues: `last-valid` (the repository's last valid config) or
   * `strict-defaults`; either way tightened by the org's locks and every agents list that parsed.
   */
  fallback?: "last-valid" | "strict-defaults";
}
