import type { ActorKind } from "../agent-action.js";
import type { Signal } from "./find-evidence.js";

/**
 * How far an account is taken for an agent on one action (docs/agents.md "Tiers"):
 * - `agent`: listed in `agents:` (or a `when:` entry's evidence matched): the full permission table;
 * - `suspected`: strong evidence on a person's account: an agent's own commits or sender, an
 *   agent App's stamp, or an agent's branch together with its marker or trailer;
 * - `assisted`: weak evidence alone (a trailer on a person's commit, a marker, a branch name): a
 *   person used an assistant and stays accountable;
 * - `human`: no evidence.
 */
export type Tier = "agent" | "suspected" | "assisted" | "human";

/** The tiers from most to least agent-like: the strongest one seen wins. */
export const TIER_ORDER: readonly Tier[] = ["agent", "suspected", "assisted", "human"];

/** The tier of an actor on one action, from its classification and the evidence the action carries. Pure. */
export function tierOf(kind: ActorKind, signals: readonly Signal[]): Tier {
  if (kind === "agent") return "agent";
  if (signals.length === 0) return "human";
  if (signals.some((s) => s.signal === "author" || s.signal === "app")) return "suspected";
  const branch = signals.some((s) => s.signal === "branch");
  const text = signals.some((s) => s.signal === "marker" || s.signal === "trailer");
  return branch && text ? "suspected" : "assisted";
}

/** The stronger of two tiers. */
export function strongerTier(a: Tier, b: Tier): Tier {
  return TIER_ORDER.indexOf(a) <= TIER_ORDER.indexOf(b) ? a : b;
}

/** The signals in one line, for reasons and the alert: `trailer (Claude Code: noreply@anthropic.com, commit 1a2b3c4d5e6f)`. */
export function describeSignals(signals: readonly Signal[], max = 5): string {
  const shown = signals.slice(0, max).map((s) => `${s.signal} (${s.agent}: ${s.match}, ${s.source})`);
  return shown.join("; ") + (signals.length > max ? `; and ${signals.length - max} more` : "");
}
