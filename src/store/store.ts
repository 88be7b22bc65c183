import type { ActorKind } from "../policy/agent-action.js";
import type { ActivityCounts } from "../policy/breaker/activity-counts.js";
import type { Effect } from "../policy/effect.js";
import type { HeldComment, HeldCommentResolution } from "../policy/held-comment.js";
import type { ThreadComment } from "../policy/breaker/thread-comment.js";

export type { ThreadComment } from "../policy/breaker/thread-comment.js";

/**
 * One audit row: enough to reconstruct what happened without GitHub. Agent actions, refused
 * commands, config problems and every effect the app applied (or would have, in observe mode)
 * each get one.
 */
export interface AuditEntry {
  /** ISO time from the app's clock (virtual time in `simulate`). */
  at: string;
  deliveryId: string | null;
  org: string;
  /** `owner/name`. */
  repo: string;
  actor: string;
  actorKind: ActorKind;
  /** The action kind (`pull_request.opened`), `command.<name>`, `effect.<kind>` or `config.invalid`. */
  action: string;
  targetNumber: number | null;
  targetNodeId: string | null;
  targetUrl: string | null;
  targetSha: string | null;
  /** Decision verdict for actions; `applied | failed | pending | planned` for effect rows. */
  verdict: string;
  reasons: string[];
  /** Effects planned by the decision (for action rows) or the one effect (for effect rows). */
  effects: Effect[];
  /** Free-form evidence: error text, held comment text, approver, mode. */
  detail: Record<string, unknown>;
}

/** An audit row as stored. */
export interface AuditRow extends AuditEntry {
  id: number;
}

/** Filters for reading the audit log (all optional, ANDed). */
export interface AuditFilter {
  org?: string;
  repo?: string;
  actor?: string;
  action?: string;
  deliveryId?: string;
  /** Any of these action kinds. */
  actions?: readonly string[];
  /** The issue or pull request number. */
  targetNumber?: number;
  /** Inclusive ISO lower bound on `at`. */
  since?: string;
  /** Exclusive ISO upper bound on `at`. */
  until?: string;
  limit?: number;
}

/**
 * A search of the audit log for people (the CLI, the dashboard): SQL LIKE patterns, matched
 * case-insensitively (`lower(column) LIKE lower(pattern)`, a backslash escaping), so the database filters and
 * counts without the log being loaded. src/audit builds them from globs.
 */
export interface AuditSearch {
  /** Column → LIKE pattern (`%` and `_` wild, a backslash escapes), all ANDed. */
  like?: Partial<Record<"org" | "repo" | "actor" | "action" | "verdict" | "deliveryId", string>>;
  /** Inclusive ISO lower bound on `at`. */
  since?: string;
  /** Exclusive ISO upper bound on `at`. */
  until?: string;
  /** At most this many rows, newest first, after skipping the `offset` newest. */
  limit: number;
  offset?: number;
}

/** `pending`: to apply; `applied`: done; `failed`: final failure; `planned`: observe mode / dry run, never applied. */
export type EffectStatus = "pending" | "applied" | "failed" | "planned";

/** An effect to put in the outbox. */
export interface NewEffect {
  deliveryId: string | null;
  installationId: number;
  owner: string;
  repo: string;
  effect: Effect;
  status: "pending" | "planned";
  /** Groups the steps of one containment (`trip:<org>:<agent>:<tripId>`), for status, undo and time-to-zero. */
  tag?: string | null;
  /** Not before this ISO time: containment is paced within GitHub's secondary limits. */
  nextAttemptAt?: string | null;
}

/** An outbox row. */
export interface EffectRow extends Omit<NewEffect, "status"> {
  id: number;
  status: EffectStatus;
  attempts: number;
  /** ISO; null means "now". A rate-limited effect waits until then. */
  nextAttemptAt: string | null;
  lastError: string | null;
  createdAt: string;
  appliedAt: string | null;
  /** What the applied effect answered (applyEffect's result: the numbers unassigned, a collaborator's role), else null. */
  result?: Record<string, unknown> | null;
}

