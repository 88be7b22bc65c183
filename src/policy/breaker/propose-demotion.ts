import type { GuardrailsConfig } from "../../config/schema.js";
import { effectiveLimits } from "../effective-limits.js";
import { effectivePolicy } from "../effective-policy.js";
import { compareTrust, type TrustKey } from "../trust-order.js";
import type { Trip } from "./trip.js";

/**
 * The `/guardrails demote` an incident proposes for what tripped (a reply flood: hold its
 * comments; a burst or rate: halve its hourly actions; a change out of scope or to protected
 * paths: close its pull requests; a merge or tampering with a review: deny merges; a push to the
 * default branch: revert them; many repositories: halve its reach), first candidate that is
 * stricter than what applies to the agent now (policy/trust-order.ts). Null when nothing would
 * tighten it (already at the strictest) or for the org-wide halt. Pure.
 */
export function proposeDemotion(trip: Trip, config: Pick<GuardrailsConfig, "agents" | "policy" | "limits" | "locked">): string | null {
  if (trip.agent === "*") return null;
  const policy = effectivePolicy(config, trip.agent, 0);
  const limits = effectiveLimits(config, trip.agent, 0);
  const half = (n: number) => Math.max(1, Math.floor(n / 2));
  const candidates: [TrustKey, string | number][] = (() => {
    const comments: [TrustKey, string | number][] = [
      ["comment", "hold"],
      ["limits.comments_per_hour", half(limits.comments_per_hour)],
    ];
    switch (trip.reason) {
      case "loop":
        return comments;
      case "rate":
      case "burst":
        return /comment/.test(trip.evidence) ? comments : [["limits.actions_per_hour", half(limits.actions_per_hour)]];
      case "scope":
      case "protected":
        return [["pull_request", "close"]];
      case "merge":
      case "tamper":
        return [["merge", "deny"]];
      case "push_default_branch":
        return [
          ["push_default_branch", "revert"],
          ["pull_request", "close"],
        ];
      case "blast_radius":
        return [["limits.repos_per_hour", half(limits.repos_per_hour)]];
      case "manual":
        return [
          ["comment", "hold"],
          ["pull_request", "close"],
        ];
      default: {
        const never: never = trip.reason;
        return never;
      }
    }
  })();
  const locked = config.locked ?? [];
  for (const [key, value] of candidates) {
    const path = key.startsWith("limits.") ? key : `policy.${key}`;
    if (locked.some((p) => p === path || path.startsWith(p + ".") || p === "agents")) continue;
    const current = key.startsWith("limits.")
      ? limits[key.slice("limits.".length) as keyof typeof limits]
      : policy[key as keyof typeof policy];
    if (compareTrust(key, current as string | number, value) === -1) return `/guardrails demote @${trip.agent} ${key}=${value}`;
  }
  return null;
}
