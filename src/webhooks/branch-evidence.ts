import type { AgentAction } from "../policy/agent-action.js";
import type { Signal } from "../policy/tier/find-evidence.js";
import { tierOf } from "../policy/tier/tier-of.js";
import type { Store } from "../store/store.js";

/** Store key (in the cached-file table) of the evidence a branch's pushes carried. */
export function branchEvidenceKey(fullRepo: string, branch: string): string {
  return `evidence:${fullRepo.toLowerCase()}:${branch.replace(/^refs\/heads\//, "")}`;
}

/** At most this many signals are kept per branch. */
const MAX_SIGNALS = 20;

const PR_KINDS: ReadonlySet<string> = new Set([
  "pull_request.opened",
  "pull_request.reopened",
  "pull_request.synchronize",
  "pull_request.ready_for_review",
]);

/**
 * The evidence of a person's pushes lives with their branch, so that the pull request from it is
 * decided by it: a pull request's payload carries no commits. A push to another branch than the
 * default one with evidence records it (one store write, only when it adds a signal); a person's
 * pull request event reads its head branch's record (one store read) and takes its tier from
 * both. Never a GitHub request; a push or PR without evidence writes nothing.
 */
export async function withBranchEvidence(store: Store, action: AgentAction, now: Date): Promise<AgentAction> {
  const { target } = action;
  const full = `${action.repo.owner}/${action.repo.repo}`;
  if (action.event === "push") {
    if (action.actor.kind === "agent" || target.toDefaultBranch || !target.ref?.startsWith("refs/heads/") || !action.evidence?.length)
      return action;
    const key = branchEvidenceKey(full, target.ref);
    const stored = parse((await store.getCachedFile(key))?.text);
    const merged = union(stored, action.evidence);
    if (merged.length > stored.length) await store.putCachedFile(key, JSON.stringify(merged), now.toISOString());
    return action;
  }
  if (action.event !== "pull_request" || !PR_KINDS.has(action.kind) || action.tier === "agent" || !target.headRef) return action;
  const stored = parse((await store.getCachedFile(branchEvidenceKey(target.headRepo ?? full, target.headRef)))?.text);
  if (stored.length === 0) return action;
  const evidence = union(action.evidence ?? [], stored);
  return { ...action, evidence, tier: tierOf(action.actor.kind === "agent" ? "agent" : "human", evidence) };
}

function union(a: readonly Signal[], b: readonly Signal[]): Signal[] {
  const out = [...a];
  for (const s of b) {
    if (out.length >= MAX_SIGNALS) break;
    if (!out.some((o) => o.signal === s.signal && o.agent === s.agent && o.source === s.source)) out.push(s);
  }
  return out;
}

/** A stored record, or nothing when it is missing or not what this module wrote. */
function parse(text: string | null | undefined): Signal[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value)
      ? value.filter(
          (s): s is Signal =>
            s !== null && typeof s === "object" && typeof (s as Signal).signal === "string" && typeof (s as Signal).agent === "string",
        )
      : [];
  } catch {
    return [];
  }
}