/** A maintainer's approval of an agent PR at one head sha. */
export interface ApprovalRow {
  owner: string;
  repo: string;
  number: number;
  headSha: string;
  approver: string;
  at: string;
}

/** An agent comment held for approval, as stored (comment gate). */
export interface HeldCommentRow extends HeldComment {
  owner: string;
  repo: string;
  /** When it was (last) held. */
  at: string;
  resolver: string | null;
  resolvedAt: string | null;
}

/** Filters for held comments (ANDed; owner and repo required). */
export interface HeldCommentFilter {
  owner: string;
  repo: string;
  number?: number;
  commentIds?: number[];
  status?: HeldComment["status"];
}

/** One write action of an account, for the sliding-window limits (agents) and the pace alert (others). */
export interface ActivityRow {
  org: string;
  actor: string;
  /** `owner/name`. */
  repo: string;
  /** The action kind (`issue_comment.created`, `push`, …). */
  kind: string;
  at: string;
  /** For a comment: the issue, PR or discussion number it was written in (the loop breaker's thread). */
  thread?: number | null;
  /** For a comment: what wrote it, so the thread's chain of non-human comments can be told from the store alone. */
  actorKind?: ThreadComment["actorKind"] | null;
}

/** A circuit breaker: one per agent and org ("*" is the org-wide halt). */
export interface BreakerRow {
  org: string;
  agent: string;
  state: "open" | "closed";
  /** Increments at every trip: names the containment (`tag`) and the incident. */
  tripId: number;
  reason: string | null;
  evidence: string | null;
  /** The repository where it tripped (the incident issue goes there). */
  repo: string | null;
  trippedAt: string | null;
  resumedAt: string | null;
  resumedBy: string | null;
  /** When the last containment step of the trip finished (time-to-zero). */
  containedAt: string | null;
  /** The installation the last trip happened in (where its containment is applied); null when unknown. */
  installationId: number | null;
  /**
   * The trip whose containment plan is committed. Open with `plannedTripId !== tripId`: the
   * plan was lost (a crash between the trip and its commit) and `repairBreakers` makes it.
   */
  plannedTripId: number | null;
}

/** What `commitDecision` writes in one transaction. */
export interface DecisionCommit {
  deliveryId: string;
  event: string;
  at: string;
  audit: AuditEntry;
  effects: NewEffect[];
  approval?: ApprovalRow;
  /** Upserted by (owner, repo, commentId): an edited comment is held again with its new text, status pending, resolver cleared. */
  holds?: HeldCommentRow[];
  /** Status changes of held comments (by owner, repo, commentId), with resolver and time. */
  resolutions?: (HeldCommentResolution & { owner: string; repo: string; at: string })[];
  /** The action counted for limits. */
  activity?: ActivityRow;
  /** This commit is the containment plan of this trip: recorded on the breaker row (`plannedTripId`) in the same transaction. */
  planOf?: { org: string; agent: string; tripId: number };
}

/**
 * An agent's action whose decision read its sliding windows: the commit re-reads them under the
 * agent's lock and, when they changed since `counts` were read, asks `redecide` for the commit
 * those counts call for. Limits are so checked and counted atomically per agent: no number of
 * concurrent deliveries or replicas lets more actions through than a limit allows.
 */
export interface CountedCommit {
  org: string;
  actor: string;
  now: Date;
  burstSeconds: number;
  /** `owner/name` when per-repo limits are configured (as `activityCounts` takes it). */
  repo?: string;
  /** The counts the given commit was decided with. */
  counts: ActivityCounts;
  /** The commit for fresh counts: the pure decision again, nothing else (it runs inside the transaction). */
  redecide(counts: ActivityCounts): DecisionCommit;
}

/** Where a delivery is in the inbox: `pending` until processed (or retried), then `done`; `failed` only when even the strict fallback could not decide it. */
export type InboxStatus = "pending" | "done" | "failed";

/** A webhook delivery as persisted before it was answered. */
export interface InboxRow {
  deliveryId: string;
  event: string;
  /** The body as received; null once processed. */
  payload: string | null;
  receivedAt: string;
  status: InboxStatus;
  /** Failed processing attempts so far. */
  attempts: number;
  nextAttemptAt: string | null;
  leaseUntil: string | null;
  lastError: string | null;
  finishedAt: string | null;
}

