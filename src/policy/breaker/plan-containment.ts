import type { GuardrailsConfig } from "../../config/schema.js";
import { HIDE_CLASSIFIER, LABELS, type CutOff, type Effect } from "../effect.js";
import type { HistoryItem } from "./history-item.js";
import type { EffectThread } from "./required-permission.js";
import { reverseAgentActions, type KnownShas, type NeedsHuman } from "./reverse-agent-actions.js";

/** One step of a containment plan: an effect in a repository. */
export interface PlannedStep {
  owner: string;
  repo: string;
  effect: Effect;
  /** Outward-facing steps go first: they are the ones people outside the org can see. */
  outward: boolean;
  /** Where the effect lands (GitHub checks a different permission on an issue than on a PR). */
  thread: EffectThread;
}

const COMMENT_ACTIONS =
  /^(issue_comment|pull_request_review_comment|discussion_comment)\.(created|edited)$|^pull_request_review\.(submitted|edited)$/;
const PR_ACTIONS = /^pull_request\.(opened|reopened|ready_for_review|synchronize|edited)$/;

/** What the plan knows beyond the audit log. */
export interface PlanInputs {
  /** Where the app last saw each branch (`knownShaKey`): restores and guards deletes. */
  knownShas?: KnownShas;
  /** The `breaker.cut_off` ways usable here (`usableCutOffs`: a user-account agent, permission granted). */
  cutOff?: readonly CutOff[];
}

/** The plan, and what in the history no step can undo (the incident lists it for a human). */
export interface ContainmentPlan {
  steps: PlannedStep[];
  needsHuman: NeedsHuman[];
}

/** `planContainmentReport`'s steps (what drill and the tests read). */
export function planContainment(...args: Parameters<typeof planContainmentReport>): PlannedStep[] {
  return planContainmentReport(...args).steps;
}

/**
 * Turns an agent's recent history (the `breaker.lookback` window of the audit log, every repo of
 * the org) into the containment plan `breaker.contain` asks for: unassign it from its issues
 * (first: that stops the source), then draft or close its PRs, hide its comments, close the issues
 * it opened, revert its pushes to default branches and its merges, and reverse what it did to
 * other people's things (`reverseAgentActions`) — outward-facing steps first,
 * then newest first; each target once. Actions already contained on
 * arrival (the one that tripped, and any while halted) are skipped: undoing them twice is not
 * idempotent for reverts (a second revert finds the tip moved and escalates; a second
 * revertPullRequest opens a second revert PR). Pure.
 */
