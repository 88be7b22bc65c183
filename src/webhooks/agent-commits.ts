import type { Actor } from "../policy/agent-action.js";
import type { AccountFields } from "../policy/classify-actor.js";

type Json = Record<string, unknown>;

/**
 * The listed agent among a push's commits, if any: a commit's author or committer (username, or
 * a GitHub noreply email `ID+login@users.noreply.github.com`), or a `Co-authored-by:` trailer
 * naming one (by name or noreply email). Pure. A branch carrying such a commit makes every PR
 * from it an agent PR (bypass: an agent's commits on a human's PR).
 */
export function agentInCommits(commits: unknown, classify: (a: AccountFields) => Actor): Actor | undefined {
  if (!Array.isArray(commits)) return undefined;
  const asAgent = (login: string | undefined, id = 0): Actor | undefined => {
    if (!login) return undefined;
    const actor = classify({ login, id, type: login.endsWith("[bot]") ? "Bot" : "User" });
    return actor.kind === "agent" ? actor : undefined;
  };
  for (const raw of commits) {
    if (raw === null || typeof raw !== "object") continue;
    const commit = raw as Json;
    for (const who of [commit.author, commit.committer]) {
      if (who === null || typeof who !== "object") continue;
      const w = who as Json;
      const found =
        asAgent(typeof w.username === "string" ? w.username : undefined) ??
        fromEmail(typeof w.email === "string" ? w.email : undefined, asAgent);
      if (found) return found;
    }
    const message = typeof commit.message === "string" ? commit.message : "";
    for (const match of message.matchAll(/^[ \t]*co-authored-by:[ \t]*(.*?)[ \t]*<([^>\s]*)>[ \t]*$/gim)) {
      const found = asAgent(match[1]?.trim()) ?? fromEmail(match[2], asAgent);
      if (found) return found;
    }
  }
  return undefined;
}

/** `ID+login@users.noreply.github.com` or `login@users.noreply.github.com` → that account. */
function fromEmail(email: string | undefined, asAgent: (login: string | undefined, id?: number) => Actor | undefined): Actor | undefined {
  const match = email ? /^(?:(\d+)\+)?([^@+\s]+)@users\.noreply\.github\.com$/i.exec(email) : null;
  if (!match) return undefined;
  return asAgent(match[2], match[1] ? Number(match[1]) : 0);
}

/** Store key (in the cached-file table) recording that a branch carries an agent's commits. */
export function agentBranchKey(fullRepo: string, branch: string): string {
  return `agent-commits:${fullRepo.toLowerCase()}:${branch.replace(/^refs\/heads\//, "")}`;
}

/** Store key recording that a pull request was found carrying an agent's commits (set by its PR events). */
export function agentPullRequestKey(fullRepo: string, number: number): string {
  return `agent-commits:${fullRepo.toLowerCase()}#${number}`;
}

/** Store key recording the last sha the app saw a branch at (an agent's push, an agent PR's head): what containment restores a deleted branch at. */
export function refShaKey(fullRepo: string, branch: string): string {
  return `ref-sha:${fullRepo.toLowerCase()}:${branch.replace(/^refs\/heads\//, "")}`;
}
