import type { GuardrailsConfig } from "../../config/schema.js";
import { LABELS, type Effect } from "../effect.js";
import type { ActivityCounts } from "./activity-counts.js";
import { checkLimits } from "./check-limits.js";

/**
 * An account that is not a listed agent but writes faster than the agent limits allow (an agent
 * on a person's token): one alert issue to the owner, never containment. Only the limits count
 * here (rate, burst, blast radius), whatever `trip_on` says: scope and merges are agent rules.
 * Null while the account stays under the limits. Pure.
 */
export function decidePaceAlert(
  write: { actor: string; repo: string; kind: string },
  counts: ActivityCounts,
  config: Pick<GuardrailsConfig, "limits" | "breaker" | "owner">,
): { effect: Effect; evidence: string } | null {
  const over = checkLimits(write.kind, write.repo, counts, {
    limits: config.limits,
    breaker: { ...config.breaker, trip_on: ["rate", "burst", "blast_radius"] },
  });
  if (over === null) return null;
  const who = config.owner ? `@${config.owner.replace(/^@/, "")}` : "Maintainers";
  return {
    evidence: over.evidence,
    effect: {
      kind: "ensure_incident_issue",
      title: `Unlisted account acting at machine pace: ${write.actor}`,
      body: [
        `${who}: \`${write.actor}\` is not listed in \`agents:\` but acts faster than the agent limits allow (${over.evidence}).`,
        "",
        "If it is an agent running on a person's account, list it under `agents:` so the guardrails apply to it. Nothing was contained.",
      ].join("\n"),
      labels: [LABELS.flagged],
    },
  };
}
