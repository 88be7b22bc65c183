import type { ActionKind } from "./agent-action.js";

/**
 * One row of the permission table: what an agent's action gets under the strict defaults, which
 * config key changes that, what containment does about it (within `breaker.lookback`, or on
 * arrival while the agent is halted) and what `resume --undo` does about containment's step.
 */
export interface ActionRow {
  default: string;
  key: string;
  contain: string;
  undo: string;
}

const COMMENT_UNDO = "hidden comments shown again; a deleted (held) one stays held for approve";
const PR_CONTAIN = "drafted (`draft_prs`) or closed (`close_prs`) and labelled `agent:halted`; on arrival: closed and labelled";
const PR_UNDO = "marked ready for review again, or reopened; `agent:halted` removed";
const TEXT_EDIT =
  "a human's text: restored from `changes.*.from`, trips `tamper`; its own: `policy.comment` as far as GitHub allows (a body cannot be minimized: `hide` flags, `hold` restores the text before the edit); an edit that changes no title or body: audited";
const TEXT_CONTAIN = "text restored (`restore_text`); on arrival: restored from `changes.*.from`";

/**
 * The permission table, one row per action kind (docs/agent-actions.md is this table, checked by
 * a test): a `Record` over every kind, so a kind added to ACTION_KINDS does not compile without its row.
 */
