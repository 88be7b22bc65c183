import type { PolicyKey } from "../config/schema.js";

/** A per-agent hourly limit key that `promote`/`demote` may change (`limits.comments_per_hour`). */
export type TrustLimitKey =
  "limits.actions_per_hour" | "limits.comments_per_hour" | "limits.pull_requests_per_hour" | "limits.repos_per_hour";

/** A key `/guardrails promote|demote @agent key=value` may change. */
export type TrustKey = PolicyKey | TrustLimitKey;

/**
 * The one table of how much autonomy each value gives, strict → loose, for every key an agent's
 * entry may override. `promote` must move a key right (wider), `demote` left (tighter); the
 * limits are numbers, where more is looser. The schema (src/config/schema.ts) says which values
 * exist; this says how they rank, and a test checks that both list the same values.
 */
export const TRUST_ORDER: Readonly<Record<PolicyKey, readonly string[]>> & Readonly<Record<TrustLimitKey, "number">> = {
  comment: ["hold", "hide", "flag", "allow"],
  external_comment: ["hold", "hide", "flag", "allow"],
  pull_request: ["close", "draft", "allow"],
  merge: ["deny", "require_approval"],
  push_default_branch: ["revert", "allow"],
  issue: ["close", "flag", "allow"],
  release: ["draft", "allow"],
  "limits.actions_per_hour": "number",
  "limits.comments_per_hour": "number",
  "limits.pull_requests_per_hour": "number",
  "limits.repos_per_hour": "number",
};

/** Every key of the table, in its order. */
export const TRUST_KEYS = Object.keys(TRUST_ORDER) as TrustKey[];

/** Whether `key` is one `promote`/`demote` may change. */
export function isTrustKey(key: string): key is TrustKey {
  return Object.prototype.hasOwnProperty.call(TRUST_ORDER, key);
}

/** Whether `key` is one of the per-agent limits (a number) rather than a row of the permission table. */
export function isLimitKey(key: TrustKey): key is TrustLimitKey {
  return key.startsWith("limits.");
}

/**
 * How `to` compares with `from` for `key`: positive when it is looser (a promotion), negative
 * when it is stricter (a demotion), 0 when it is the same. Undefined when either value is not
 * one the table ranks (the schema refuses it first).
 */
export function compareTrust(key: TrustKey, from: string | number, to: string | number): number | undefined {
  const order = TRUST_ORDER[key];
  if (order === "number") {
    return typeof from === "number" && typeof to === "number" ? Math.sign(to - from) : undefined;
  }
  const a = order.indexOf(String(from));
  const b = order.indexOf(String(to));
  return a < 0 || b < 0 ? undefined : Math.sign(b - a);
}

/** The values of `key` from strict to loose, for a refusal that says what is possible. */
export function describeOrder(key: TrustKey): string {
  const order = TRUST_ORDER[key];
  return order === "number" ? "a positive whole number (more is looser)" : `${order.join(" → ")} (strict → loose)`;
}