/** The inbox's queue depth, for `/metrics`. */
export interface InboxDepth {
  pending: number;
  failed: number;
  /** `receivedAt` of the oldest pending delivery. */
  oldestPendingAt: string | null;
}

/**
 * The one store: SQLite by default, PostgreSQL for several replicas,
 * same queries for both (Kysely).
 */
export interface Store {
  /** Whether a delivery was already committed: a cheap early exit before any API call. */
  hasDelivery(deliveryId: string): Promise<boolean>;
  /**
   * Records the delivery, its audit row, the approval and the effects atomically. Returns null
   * when the delivery id was already recorded (a redelivery, or another replica won the race):
   * then nothing is written.
   *
   * With `counted`, the agent's activity is re-read inside the transaction while it holds the
   * agent's lock (PostgreSQL: a transaction-scoped advisory lock on org and agent; SQLite: the one
   * writer, taken by the delivery insert that opens the transaction), and the commit is the one
   * decided with those counts; `commit` then names which commit was written.
   */
  commitDecision(
    commit: DecisionCommit,
    counted?: CountedCommit,
  ): Promise<{ auditId: number; effects: EffectRow[]; commit: DecisionCommit } | null>;
  appendAudit(entry: AuditEntry): Promise<number>;

  /**
   * Persists a delivery (the inbox row) already leased to the caller until `leaseUntil`, so that
   * the process that answered it processes it first. False when the delivery id is already in the
   * inbox (a redelivery, or the same delivery sent to another replica): nothing is written.
   */
  enqueueDelivery(row: { deliveryId: string; event: string; payload: string; receivedAt: string; leaseUntil: string }): Promise<boolean>;
  /** Compare-and-set lease on a pending delivery whose lease expired: the row when this caller now holds it. */
  claimDelivery(deliveryId: string, now: Date, leaseUntil: Date): Promise<InboxRow | null>;
  /**
   * Pending deliveries due now whose lease expired (or that no one leased), oldest first: what a
   * crashed replica left, and retries whose backoff is over.
   */
  dueDeliveries(now: Date, limit: number): Promise<string[]>;
  /** Records a failed attempt: the lease is released and the next attempt waits until `nextAttemptAt`. */
  retryDelivery(deliveryId: string, update: { attempts: number; nextAttemptAt: string; lastError: string }): Promise<void>;
  /** Ends a delivery (`done` drops its payload; `failed` keeps it for a human). */
  finishDelivery(deliveryId: string, update: { status: "done" | "failed"; at: string; lastError?: string | null }): Promise<void>;
  /** Whether a delivery id was ever received (inbox) or committed (deliveries). */
  knowsDelivery(deliveryId: string): Promise<boolean>;
  inboxDepth(): Promise<InboxDepth>;
  /**
   * Takes (or renews) the cluster-wide lease `name` for `holder` until `until`: true when the
   * caller holds it now, false when another holder's lease has not ended.
   */
  takeLease(name: string, holder: string, now: Date, until: Date): Promise<boolean>;
  /** Deletes `done` inbox rows finished before `before` (they only dedupe redeliveries); returns how many. */
  pruneInbox(before: string): Promise<number>;
  listAudit(filter?: AuditFilter): Promise<AuditRow[]>;
  /** The rows of a search, newest first, and how many rows match in all (`total`, ignoring limit and offset). */
  searchAudit(search: AuditSearch): Promise<{ rows: AuditRow[]; total: number }>;

