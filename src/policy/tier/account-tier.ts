import type { Signal } from "./find-evidence.js";
import { strongerTier, TIER_ORDER, type Tier } from "./tier-of.js";

/** The audit row fields an account's tier is read from (a store `AuditRow` has them all). */
export interface TierRow {
  at: string;
  actor: string;
  action: string;
  detail: Record<string, unknown>;
}

/** What the audit log says of one account: its strongest tier, how its actions were taken, the evidence. */
export interface AccountTier {
  login: string;
  /** The strongest tier any of its actions had (`human` with none recorded). */
  tier: Tier;
  /** Its audited actions by tier. */
  actions: Record<Tier, number>;
  /** When it last acted with evidence of an agent (suspected or assisted), if it did. */
  lastEvidenceAt?: string;
  /** The distinct signals, newest first (at most 10). */
  evidence: Signal[];
}

/** Whose account an audit row is about: a pull request's author for its events (a maintainer's push to it included), else the actor. */
function accountOf(row: TierRow): string {
  const author = row.detail.threadAuthor;
  return row.action.startsWith("pull_request.") && typeof author === "string" ? author : row.actor;
}

/**
 * Every account the rows show with evidence of an agent, strongest tier first, then most recent:
 * what `/guardrails status @login`, the digest and the dashboard list ("suspected agents by
 * account"). Pure; pass the rows of the period (`store.listAudit({ org, since })`). The owner's
 * alerts (`tier.alert`, `pace.alert`) are not actions and are not counted.
 */
export function accountTiers(rows: readonly TierRow[]): AccountTier[] {
  return [...summarize(rows).values()]
    .filter((a) => a.tier === "suspected" || a.tier === "assisted")
    .sort(
      (a, b) => TIER_ORDER.indexOf(a.tier) - TIER_ORDER.indexOf(b.tier) || (b.lastEvidenceAt ?? "").localeCompare(a.lastEvidenceAt ?? ""),
    );
}

/** One account's tier from the rows (`human` when none of them shows evidence). */
export function accountTier(rows: readonly TierRow[], login: string): AccountTier {
  return (
    summarize(rows).get(login.toLowerCase()) ?? {
      login,
      tier: "human",
      actions: { agent: 0, suspected: 0, assisted: 0, human: 0 },
      evidence: [],
    }
  );
}

/** Every account of the rows, by lower-case login. */
function summarize(rows: readonly TierRow[]): Map<string, AccountTier> {
  const byAccount = new Map<string, AccountTier>();
  for (const row of [...rows].sort((a, b) => a.at.localeCompare(b.at))) {
    if (row.action === "tier.alert" || row.action === "pace.alert") continue;
    const tier = TIER_ORDER.includes(row.detail.tier as Tier) ? (row.detail.tier as Tier) : "human";
    const login = accountOf(row);
    const key = login.toLowerCase();
    const account = byAccount.get(key) ?? {
      login,
      tier: "human" as Tier,
      actions: { agent: 0, suspected: 0, assisted: 0, human: 0 },
      evidence: [],
    };
    account.actions[tier] += 1;
    account.tier = strongerTier(account.tier, tier);
    if (tier === "suspected" || tier === "assisted") {
      account.lastEvidenceAt = row.at;
      const signals = Array.isArray(row.detail.evidence) ? (row.detail.evidence as Signal[]) : [];
      // Newest first: the rows are read oldest first, so a later signal goes in front.
      for (const s of signals) {
        if (!account.evidence.some((e) => e.signal === s.signal && e.agent === s.agent && e.source === s.source))
          account.evidence.unshift(s);
      }
      account.evidence = account.evidence.slice(0, 10);
    }
    byAccount.set(key, account);
  }
  return byAccount;
}