export const ACTION_TABLE: Record<ActionKind, ActionRow> = {
  "pull_request.opened": {
    default: "converted to draft; check `agent-guardrails` stays `action_required` until a maintainer approves the head",
    key: "`policy.pull_request`, `policy.merge`, `scope.*`",
    contain: PR_CONTAIN,
    undo: PR_UNDO,
  },
  "pull_request.reopened": {
    default: "as opened",
    key: "`policy.pull_request`, `policy.merge`",
    contain: PR_CONTAIN,
    undo: PR_UNDO,
  },
  "pull_request.ready_for_review": {
    default: "converted back to draft",
    key: "`policy.pull_request`",
    contain: PR_CONTAIN,
    undo: PR_UNDO,
  },
  "pull_request.converted_to_draft": { default: "audited", key: "—", contain: "nothing to undo", undo: "—" },
  "pull_request.synchronize": {
    default: "check back to `action_required` for the new head (an approval binds to the head a maintainer saw)",
    key: "`policy.merge`, `scope.*`",
    contain: PR_CONTAIN,
    undo: PR_UNDO,
  },
  "pull_request.edited": {
    default: TEXT_EDIT,
    key: "`policy.comment`, `breaker.trip_on: tamper`",
    contain: TEXT_CONTAIN,
    undo: "the agent's text put back",
  },
  "pull_request.merged": {
    default:
      "violation: reverted by a revert PR; trips `merge`. A person's merge of an agent's PR: allowed, audited with who merged, the head and whether it was approved",
    key: "`policy.merge`, `breaker.trip_on: merge`",
    contain: "revert PR opened (`revert_merges`)",
    undo: "the revert PR closed while unmerged; merged: a human reverts it",
  },
  "pull_request.closed": {
    default: "its own PR: audited; a human's PR: labelled `agent:flagged`. A person closing an agent's PR: audited",
    key: "—",
    contain: "a human's PR reopened (`reopen_closed`); on arrival too",
    undo: "closed again",
  },
  "pull_request.labeled": {
    default: "audited",
    key: "—",
    contain: "the label removed (`restore_labels`)",
    undo: "the label added back",
  },
  "pull_request.unlabeled": {
    default: "a required label (`agent:pending-approval`, `agent:halted`, `agent:flagged`): restored, trips `tamper`; else audited",
    key: "`breaker.trip_on: tamper`",
    contain: "the label restored (`restore_labels`)",
    undo: "the label removed again",
  },
  "pull_request.auto_merge_enabled": {
    default: "auto-merge disabled; trips `tamper`",
    key: "`breaker.trip_on: tamper`",
    contain: "auto-merge disabled (`disable_auto_merge`)",
    undo: "not enabled again: a human enables auto-merge",
  },
  "pull_request.review_requested": {
    default: "its own or another agent's review requested: the request removed, trips `tamper`; a human's or a team's: audited",
    key: "`breaker.trip_on: tamper`, `agents`",
    contain: "on arrival: the request removed (a team's stays: the verb removes accounts)",
    undo: "not requested again: a human requests reviews",
  },
  "pull_request_review.submitted": {
    default: "an approval is dismissed and trips `tamper`; the body follows `policy.comment`",
    key: "`policy.comment`, `breaker.trip_on: tamper`",
    contain: "the body hidden (`hide_comments`); on arrival an approval is dismissed",
    undo: COMMENT_UNDO,
  },
  "pull_request_review.edited": {
    default: "the body follows `policy.comment`",
    key: "`policy.comment`",
    contain: "the body hidden (`hide_comments`)",
    undo: COMMENT_UNDO,
  },
  "pull_request_review.dismissed": {
    default:
      "a human's review: the gate back to `action_required`, a comment names the dismissed review, trips `tamper` (GitHub cannot undo a dismissal); an agent's review: audited",
    key: "`breaker.trip_on: tamper`",
    contain:
      "on arrival: the gate back to `action_required` for the head; after a trip: the dismissal named in the incident for a human (the reviewer submits again)",
    undo: "—",
  },
  "pull_request_review_comment.created": {
    default: "hidden until approved; outsiders' threads: held",
    key: "`policy.comment`, `policy.external_comment`",
    contain: "hidden (`hide_comments`); on arrival: deleted, kept for approve",
    undo: COMMENT_UNDO,
  },
  "pull_request_review_comment.edited": {
    default: "its own: as created; a human's: restored, trips `tamper`",
    key: "`policy.comment`, `breaker.trip_on: tamper`",
    contain: "hidden, or a human's text restored (`restore_text`); on arrival: its own deleted and held, a human's restored",
    undo: COMMENT_UNDO,
  },
  "issue_comment.created": {
    default: "hidden until approved; outsiders' threads: held",
    key: "`policy.comment`, `policy.external_comment`",
    contain: "hidden (`hide_comments`); on arrival: deleted, kept for approve",
    undo: COMMENT_UNDO,
  },
  "issue_comment.edited": {
    default: "its own: as created; a human's: restored, trips `tamper`",
    key: "`policy.comment`, `breaker.trip_on: tamper`",
    contain: "hidden, or a human's text restored (`restore_text`); on arrival: its own deleted and held, a human's restored",
    undo: COMMENT_UNDO,
  },
  "discussion.created": {
    default:
      "outward-facing: `policy.external_comment`: `hold` deletes it, kept, re-posted as the app by `/guardrails approve <discussion url>`; a discussion cannot be minimized nor labelled through the issues API, so `hide` and `flag` flag it in the audit log only",
    key: "`policy.external_comment`",
    contain: "deleted on arrival, kept for approve",
    undo: "re-posted on approve",
  },
  "discussion.edited": {
    default: `${TEXT_EDIT}; its own follows \`policy.external_comment\`, \`flag\` and \`hide\` in the audit log only (no issues-API label on a discussion)`,
    key: "`policy.external_comment`, `breaker.trip_on: tamper`",
    contain: TEXT_CONTAIN,
    undo: "the agent's text put back",
  },
  "discussion_comment.created": {
    default: "hidden until approved; in a discussion opened outside the org, or mentioning outsiders: held",
    key: "`policy.comment`, `policy.external_comment`",
    contain: "hidden (`hide_comments`); on arrival: deleted, kept for approve",
    undo: COMMENT_UNDO,
  },
  "discussion_comment.edited": {
    default: "its own: as created; a human's: restored, trips `tamper`",
    key: "`policy.external_comment`, `breaker.trip_on: tamper`",
    contain: "hidden, or a human's text restored (`restore_text`); on arrival: its own deleted and held, a human's restored",
    undo: COMMENT_UNDO,
  },
  "discussion_comment.deleted": {
    default:
      "a human's comment: trips `tamper`, its text kept in the audit log (GitHub cannot restore a deleted comment); its own: audited",
    key: "`breaker.trip_on: tamper`",
    contain: "cannot be undone: named in the incident",
    undo: "—",
  },
  "commit_comment.created": {
    default:
      "hidden until approved, by its `#commitcomment-N` URL (`hold` hides too: a commit comment has no thread to re-post into; `flag`: no thread to label, audited)",
    key: "`policy.comment`",
    contain: "hidden (`hide_comments`); on arrival too",
    undo: COMMENT_UNDO,
  },
  "issues.opened": { default: "labelled `agent:flagged`", key: "`policy.issue`", contain: "closed (`close_issues`)", undo: "reopened" },
  "issues.reopened": { default: "labelled `agent:flagged`", key: "`policy.issue`", contain: "closed (`close_issues`)", undo: "reopened" },
  "issues.edited": {
    default: TEXT_EDIT,
    key: "`policy.comment`, `breaker.trip_on: tamper`",
    contain: TEXT_CONTAIN,
    undo: "the agent's text put back",
  },
  "issues.closed": {
    default: "its own issue: audited; a human's issue: labelled `agent:flagged`",
    key: "—",
    contain: "a human's issue reopened (`reopen_closed`); on arrival: any issue it closes",
    undo: "closed again",
  },
  "issues.labeled": {
    default: "audited",
    key: "—",
    contain: "the label removed (`restore_labels`); on arrival too",
    undo: "the label added back",
  },
  "issues.unlabeled": {
    default: "a required label: restored, trips `tamper`; else audited",
    key: "`breaker.trip_on: tamper`",
    contain: "the label restored (`restore_labels`)",
    undo: "the label removed again",
  },
  "issues.assigned": {
    default: "audited",
    key: "—",
    contain: "the agent unassigned everywhere (`unassign`); on arrival only when it assigned itself (no verb takes someone else off)",
    undo: "assigned again where it was",
  },
  "issues.transferred": {
    default: "audited; trips `tamper` for a human's issue",
    key: "`breaker.trip_on: tamper`",
    contain: "cannot be undone by the app: named in the incident",
    undo: "—",
  },
  "issues.deleted": {
    default: "audited, its text kept; trips `tamper` for a human's issue (GitHub cannot restore it)",
    key: "`breaker.trip_on: tamper`",
    contain: "cannot be undone: named in the incident",
    undo: "—",
  },
  push: {
    default: "to the default branch: violation, reverted, trips `push_default_branch`; elsewhere: scope checked",
    key: "`policy.push_default_branch`, `scope.*`, `breaker.trip_on`",
    contain:
      "default-branch pushes reverted (`revert_pushes`), a revert PR on a protected branch; on arrival: every push reverted (a new branch is deleted by its `create`)",
    undo: "a revert PR closed while unmerged; a revert commit stays: a human reverts it",
  },
  create: {
    default: "audited, counted",
    key: "`limits.*`",
    contain:
      "a tag deleted; a branch deleted while it points where the app last saw it (`delete_refs`), one the app never saw named in the incident; on arrival: deleted unguarded (the webhook has no sha), never the default branch",
    undo: "created again at that sha (a tag: when its sha was recorded, else the reply says so)",
  },
  delete: {
    default: "audited, counted",
    key: "`limits.*`",
    contain:
      "the branch restored at the last sha the app saw for it, from an agent's push or PR head (`restore_branches`); no sha seen, or a tag: named in the incident; on arrival: nothing (the webhook has no sha)",
    undo: "deleted again while it still points there",
  },
  "release.created": {
    default: "a published release goes back to draft until a maintainer publishes it by hand; a draft: audited",
    key: "`policy.release`",
    contain: "back to draft (`draft_releases`); on arrival too, whatever `policy.release`",
    undo: "published again",
  },
  "release.edited": {
    default:
      "its published release: back to draft; a human's release: trips `tamper`, its text before the edit kept in the audit log (no verb restores release notes)",
    key: "`policy.release`, `breaker.trip_on: tamper`",
    contain: "its own back to draft (`draft_releases`); a human's: named in the incident",
    undo: "published again",
  },
  "release.published": {
    default: "back to draft until a maintainer publishes it by hand",
    key: "`policy.release`",
    contain: "back to draft (`draft_releases`)",
    undo: "published again",
  },
  "release.deleted": {
    default: "audited (GitHub cannot restore it)",
    key: "—",
    contain: "cannot be undone: named in the incident",
    undo: "—",
  },
  workflow_dispatch: {
    default: "audited, counted",
    key: "`limits.*`",
    contain:
      "its run cancelled (`cancel_workflows`, needs `actions: write`); on arrival: nothing (the webhook names no run: its `workflow_run.requested` is cancelled)",
    undo: "—: a cancelled run is not restarted",
  },
  "workflow_run.requested": {
    // Not counted: a run is started by a push, a PR or a dispatch that is counted already; one push can start a dozen runs.
    default: "audited (not counted against limits: the push, PR or dispatch that started it is)",
    key: "`limits.*`",
    contain: "cancelled (`cancel_workflows`, needs `actions: write`); on arrival too",
    undo: "—: a cancelled run is not restarted",
  },
  "check_run.rerequested": {
    default: "anyone's Re-run on the `agent-guardrails` check: the gate decided again for the PR's head",
    key: "`policy.merge`",
    contain: "—",
    undo: "—",
  },
};
