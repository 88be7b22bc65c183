import picomatch from "picomatch";
import type { GuardrailsConfig } from "../../config/schema.js";
import type { TripReason } from "./trip.js";

/**
 * Whether an agent's changed paths leave `scope.paths` or touch `scope.protected` (default
 * `.github/**`: this app's config and the workflows). Protected wins: it is the graver finding.
 * Globs match dotfiles, so `**` covers `.github/` too.
 */
export function checkScope(paths: readonly string[], config: Pick<GuardrailsConfig, "scope" | "breaker">): { reason: TripReason; evidence: string } | null {
  if (paths.length === 0) return null;
  const on = new Set(config.breaker.trip_on);
  const isProtected = picomatch(config.scope.protected, { dot: true });
  const inScope = picomatch(config.scope.paths, { dot: true });
  const touched = paths.filter((p) => isProtected(p));
  if (on.has("protected") && touched.length > 0) {
    return { reason: "protected", evidence: `changed protected paths: ${touched.slice(0, 20).join(", ")}` };
  }
  const outside = paths.filter((p) => !inScope(p));
  if (on.has("scope") && outside.length > 0) {
    return { reason: "scope", evidence: `changed paths outside scope.paths: ${outside.slice(0, 20).join(", ")}` };
  }
  return null;
}
