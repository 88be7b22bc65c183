import type { GuardrailsConfig } from "../../config/schema.js";
import { LABELS, type Effect } from "../effect.js";
import type { CommentSurface } from "../held-comment.js";
import type { HistoryItem } from "./history-item.js";

type ContainStep = GuardrailsConfig["breaker"]["contain"][number];

/** One reversal: the effect, the key that makes each target undone once, and whether people outside see it. */
export interface Reversal {
  item: HistoryItem;
  key: string;
  effect: Effect;
  outward: boolean;
}

/** An agent action containment cannot undo, or could not here: the incident lists it for a human. */
export interface NeedsHuman {
  repo: string;
  at: string;
  action: string;
  /** What happened and what a human does, never agent text. */
  what: string;
  url?: string;
}

/** Where the app last saw a branch point: `owner/repo|branch` → sha (a push's `after`, a PR head). */
export type KnownShas = ReadonlyMap<string, string>;

export function knownShaKey(repo: string, branch: string): string {
  return `${repo.toLowerCase()}|${branch.replace(/^refs\/heads\//, "")}`;
}

const APP_LABELS: ReadonlySet<string> = new Set(Object.values(LABELS));
const COMMENT_EDITS: Record<string, CommentSurface> = {
  "issue_comment.edited": "issue_comment",
  "pull_request_review_comment.edited": "review_comment",
  "discussion_comment.edited": "discussion_comment",
  "pull_request_review.edited": "review",
};

/**
 * The reversals of what the agent did to other people's things and to the repository (the
 * `breaker.contain` steps beyond its own PRs and comments): reopen, labels, text, refs, auto-merge,
 * workflow runs, releases. Where the same target was touched several times, the OLDEST action
 * decides: undoing it puts back the state before the agent first touched it (a label it added then
 * removed needs nothing but an idempotent removal; a branch it created then deleted is deleted,
 * which is success). Actions whose decision already undid them on arrival are skipped, and their
 * target with them. Pure.
 */