export function planContainmentReport(
  history: readonly HistoryItem[],
  contain: GuardrailsConfig["breaker"]["contain"],
  /** Node ids of comments still hidden and pending approval: hiding them again would change nothing. */
  stillHidden: ReadonlySet<string> = new Set(),
  /**
   * The repository (`owner/repo`) the trip happened in and the agent it halts: unassigned there
   * even when the lookback holds nothing of it there (an agent halted before it acted still has
   * its assigned issues to start on).
   */
  source?: { repo: string; agent: string },
  inputs: PlanInputs = {},
): ContainmentPlan {
  const want = new Set(contain);
  const seen = new Set<string>();
  const steps: PlannedStep[] = [];
  const ordered = [...history].sort((a, b) => Number(isOutward(b)) - Number(isOutward(a)) || b.at.localeCompare(a.at));
  const add = (item: HistoryItem, key: string, effect: Effect, thread = threadOf(item)) => {
    const id = `${item.repo}|${key}`;
    if (seen.has(id)) return;
    seen.add(id);
    candidates.push({ item, effect, outward: isOutward(item), thread });
  };
  const candidates: { item: HistoryItem; effect: Effect; outward: boolean; thread: EffectThread }[] = [];
  const planned = new Set<string>();
  const push = (step: PlannedStep) => {
    // No redundant writes: the same effect on the same target is planned once, whatever asked for it.
    const id = `${step.owner}/${step.repo}|${JSON.stringify(step.effect)}`;
    if (planned.has(id)) return;
    planned.add(id);
    steps.push(step);
  };
  if (source && source.agent !== "*" && inputs.cutOff?.length) {
    // Stopping the source for real comes before anything else: an agent with no access writes nothing more.
    const [owner, repo] = source.repo.split("/") as [string, string];
    const repos = inputs.cutOff.includes("remove_collaborator") ? [...new Set([source.repo, ...history.map((h) => h.repo)])] : [];
    for (const full of repos) {
      const [o, r] = full.split("/") as [string, string];
      push({
        owner: o,
        repo: r,
        effect: { kind: "cut_off_agent", login: source.agent, how: "remove_collaborator" },
        outward: false,
        thread: "repository",
      });
    }
    if (inputs.cutOff.includes("block_user"))
      push({
        owner,
        repo,
        effect: { kind: "cut_off_agent", login: source.agent, how: "block_user" },
        outward: false,
        thread: "repository",
      });
  }
  if (want.has("unassign")) {
    // Stopping the source comes first: an agent unassigned from its issues stops working on them.
    if (source && source.agent !== "*") {
      const [owner, repo] = source.repo.split("/") as [string, string];
      seen.add(`${source.repo}|unassign:${source.agent.toLowerCase()}`);
      push({ owner, repo, effect: { kind: "unassign_agent", login: source.agent }, outward: false, thread: "repository" });
    }
    for (const item of history)
      add(item, `unassign:${item.actor.toLowerCase()}`, { kind: "unassign_agent", login: item.actor }, "repository");
  }
  flush();
  // A merged PR cannot be drafted or closed any more: its merge is reverted instead.
  const merged = new Set(
    history.filter((h) => h.action === "pull_request.merged" && h.targetNumber !== null).map((h) => `${h.repo}#${h.targetNumber}`),
  );
  for (const item of ordered) {
    if (item.verdict === "contained") continue;
    const n = item.targetNumber;
    if (
      PR_ACTIONS.test(item.action) &&
      n !== null &&
      detailString(item, "threadAuthorKind") !== "human" &&
      !merged.has(`${item.repo}#${n}`)
    ) {
      if (want.has("close_prs")) add(item, `close#${n}`, { kind: "close_pull_request", number: n });
      else if (want.has("draft_prs") && item.targetNodeId)
        add(item, `draft#${n}`, { kind: "convert_to_draft", prNodeId: item.targetNodeId, number: n });
      if (want.has("close_prs") || want.has("draft_prs")) add(item, `label#${n}`, { kind: "add_label", number: n, label: LABELS.halted });
    } else if (
      COMMENT_ACTIONS.test(item.action) &&
      item.targetNodeId &&
      !editedOthers(item) &&
      want.has("hide_comments") &&
      !alreadyDeleted(item) &&
      !stillHidden.has(item.targetNodeId)
    ) {
      add(item, `hide:${item.targetNodeId}`, { kind: "minimize_comment", nodeId: item.targetNodeId, classifier: HIDE_CLASSIFIER });
    } else if (item.action === "issues.opened" && n !== null && want.has("close_issues")) {
      add(item, `issue#${n}`, { kind: "close_issue", number: n });
    } else if (
      item.action === "push" &&
      item.detail.toDefaultBranch === true &&
      item.targetSha &&
      want.has("revert_pushes") &&
      !item.effectKinds.includes("revert_push")
    ) {
      const before = detailString(item, "before") ?? "";
      const paths = Array.isArray(item.detail.paths) ? (item.detail.paths as string[]) : [];
      add(item, `push:${item.targetSha}`, {
        kind: "revert_push",
        ref: detailString(item, "ref") ?? "",
        sha: item.targetSha,
        before,
        paths,
      });
    } else if (
      item.action === "pull_request.merged" &&
      n !== null &&
      item.targetNodeId &&
      want.has("revert_merges") &&
      !item.effectKinds.includes("revert_merge")
    ) {
      add(item, `merge#${n}`, { kind: "revert_merge", prNodeId: item.targetNodeId, number: n });
    }
  }
  const { reversals, needsHuman } = reverseAgentActions(history, want, inputs.knownShas);
  for (const r of reversals)
    candidates.push({ item: r.item, effect: r.effect, outward: r.outward || isOutward(r.item), thread: threadOf(r.item) });
  // Outward-facing first, then newest (a stable sort keeps each action's own steps in order).
  candidates.sort((a, b) => Number(b.outward) - Number(a.outward) || b.item.at.localeCompare(a.item.at));
  flush();
  return { steps, needsHuman };

  function flush(): void {
    for (const c of candidates.splice(0)) {
      const [owner, repo] = c.item.repo.split("/") as [string, string];
      push({ owner, repo, effect: c.effect, outward: c.outward, thread: c.thread });
    }
  }
}

/** An edit of someone else's comment: its text is restored (`restore_text`), never the human's comment hidden. */
function editedOthers(item: HistoryItem): boolean {
  return item.action.endsWith(".edited") && item.detail.textAuthorKind !== undefined && item.detail.textAuthorKind !== "agent";
}

/** The thread an item's action happened in, as far as its audit row tells. */
function threadOf(item: HistoryItem): EffectThread {
  if (item.action.startsWith("pull_request")) return "pull_request";
  if (item.action.startsWith("discussion")) return "discussion";
  if (item.action.startsWith("issue_comment.")) return item.detail.isPullRequest === true ? "pull_request" : "issue";
  if (item.action.startsWith("issues.")) return "issue";
  return "repository";
}

/** Held under `external_comment`, or otherwise recorded as speaking to outsiders. */
function isOutward(item: HistoryItem): boolean {
  if (item.detail.external === true) return true;
  const held = item.detail.held;
  return Array.isArray(held) && held.some((h) => (h as { external?: boolean }).external === true);
}

/** A `hold` already deleted the comment: nothing left to hide. */
function alreadyDeleted(item: HistoryItem): boolean {
  const held = item.detail.held;
  return Array.isArray(held) && held.some((h) => (h as { mode?: string }).mode === "hold");
}

function detailString(item: HistoryItem, key: string): string | undefined {
  const value = item.detail[key];
  return typeof value === "string" ? value : undefined;
}
