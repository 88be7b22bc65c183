import picomatch from "picomatch";
import type { GuardrailsConfig } from "../../config/schema.js";
import type { TripReason } from "./trip.js";

/** The evidence of a scope trip on a file list GitHub cut short. */
export const TRUNCATED_EVIDENCE = "the file list is truncated at 3,000 files: treated as out of scope";

/**
 * Whether an agent's changed paths leave `scope.paths` or touch `scope.protected` (default
 * `.github/**`: this app's config and the workflows). Protected wins: it is the graver finding.
 * Globs match dotfiles, so `**` covers `.github/` too.
 *
 * A `truncated` list (GitHub lists at most 3,000 files of a PR) fails closed: what was not
 * listed may be anything, so it counts as out of scope — or, when only `protected` trips, as
 * touching a protected path — after the listed paths are checked for a protected one.
 */
export function checkScope(
  paths: readonly string[],
  config: Pick<GuardrailsConfig, "scope" | "breaker">,
  truncated = false,
): { reason: TripReason; evidence: string } | null {
  if (paths.length === 0 && !truncated) return null;
  const on = new Set(config.breaker.trip_on);
  const isProtected = picomatch(config.scope.protected, { dot: true });
  const inScope = picomatch(config.scope.paths, { dot: true });
  const touched = paths.filter((p) => isProtected(p));
  if (on.has("protected") && touched.length > 0) {
    return { reason: "protected", evidence: `changed protected paths: ${touched.slice(0, 20).join(", ")}` };
  }
  if (truncated && (on.has("scope") || on.has("protected")))
    return { reason: on.has("scope") ? "scope" : "protected", evidence: TRUNCATED_EVIDENCE };
  const outside = paths.filter((p) => !inScope(p));
  if (on.has("scope") && outside.length > 0) {
    return { reason: "scope", evidence: `changed paths outside scope.paths: ${outside.slice(0, 20).join(", ")}` };
  }
  return null;
}