export function reverseAgentActions(
  history: readonly HistoryItem[],
  want: ReadonlySet<ContainStep>,
  knownShas: KnownShas = new Map(),
): { reversals: Reversal[]; needsHuman: NeedsHuman[] } {
  const reversals: Reversal[] = [];
  const needsHuman: NeedsHuman[] = [];
  const decided = new Set<string>();
  const oldestFirst = [...history].sort((a, b) => a.at.localeCompare(b.at));
  const take = (item: HistoryItem, key: string, effect: Effect | null, outward = false, undoneBy?: Effect["kind"]) => {
    const id = `${item.repo}|${key}`;
    if (decided.has(id)) return;
    decided.add(id);
    if (effect === null || item.verdict === "contained" || (undoneBy !== undefined && item.effectKinds.includes(undoneBy))) return;
    reversals.push({ item, key, effect, outward });
  };
  const human = (item: HistoryItem, what: string) =>
    needsHuman.push({ repo: item.repo, at: item.at, action: item.action, what, ...(item.url ? { url: item.url } : {}) });
  for (const item of oldestFirst) {
    const n = item.targetNumber;
    const d = item.detail;
    switch (item.action) {
      case "issues.closed":
      case "pull_request.closed":
        if (want.has("reopen_closed") && n !== null && d.threadAuthorKind === "human") {
          const isPr = item.action === "pull_request.closed" || d.isPullRequest === true;
          take(
            item,
            `closed#${n}`,
            isPr ? { kind: "reopen_pull_request", number: n } : { kind: "reopen_issue", number: n },
            false,
            isPr ? "reopen_pull_request" : "reopen_issue",
          );
        }
        break;
      case "issues.labeled":
      case "pull_request.labeled":
      case "issues.unlabeled":
      case "pull_request.unlabeled": {
        const label = str(d.label);
        if (!want.has("restore_labels") || n === null || label === undefined) break;
        const added = item.action.endsWith(".labeled");
        // The app's own labels are the app's to manage: never taken off by containment.
        const effect: Effect | null = added
          ? APP_LABELS.has(label)
            ? null
            : { kind: "remove_label", number: n, label }
          : { kind: "add_label", number: n, label };
        take(item, `label#${n}:${label.toLowerCase()}`, effect, false, added ? "remove_label" : "add_label");
        break;
      }
      case "issues.edited":
      case "pull_request.edited":
      case "discussion.edited": {
        const changes = textChanges(d);
        if (!want.has("restore_text") || changes === undefined || !humanText(d)) break;
        const replaced = agentText(d, changes);
        if (item.action === "discussion.edited") {
          if (item.targetNodeId)
            take(
              item,
              `text:${item.targetNodeId}`,
              { kind: "restore_discussion_text", discussionNodeId: item.targetNodeId, ...changes, ...replaced },
              true,
              "restore_discussion_text",
            );
        } else if (n !== null) {
          take(item, `text#${n}`, { kind: "restore_issue_text", number: n, ...changes, ...replaced }, false, "restore_issue_text");
        }
        break;
      }
      case "issue_comment.edited":
      case "pull_request_review_comment.edited":
      case "discussion_comment.edited":
      case "pull_request_review.edited": {
        const body = textChanges(d)?.body;
        const surface = COMMENT_EDITS[item.action]!;
        const commentId = num(d.commentId) ?? num(d.reviewId) ?? (surface === "discussion_comment" ? 0 : undefined);
        if (!want.has("restore_text") || body === undefined || !humanText(d) || !item.targetNodeId) break;
        if (commentId === undefined) {
          human(
            item,
            `an edit of ${str(d.textAuthor) ? `@${str(d.textAuthor)}'s` : "a human's"} comment: its id was not recorded, put its text back by hand (the audit log keeps the text before the edit)`,
          );
          break;
        }
        const replaced = agentText(d, { body });
        take(
          item,
          `text:${item.targetNodeId}`,
          { kind: "restore_comment_text", surface, commentId, nodeId: item.targetNodeId, body, ...replaced },
          false,
          "restore_comment_text",
        );
        break;
      }
      case "create":
      case "delete": {
        const ref = str(d.ref);
        if (ref === undefined) break;
        const tag = d.refType === "tag";
        const full = `${tag ? "tags" : "heads"}/${ref.replace(/^refs\/(heads|tags)\//, "")}`;
        const sha = tag ? undefined : knownShas.get(knownShaKey(item.repo, ref));
        if (item.action === "create") {
          if (!want.has("delete_refs")) break;
          // A branch is deleted only where it still points where the app last saw it: someone may have built on it.
          if (tag || sha !== undefined)
            take(item, `ref:${full}`, { kind: "delete_ref", ref: full, ...(sha !== undefined ? { sha } : {}) }, false, "delete_ref");
          else if (!decided.has(`${item.repo}|ref:${full}`)) {
            decided.add(`${item.repo}|ref:${full}`);
            human(
              item,
              `branch \`${ref}\` created by the agent: the app never saw its tip, so it is not deleted blindly; delete it by hand if nobody built on it`,
            );
          }
        } else if (!tag) {
          if (!want.has("restore_branches")) break;
          if (sha !== undefined) take(item, `ref:${full}`, { kind: "create_ref", ref: full, sha }, false, "create_ref");
          else if (!decided.has(`${item.repo}|ref:${full}`)) {
            decided.add(`${item.repo}|ref:${full}`);
            human(
              item,
              `branch \`${ref}\` deleted by the agent: the app never saw its last sha (the delete webhook carries none); restore it from a clone or the closed PR's "Restore branch" button`,
            );
          }
        } else if (want.has("restore_branches") || want.has("delete_refs")) {
          human(item, `tag \`${ref}\` deleted by the agent: the app keeps no tag shas; push it again from a clone`);
        }
        break;
      }
      case "pull_request.auto_merge_enabled":
        if (want.has("disable_auto_merge") && n !== null && item.targetNodeId)
          take(item, `automerge#${n}`, { kind: "disable_auto_merge", prNodeId: item.targetNodeId, number: n }, false, "disable_auto_merge");
        break;
      case "workflow_run.requested": {
        const runId = num(d.runId);
        if (want.has("cancel_workflows") && runId !== undefined)
          take(item, `run:${runId}`, { kind: "cancel_workflow_run", runId }, false, "cancel_workflow_run");
        break;
      }
      case "release.created":
      case "release.published":
      case "release.edited": {
        const releaseId = num(d.releaseId);
        // Published is what people outside see: back to draft, first. A human's release the agent
        // edited stays published: drafting it would hide the human's release, not undo the edit.
        if (want.has("draft_releases") && releaseId !== undefined && d.releaseDraft !== true && d.textAuthorKind !== "human") {
          take(item, `release:${releaseId}`, { kind: "set_release_draft", releaseId, draft: true }, true, "set_release_draft");
        }
        break;
      }
      case "issues.deleted":
        human(
          item,
          `issue #${n ?? "?"} deleted by the agent: GitHub cannot restore a deleted issue; its number and title are in the audit log`,
        );
        break;
      case "issues.transferred":
        human(
          item,
          `issue #${n ?? "?"} transferred by the agent${str(d.transferredTo) ? ` to ${str(d.transferredTo)}` : ""}: transfer it back by hand (an App cannot transfer an issue)`,
        );
        break;
      case "release.deleted":
        human(item, `release ${num(d.releaseId) ?? ""} deleted by the agent: GitHub cannot restore it; create it again from its tag`);
        break;
      case "discussion_comment.deleted":
        human(
          item,
          `a discussion comment deleted by the agent${str(d.textAuthor) ? ` (written by @${str(d.textAuthor)})` : ""}: GitHub cannot restore it`,
        );
        break;
      case "pull_request_review.dismissed": {
        const review = d.dismissedReview as { id?: number; author?: string; state?: string } | undefined;
        human(
          item,
          `a review${review?.author ? ` by @${review.author}` : ""}${review?.state ? ` (${review.state.toLowerCase()})` : ""} on #${n ?? "?"} dismissed by the agent: a dismissal cannot be undone; the reviewer submits it again`,
        );
        break;
      }
      default:
        break;
    }
  }
  return { reversals, needsHuman };
}

