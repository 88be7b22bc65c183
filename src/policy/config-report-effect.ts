import { CONFIG_CHECK_NAME, type Effect } from "./effect.js";

/**
 * The failing `agent-guardrails/config` check on the commit that made the config invalid: where
 * maintainers look, naming each key and why, and what applies meanwhile (never "off"). Pure.
 */
export function configReportEffect(
  path: string,
  sha: string,
  issues: readonly string[],
  fallback: "last-valid" | "strict-defaults" | undefined,
): Effect {
  return {
    kind: "ensure_check_run",
    name: CONFIG_CHECK_NAME,
    headSha: sha,
    conclusion: "failure",
    title: `Invalid ${path}: ${fallback === "last-valid" ? "the last valid config applies" : "strict defaults apply"}`,
    summary: `agent-guardrails could not use this configuration, so it keeps the last valid one or the strict defaults (never "off").\n\n${issues.map((l) => `- ${l}`).join("\n")}`,
  };
}
