import type { AccountTier } from "../policy/tier/account-tier.js";
import type { Signal, SignalKind } from "../policy/tier/find-evidence.js";

/** Strongest first, as docs/agents.md ranks them: an agent's own account or App stamp, then a trailer, then text and branch names. */
const STRENGTH: readonly SignalKind[] = ["author", "app", "trailer", "marker", "branch"];

/** The strongest signal of an account's evidence (the newest of that kind: `evidence` is newest first), if it has any. */
export function strongestEvidence(account: Pick<AccountTier, "evidence">): Signal | undefined {
  return [...account.evidence].sort((a, b) => rank(a.signal) - rank(b.signal))[0];
}

/** How many of an account's actions carried evidence of an agent (suspected or assisted). */
export function actionsWithEvidence(account: Pick<AccountTier, "actions">): number {
  return account.actions.suspected + account.actions.assisted;
}

/**
 * The `agents:` entry that would make the account an agent where its evidence is: on its agent's
 * branches when a branch was seen (`codex/fix-1` → `codex/*`), else on its strongest signal.
 * The values are JSON strings (valid YAML flow scalars), so no login or branch can break out.
 */
export function agentEntryHint(account: Pick<AccountTier, "login" | "evidence">): string {
  const branch = account.evidence.find((s) => s.signal === "branch");
  const strongest = strongestEvidence(account);
  const when = branch
    ? `{ branch: ${JSON.stringify(branchGlob(branch.match))} }`
    : strongest
      ? `{ agent: ${JSON.stringify(strongest.agent)}, signal: ${strongest.signal} }`
      : `{ branch: "codex/*" }`;
  return `agents: [{ login: ${JSON.stringify(account.login)}, when: [${when}] }]`;
}

function rank(kind: SignalKind): number {
  const i = STRENGTH.indexOf(kind);
  return i === -1 ? STRENGTH.length : i;
}

/** An agent's branch prefix as a glob: up to its first `/` (the prefixes of the data file end in one), else the branch itself. */
function branchGlob(branch: string): string {
  const slash = branch.indexOf("/");
  return slash > 0 ? `${branch.slice(0, slash)}/*` : branch;
}