  /** Pending effects whose `nextAttemptAt` is null or ≤ now, oldest first. */
  dueEffects(now: Date, limit: number): Promise<EffectRow[]>;
  /**
   * Compare-and-set lease on a pending effect so that one replica applies it: true when this
   * caller now holds it until `leaseUntil`.
   */
  claimEffect(id: number, now: Date, leaseUntil: Date): Promise<boolean>;
  /**
   * Extends a claim between the steps of an effect made of several requests: compare-and-set on
   * the lease this caller holds (`heldUntil`, the value its claim or last renewal set), so a
   * caller whose lease another replica has since taken learns it (false) and stops writing.
   */
  renewEffectLease(id: number, heldUntil: Date, leaseUntil: Date): Promise<boolean>;
  /** Records the outcome of an attempt (and clears the lease). */
  updateEffect(
    id: number,
    update: {
      status: EffectStatus;
      attempts: number;
      nextAttemptAt?: string | null;
      lastError?: string | null;
      appliedAt?: string | null;
      result?: Record<string, unknown> | null;
    },
  ): Promise<void>;
  listEffects(filter?: { status?: EffectStatus; deliveryId?: string; tag?: string }): Promise<EffectRow[]>;
  /** The earliest `nextAttemptAt` of a pending effect (paced, deferred or backing off), or null. */
  nextEffectAt(): Promise<string | null>;
  /**
   * When the effects of one installation were applied after `since` (exclusive), and their kinds,
   * oldest first: the app's own write budget, since GitHub's content limits count per installation.
   */
  appliedSince(installationId: number, since: string): Promise<{ at: string; kind: string }[]>;

  approvalsFor(owner: string, repo: string, number: number): Promise<ApprovalRow[]>;
  /** Held agent comments, oldest first. */
  heldComments(filter: HeldCommentFilter): Promise<HeldCommentRow[]>;

  /** Counts an account's write action outside a decision (a human's, for the pace alert). */
  recordActivity(row: ActivityRow): Promise<void>;
  /**
   * The sliding windows of one account, org-wide: actions, comments (`*_comment.created` and
   * `pull_request_review.submitted`) and PRs opened in the hour before `now`, actions in the last
   * `burstSeconds`, distinct repos in the hour. Rows at or after `now` are not counted.
   */
  activityCounts(
    org: string,
    actor: string,
    now: Date,
    burstSeconds: number,
    /** `owner/name`: also count the hour in this repository alone (`inRepo`). */
    repo?: string,
    /**
     * Read at most this many of the newest rows: counts are exact below it, and at it every
     * count is at least `cap` — enough to compare with limits under `cap`, at a cost bounded by
     * `cap` instead of by an account's whole hour (one at machine pace has thousands of rows).
     */
    cap?: number,
  ): Promise<{
    actionsLastHour: number;
    commentsLastHour: number;
    pullRequestsLastHour: number;
    actionsInBurst: number;
    reposLastHour: string[];
    inRepo?: { actionsLastHour: number; commentsLastHour: number; pullRequestsLastHour: number };
  }>;
  /**
   * The newest comments (at most `limit`) of one thread (`owner/name` and number) written in
   * [`since`, `until`), newest first: what the loop breaker reads for an agent's comment.
   */
  threadComments(repo: string, thread: number, since: string, until: string, limit: number): Promise<ThreadComment[]>;
  /** Accounts with activity since `since` in the org (for status). */
  activeActors(org: string, since: string): Promise<string[]>;

  /**
   * Compare-and-set: opens the breaker of (org, agent) when it is closed (or absent). True when
   * this caller opened it, and then only this caller contains: with N replicas it trips once.
   * `installationId` is kept on the row, so that a sweep can plan a containment the caller never committed.
   */
  tripBreaker(input: {
    org: string;
    agent: string;
    reason: string;
    evidence: string;
    repo: string;
    at: string;
    installationId?: number;
  }): Promise<{ tripped: boolean; breaker: BreakerRow }>;
  /** Compare-and-set: closes an open breaker; false when it was not open. */
  resumeBreaker(input: { org: string; agent: string; by: string; at: string }): Promise<BreakerRow | null>;
  /** Records time-to-zero once: false when already recorded. */
  markContained(org: string, agent: string, tripId: number, at: string): Promise<boolean>;
  /** Breakers of one org, or of every org. */
  breakers(org?: string): Promise<BreakerRow[]>;

  /** Cached default-branch file text (null text = known absent), keyed `owner/repo:path`. */
  getCachedFile(key: string): Promise<{ text: string | null; fetchedAt: string } | null>;
  putCachedFile(key: string, text: string | null, fetchedAt: string): Promise<void>;
  deleteCachedFile(key: string): Promise<void>;

  close(): Promise<void>;
}