/** `changes` of an edit: the text BEFORE it, only the keys that changed. */
function textChanges(detail: Record<string, unknown>): { title?: string; body?: string } | undefined {
  const changes = detail.changes as { title?: unknown; body?: unknown } | undefined;
  if (!changes) return undefined;
  const out = {
    ...(typeof changes.title === "string" ? { title: changes.title } : {}),
    ...(typeof changes.body === "string" ? { body: changes.body } : {}),
  };
  return Object.keys(out).length ? out : undefined;
}

/**
 * The agent's text the restore puts aside, as far as the audit row recorded it (`title`, `body`
 * after the edit): what `resume --undo` puts back for a false positive. Only the keys that changed.
 */
function agentText(
  detail: Record<string, unknown>,
  changes: { title?: string; body?: string },
): { replaced?: { title?: string; body?: string } } {
  const replaced = {
    ...(changes.title !== undefined && typeof detail.title === "string" ? { title: detail.title } : {}),
    ...(changes.body !== undefined && typeof detail.body === "string" ? { body: detail.body } : {}),
  };
  return Object.keys(replaced).length ? { replaced } : {};
}

/** Text a human wrote: the edited text's author (a comment's, or the thread's for a title or body). */
function humanText(detail: Record<string, unknown>): boolean {
  return (detail.textAuthorKind ?? detail.threadAuthorKind) === "human";
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === "number" ? value : undefined;
}
