import type { ColumnType, Generated } from "kysely";

/**
 * The SQL dialects the store runs on. Queries are the same for both; only the DDL of
 * auto-increment keys differs (see migrations/initial-schema.ts).
 */
export type StoreDialect = "sqlite" | "postgres";

/**
 * A 64-bit integer column: PostgreSQL's `bigint` comes back from pg as a string (it may not fit
 * a JS number), SQLite's as a number. Read it through `Number()`; GitHub ids stay far below 2^53.
 */
export type BigIntColumn = ColumnType<number | string, number, number>;

/** An auto-increment key, read as a bigint for the same reason. */
export type IdColumn = ColumnType<number | string, never, never>;

/**
 * Times are ISO-8601 text (`Date#toISOString`): the same on both dialects, and text order is
 * time order as long as every writer uses that one format. JSON columns are text for the same
 * reason (no jsonb on SQLite).
 */
type IsoTime = string;
type JsonText = string;

/** Webhook deliveries already committed: the idempotency key of the pipeline. */
export interface DeliveriesTable {
  id: string;
  event: string;
  received_at: IsoTime;
}

/** The audit log (`AuditEntry`). */
export interface AuditTable {
  id: IdColumn;
  at: IsoTime;
  delivery_id: string | null;
  org: string;
  repo: string;
  actor: string;
  actor_kind: string;
  action: string;
  target_number: number | null;
  target_node_id: string | null;
  target_url: string | null;
  target_sha: string | null;
  verdict: string;
  reasons: JsonText;
  effects: JsonText;
  detail: JsonText;
}

/** The effect outbox (`EffectRow`). `lease_until` is the claim of the replica applying it. */
export interface EffectsTable {
  id: IdColumn;
  delivery_id: string | null;
  installation_id: BigIntColumn;
  owner: string;
  repo: string;
  kind: string;
  payload: JsonText;
  status: string;
  attempts: Generated<number>;
  next_attempt_at: IsoTime | null;
  lease_until: IsoTime | null;
  last_error: string | null;
  created_at: IsoTime;
  applied_at: IsoTime | null;
  /** The containment a row belongs to (`trip:<org>:<agent>:<tripId>`), else null. */
  tag: string | null;
  /** JSON of what the applied effect answered (applyEffect's result), else null. */
  result: JsonText | null;
}

/** Maintainers' approvals of agent PRs, one row per (approval, head sha). */
export interface ApprovalsTable {
  owner: string;
  repo: string;
  number: number;
  head_sha: string;
  approver: string;
  at: IsoTime;
}

/** Agent comments held for approval (`HeldCommentRow`), keyed by (owner, repo, comment_id). */
export interface HeldCommentsTable {
  owner: string;
  repo: string;
  comment_id: BigIntColumn;
  node_id: string;
  url: string;
  number: number;
  thread_node_id: string | null;
  /** JSON `CommentPlacement`, or null. */
  placement: string | null;
  surface: string;
  author: string;
  body: string;
  mode: string;
  /** 0 or 1: one integer encoding for both dialects. */
  external: number;
  status: string;
  at: IsoTime;
  resolver: string | null;
  resolved_at: IsoTime | null;
}

/** Default-branch files read from GitHub (`text` null = known absent). */
export interface FileCacheTable {
  key: string;
  text: string | null;
  fetched_at: IsoTime;
}

/** Write actions counted for the sliding-window limits and the pace alert. */
export interface ActivityTable {
  id: IdColumn;
  org: string;
  actor: string;
  repo: string;
  kind: string;
  at: IsoTime;
  /** The issue, PR or discussion number a comment was written in (the loop breaker's thread); null otherwise. */
  thread: number | null;
  /** `agent`, `bot` or `human`, for thread comments; null otherwise. */
  actor_kind: string | null;
}

/** One circuit breaker per (org, agent); `trip_id` counts the trips. */
export interface BreakersTable {
  org: string;
  agent: string;
  state: string;
  trip_id: number;
  reason: string | null;
  evidence: string | null;
  repo: string | null;
  tripped_at: IsoTime | null;
  resumed_at: IsoTime | null;
  resumed_by: string | null;
  contained_at: IsoTime | null;
  /** The installation the last trip happened in (null for trips before migration 0006). */
  installation_id: ColumnType<number | string | null, number | null, number | null>;
  /** The trip whose containment plan is committed: `trip_id` when the last trip has its plan. */
  planned_trip_id: number | null;
}

/** Webhook deliveries persisted before they are answered (`InboxRow`). */
export interface InboxTable {
  delivery_id: string;
  event: string;
  payload: string | null;
  received_at: IsoTime;
  status: string;
  attempts: Generated<number>;
  next_attempt_at: IsoTime | null;
  lease_until: IsoTime | null;
  last_error: string | null;
  finished_at: IsoTime | null;
}

/** Cluster-wide leases of jobs one replica runs at a time. */
export interface LeasesTable {
  name: string;
  holder: string;
  until: IsoTime;
}

/** Every table of the store, as Kysely sees it. */
export interface Database {
  deliveries: DeliveriesTable;
  audit: AuditTable;
  effects: EffectsTable;
  approvals: ApprovalsTable;
  held_comments: HeldCommentsTable;
  file_cache: FileCacheTable;
  activity: ActivityTable;
  breakers: BreakersTable;
  inbox: InboxTable;
  leases: LeasesTable;
}
