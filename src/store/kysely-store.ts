import { isDeepStrictEqual } from "node:util";
import { sql, type Kysely, type Selectable, type Transaction } from "kysely";
import type { ActorKind } from "../policy/agent-action.js";
import type { Effect } from "../policy/effect.js";
import type { CommentPlacement, HeldComment } from "../policy/held-comment.js";
import { COMMENT_KINDS } from "../policy/breaker/activity-counts.js";
import type { AuditTable, BreakersTable, Database, EffectsTable, HeldCommentsTable, StoreDialect } from "./database.js";
import type {
  ActivityRow,
  ApprovalRow,
  AuditEntry,
  AuditFilter,
  AuditRow,
  AuditSearch,
  BreakerRow,
  CountedCommit,
  DecisionCommit,
  EffectRow,
  EffectStatus,
  HeldCommentFilter,
  HeldCommentRow,
  NewEffect,
  Store,
  ThreadComment,
} from "./store.js";
import { groupCommit } from "./group-commit.js";
import { inboxQueries } from "./inbox-queries.js";

/** The store plus what a later migration or a diagnostic needs: the Kysely handle and its dialect. */
export interface KyselyStore extends Store {
  readonly db: Kysely<Database>;
  readonly dialect: StoreDialect;
}

/**
 * The `Store` over Kysely: one set of queries for SQLite and PostgreSQL (no dialect branches
 * here; the schema is in migrations/). The caller runs `migrateToLatest` first; `close()`
 * destroys `db`.
 *
 * Concurrency: on PostgreSQL, the deliveries primary key and single-statement compare-and-sets
 * (effect leases, breaker trips) decide races between replicas; on SQLite, Kysely's driver runs
 * one statement or transaction at a time on its one connection, so concurrent calls queue
 * instead of nesting transactions. Limits are checked and counted under a per-agent lock
 * (`commitDecision` with `counted`): the one dialect branch, since only PostgreSQL has several
 * writers at once.
 */
export function createKyselyStore(db: Kysely<Database>, dialect: StoreDialect): KyselyStore {
  return {
    db,
    dialect,
    ...inboxQueries(db),

    async hasDelivery(deliveryId) {
      const row = await db.selectFrom("deliveries").select("id").where("id", "=", deliveryId).executeTakeFirst();
      return row !== undefined;
    },

    commitDecision(first, counted) {
      return db.transaction().execute(async (trx) => {
        // The delivery row is the lock: whoever inserts it first owns this delivery. The loser
        // inserted nothing (DO NOTHING) and writes nothing else. On SQLite this first statement
        // is a write, so the transaction holds the database's one write lock from here on.
        const claimed = await trx
          .insertInto("deliveries")
          .values({ id: first.deliveryId, event: first.event, received_at: first.at })
          .onConflict((oc) => oc.column("id").doNothing())
          .executeTakeFirst();
        if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 0) return null;
        const commit = counted === undefined ? first : await recount(trx, dialect, first, counted);

        const auditId = await insertAudit(trx, commit.audit);
        // One insert per effect: RETURNING order of a multi-row insert is not guaranteed, and the
        // outbox order is the order the policy planned.
        const effects: EffectRow[] = [];
        for (const effect of commit.effects) effects.push(await insertEffect(trx, effect, commit.at));
        if (commit.approval !== undefined) {
          const a = commit.approval;
          await trx
            .insertInto("approvals")
            .values({ owner: a.owner, repo: a.repo, number: a.number, head_sha: a.headSha, approver: a.approver, at: a.at })
            .execute();
        }
        for (const hold of commit.holds ?? []) await upsertHold(trx, hold);
        for (const r of commit.resolutions ?? []) {
          await trx
            .updateTable("held_comments")
            .set({ status: r.status, resolver: r.resolver, resolved_at: r.at })
            .where("owner", "=", r.owner)
            .where("repo", "=", r.repo)
            .where("comment_id", "=", r.commentId)
            .execute();
        }
        if (commit.activity !== undefined) await insertActivity(trx, commit.activity);
        if (commit.planOf !== undefined) {
          const p = commit.planOf;
          await trx
            .updateTable("breakers")
            .set({ planned_trip_id: p.tripId })
            .where("org", "=", p.org)
            .where("agent", "=", p.agent)
            .where("trip_id", "=", p.tripId)
            .execute();
        }
        return { auditId, effects, commit };
      });
    },

    appendAudit(entry) {
      return insertAudit(db, entry);
    },

    async listAudit(filter: AuditFilter = {}) {
      let query = db.selectFrom("audit").selectAll();
      if (filter.org !== undefined) query = query.where("org", "=", filter.org);
      if (filter.repo !== undefined) query = query.where("repo", "=", filter.repo);
      if (filter.actor !== undefined) query = query.where("actor", "=", filter.actor);
      if (filter.action !== undefined) query = query.where("action", "=", filter.action);
      if (filter.deliveryId !== undefined) query = query.where("delivery_id", "=", filter.deliveryId);
      if (filter.actions !== undefined)
        query = filter.actions.length ? query.where("action", "in", [...filter.actions]) : query.where("id", "<", 0);
      if (filter.targetNumber !== undefined) query = query.where("target_number", "=", filter.targetNumber);
      if (filter.since !== undefined) query = query.where("at", ">=", filter.since);
      if (filter.until !== undefined) query = query.where("at", "<", filter.until);
      // A log reads oldest first; with a limit, the newest `limit` rows (like `tail`), still oldest first.
      if (filter.limit !== undefined) {
        const rows = await query.orderBy("id", "desc").limit(filter.limit).execute();
        return rows.reverse().map(toAuditRow);
      }
      const rows = await query.orderBy("id", "asc").execute();
      return rows.map(toAuditRow);
    },

    async searchAudit(search) {
      const matching = auditSearchQuery(db, search);
      const [rows, count] = await Promise.all([
        matching
          .selectAll()
          .orderBy("id", "desc")
          .limit(search.limit)
          .offset(search.offset ?? 0)
          .execute(),
        matching.select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow(),
      ]);
      return { rows: rows.map(toAuditRow), total: Number(count.n) };
    },

    async dueEffects(now, limit) {
      const at = now.toISOString();
      // Effects leased by another replica are not due either: its claim would fail.
      const rows = await db
        .selectFrom("effects")
        .selectAll()
        .where("status", "=", "pending")
        .where((eb) => eb.or([eb("next_attempt_at", "is", null), eb("next_attempt_at", "<=", at)]))
        .where((eb) => eb.or([eb("lease_until", "is", null), eb("lease_until", "<=", at)]))
        .orderBy("id", "asc")
        .limit(limit)
        .execute();
      return rows.map(toEffectRow);
    },

    async claimEffect(id, now, leaseUntil) {
      // One conditional UPDATE is the compare-and-set: both dialects apply it atomically, so of
      // two claimants exactly one sees a changed row.
      const at = now.toISOString();
      const result = await db
        .updateTable("effects")
        .set({ lease_until: leaseUntil.toISOString() })
        .where("id", "=", id)
        .where("status", "=", "pending")
        .where((eb) => eb.or([eb("lease_until", "is", null), eb("lease_until", "<=", at)]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async renewEffectLease(id, heldUntil, leaseUntil) {
      // The held lease value is the holder's token: a replica that claimed the row since set another.
      const result = await db
        .updateTable("effects")
        .set({ lease_until: leaseUntil.toISOString() })
        .where("id", "=", id)
        .where("status", "=", "pending")
        .where("lease_until", "=", heldUntil.toISOString())
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async updateEffect(id, update) {
      await db
        .updateTable("effects")
        .set({
          status: update.status,
          attempts: update.attempts,
          lease_until: null,
          ...(update.nextAttemptAt !== undefined ? { next_attempt_at: update.nextAttemptAt } : {}),
          ...(update.lastError !== undefined ? { last_error: update.lastError } : {}),
          ...(update.appliedAt !== undefined ? { applied_at: update.appliedAt } : {}),
          ...(update.result !== undefined ? { result: update.result === null ? null : JSON.stringify(update.result) } : {}),
        })
        .where("id", "=", id)
        .execute();
    },

    async listEffects(filter: { status?: EffectStatus; deliveryId?: string; tag?: string } = {}) {
      let query = db.selectFrom("effects").selectAll();
      if (filter.status !== undefined) query = query.where("status", "=", filter.status);
      if (filter.deliveryId !== undefined) query = query.where("delivery_id", "=", filter.deliveryId);
      if (filter.tag !== undefined) query = query.where("tag", "=", filter.tag);
      const rows = await query.orderBy("id", "asc").execute();
      return rows.map(toEffectRow);
    },

    async nextEffectAt() {
      const row = await db
        .selectFrom("effects")
        .select((eb) => eb.fn.min("next_attempt_at").as("at"))
        .where("status", "=", "pending")
        .where("next_attempt_at", "is not", null)
        .executeTakeFirst();
      return (row?.at as string | null | undefined) ?? null;
    },

    async appliedSince(installationId, since) {
      const rows = await db
        .selectFrom("effects")
        .select(["applied_at", "kind"])
        .where("installation_id", "=", installationId)
        .where("applied_at", ">", since)
        .orderBy("applied_at", "asc")
        .execute();
      return rows.flatMap((r) => (r.applied_at === null ? [] : [{ at: r.applied_at, kind: r.kind }]));
    },

    async approvalsFor(owner, repo, number) {
      const rows = await db
        .selectFrom("approvals")
        .selectAll()
        .where("owner", "=", owner)
        .where("repo", "=", repo)
        .where("number", "=", number)
        .orderBy("at", "asc")
        .execute();
      return rows.map((r): ApprovalRow => ({
        owner: r.owner,
        repo: r.repo,
        number: r.number,
        headSha: r.head_sha,
        approver: r.approver,
        at: r.at,
      }));
    },

    async heldComments(filter: HeldCommentFilter) {
      if (filter.commentIds !== undefined && filter.commentIds.length === 0) return [];
      let query = db.selectFrom("held_comments").selectAll().where("owner", "=", filter.owner).where("repo", "=", filter.repo);
      if (filter.number !== undefined) query = query.where("number", "=", filter.number);
      if (filter.commentIds !== undefined) query = query.where("comment_id", "in", filter.commentIds);
      if (filter.status !== undefined) query = query.where("status", "=", filter.status);
      const rows = await query.orderBy("at", "asc").orderBy("comment_id", "asc").execute();
      return rows.map(toHeldCommentRow);
    },

    // Every human write is counted: group-committed like the inbox's writes.
    recordActivity: groupCommit(db, insertActivity),

    activityCounts(org, actor, now, burstSeconds, repo, cap) {
      return cap === undefined
        ? countActivity(db, org, actor, now, burstSeconds, repo)
        : countNewest(db, org, actor, now, burstSeconds, cap, repo);
    },

    async threadComments(repo, thread, since, until, limit) {
      const rows = await db
        .selectFrom("activity")
        .select(["actor", "actor_kind", "kind", "at"])
        .where("repo", "=", repo)
        .where("thread", "=", thread)
        .where("at", ">=", since)
        .where("at", "<", until)
        .orderBy("at", "desc")
        .orderBy("id", "desc")
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        actor: r.actor,
        actorKind: (r.actor_kind ?? "human") as ThreadComment["actorKind"],
        kind: r.kind,
        at: r.at,
      }));
    },

    async activeActors(org, since) {
      const rows = await db
        .selectFrom("activity")
        .select("actor")
        .distinct()
        .where("org", "=", org)
        .where("at", ">=", since)
        .orderBy("actor")
        .execute();
      return rows.map((r) => r.actor);
    },

    async tripBreaker(input) {
      // One upsert is the compare-and-set: it inserts an open breaker, or opens a closed one
      // (next trip id); on an open one its WHERE fails and nothing changes. Concurrent trips
      // queue on the row, so exactly one of them reports `tripped`.
      const opened = {
        state: "open",
        reason: input.reason,
        evidence: input.evidence,
        repo: input.repo,
        tripped_at: input.at,
        resumed_at: null,
        resumed_by: null,
        contained_at: null,
        installation_id: input.installationId ?? null,
      };
      const result = await db
        .insertInto("breakers")
        .values({ org: input.org, agent: input.agent, trip_id: 1, ...opened })
        .onConflict((oc) =>
          oc
            .columns(["org", "agent"])
            .doUpdateSet((eb) => ({ ...opened, trip_id: eb("breakers.trip_id", "+", 1) }))
            .where("breakers.state", "=", "closed"),
        )
        .executeTakeFirst();
      const row = await db
        .selectFrom("breakers")
        .selectAll()
        .where("org", "=", input.org)
        .where("agent", "=", input.agent)
        .executeTakeFirstOrThrow();
      return { tripped: Number(result.numInsertedOrUpdatedRows ?? 0) > 0, breaker: toBreakerRow(row) };
    },

    async resumeBreaker(input) {
      const row = await db
        .updateTable("breakers")
        .set({ state: "closed", resumed_at: input.at, resumed_by: input.by })
        .where("org", "=", input.org)
        .where("agent", "=", input.agent)
        .where("state", "=", "open")
        .returningAll()
        .executeTakeFirst();
      return row === undefined ? null : toBreakerRow(row);
    },

    async markContained(org, agent, tripId, at) {
      const result = await db
        .updateTable("breakers")
        .set({ contained_at: at })
        .where("org", "=", org)
        .where("agent", "=", agent)
        .where("trip_id", "=", tripId)
        .where("contained_at", "is", null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async breakers(org) {
      let query = db.selectFrom("breakers").selectAll();
      if (org !== undefined) query = query.where("org", "=", org);
      const rows = await query.orderBy("org").orderBy("agent").execute();
      return rows.map(toBreakerRow);
    },

    async getCachedFile(key) {
      const row = await db.selectFrom("file_cache").select(["text", "fetched_at"]).where("key", "=", key).executeTakeFirst();
      return row === undefined ? null : { text: row.text, fetchedAt: row.fetched_at };
    },

    async putCachedFile(key, text, fetchedAt) {
      await db
        .insertInto("file_cache")
        .values({ key, text, fetched_at: fetchedAt })
        .onConflict((oc) => oc.column("key").doUpdateSet({ text, fetched_at: fetchedAt }))
        .execute();
    },

    async deleteCachedFile(key) {
      await db.deleteFrom("file_cache").where("key", "=", key).execute();
    },

    close() {
      return db.destroy();
    },
  };
}

type Executor = Kysely<Database> | Transaction<Database>;

/** Namespace of the per-agent advisory locks (the first key of `pg_advisory_xact_lock(int, int)`). */
const AGENT_LOCK_NAMESPACE = 0x6167_6c00; // "agl\0"

/**
 * Inside the commit's transaction: takes the agent's lock, re-reads its sliding windows and
 * returns the commit decided with them (the given one when nothing changed). The lock is held to
 * the end of the transaction, so the next commit of this agent counts this one's activity row.
 * PostgreSQL: a transaction-scoped advisory lock on (org, agent), released at commit or rollback;
 * read committed then shows every commit made under the lock before. SQLite: the delivery insert
 * already took the one write lock (and Kysely runs one transaction at a time on its connection).
 */
async function recount(
  trx: Transaction<Database>,
  dialect: StoreDialect,
  commit: DecisionCommit,
  counted: CountedCommit,
): Promise<DecisionCommit> {
  if (dialect === "postgres") {
    const key = `${counted.org.toLowerCase()}\n${counted.actor.toLowerCase()}`;
    await sql`select pg_advisory_xact_lock(${sql.lit(AGENT_LOCK_NAMESPACE)}, hashtext(${key}))`.execute(trx);
  }
  // Rows at the same instant count too: under the lock they were committed before this one (two
  // deliveries in one millisecond must not be invisible to each other).
  const fresh = await countActivity(trx, counted.org, counted.actor, counted.now, counted.burstSeconds, counted.repo, "<=");
  return isDeepStrictEqual(fresh, counted.counts) ? commit : counted.redecide(fresh);
}

async function countActivity(
  db: Executor,
  org: string,
  actor: string,
  now: Date,
  burstSeconds: number,
  repo?: string,
  /** `<`: rows at `now` are not counted (`activityCounts`); `<=`: they are (under the agent's lock). */
  end: "<" | "<=" = "<",
): ReturnType<Store["activityCounts"]> {
  const until = now.toISOString();
  const hourStart = new Date(now.getTime() - 3_600_000).toISOString();
  const burstStart = new Date(now.getTime() - burstSeconds * 1000).toISOString();
  const window = db
    .selectFrom("activity")
    .where("org", "=", org)
    .where("actor", "=", actor)
    .where("at", ">=", hourStart)
    .where("at", end, until);
  // Aggregates in SQL: an agent out of control may have thousands of rows in the hour.
  // The comment kinds are activityClass's, so the limits count what the policy calls a comment.
  const commentKinds = sql.join(COMMENT_KINDS.map((k) => sql.val(k)));
  const counts = await window
    .select([
      sql<number | string>`count(*)`.as("actions"),
      sql<number | string | null>`sum(case when kind in (${commentKinds}) then 1 else 0 end)`.as("comments"),
      sql<number | string | null>`sum(case when kind = 'pull_request.opened' then 1 else 0 end)`.as("pull_requests"),
      sql<number | string | null>`sum(case when at >= ${burstStart} then 1 else 0 end)`.as("burst"),
      sql<number | string | null>`sum(case when repo = ${repo ?? ""} then 1 else 0 end)`.as("repo_actions"),
      sql<number | string | null>`sum(case when repo = ${repo ?? ""} and kind in (${commentKinds}) then 1 else 0 end)`.as("repo_comments"),
      sql<number | string | null>`sum(case when repo = ${repo ?? ""} and kind = 'pull_request.opened' then 1 else 0 end)`.as(
        "repo_pull_requests",
      ),
    ])
    .executeTakeFirstOrThrow();
  const repos = await window.select("repo").distinct().orderBy("repo").execute();
  return {
    actionsLastHour: Number(counts.actions),
    commentsLastHour: Number(counts.comments ?? 0),
    pullRequestsLastHour: Number(counts.pull_requests ?? 0),
    actionsInBurst: Number(counts.burst ?? 0),
    reposLastHour: repos.map((r) => r.repo),
    ...(repo === undefined
      ? {}
      : {
          inRepo: {
            actionsLastHour: Number(counts.repo_actions ?? 0),
            commentsLastHour: Number(counts.repo_comments ?? 0),
            pullRequestsLastHour: Number(counts.repo_pull_requests ?? 0),
          },
        }),
  };
}

/** The windows from at most `cap` of the newest rows in the hour (see `Store.activityCounts`). */
async function countNewest(
  db: Executor,
  org: string,
  actor: string,
  now: Date,
  burstSeconds: number,
  cap: number,
  repo?: string,
): ReturnType<Store["activityCounts"]> {
  const hourStart = new Date(now.getTime() - 3_600_000).toISOString();
  const burstStart = new Date(now.getTime() - burstSeconds * 1000).toISOString();
  const rows = await db
    .selectFrom("activity")
    .select(["kind", "repo", "at"])
    .where("org", "=", org)
    .where("actor", "=", actor)
    .where("at", ">=", hourStart)
    .where("at", "<", now.toISOString())
    .orderBy("at", "desc")
    .limit(cap)
    .execute();
  const isComment = (kind: string) => (COMMENT_KINDS as readonly string[]).includes(kind);
  const tally = (list: typeof rows) => ({
    actionsLastHour: list.length,
    commentsLastHour: list.filter((r) => isComment(r.kind)).length,
    pullRequestsLastHour: list.filter((r) => r.kind === "pull_request.opened").length,
  });
  const inRepo = rows.filter((r) => r.repo === repo);
  return {
    ...tally(rows),
    actionsInBurst: rows.filter((r) => r.at >= burstStart).length,
    reposLastHour: [...new Set(rows.map((r) => r.repo))].sort(),
    ...(repo === undefined ? {} : { inRepo: tally(inRepo) }),
  };
}

async function insertAudit(db: Executor, entry: AuditEntry): Promise<number> {
  const row = await db
    .insertInto("audit")
    .values({
      at: entry.at,
      delivery_id: entry.deliveryId,
      org: entry.org,
      repo: entry.repo,
      actor: entry.actor,
      actor_kind: entry.actorKind,
      action: entry.action,
      target_number: entry.targetNumber,
      target_node_id: entry.targetNodeId,
      target_url: entry.targetUrl,
      target_sha: entry.targetSha,
      verdict: entry.verdict,
      reasons: JSON.stringify(entry.reasons),
      effects: JSON.stringify(entry.effects),
      detail: JSON.stringify(entry.detail),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

async function insertEffect(db: Executor, effect: NewEffect, createdAt: string): Promise<EffectRow> {
  const row = await db
    .insertInto("effects")
    .values({
      delivery_id: effect.deliveryId,
      installation_id: effect.installationId,
      owner: effect.owner,
      repo: effect.repo,
      kind: effect.effect.kind,
      payload: JSON.stringify(effect.effect),
      status: effect.status,
      attempts: 0,
      next_attempt_at: effect.nextAttemptAt ?? null,
      created_at: createdAt,
      tag: effect.tag ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toEffectRow(row);
}

async function insertActivity(db: Executor, row: ActivityRow): Promise<void> {
  await db
    .insertInto("activity")
    .values({
      org: row.org,
      actor: row.actor,
      repo: row.repo,
      kind: row.kind,
      at: row.at,
      thread: row.thread ?? null,
      actor_kind: row.actorKind ?? null,
    })
    .execute();
}

/** An edited comment is held again: new text, pending, resolver cleared. */
async function upsertHold(db: Executor, hold: HeldCommentRow): Promise<void> {
  const values = {
    owner: hold.owner,
    repo: hold.repo,
    comment_id: hold.commentId,
    node_id: hold.nodeId,
    url: hold.url,
    number: hold.number,
    thread_node_id: hold.threadNodeId ?? null,
    placement: hold.placement ? JSON.stringify(hold.placement) : null,
    surface: hold.surface,
    author: hold.author,
    body: hold.body,
    mode: hold.mode,
    external: hold.external ? 1 : 0,
    status: hold.status,
    at: hold.at,
    resolver: hold.resolver,
    resolved_at: hold.resolvedAt,
  };
  const { owner: _owner, repo: _repo, comment_id: _commentId, ...changes } = values;
  await db
    .insertInto("held_comments")
    .values(values)
    .onConflict((oc) => oc.columns(["owner", "repo", "comment_id"]).doUpdateSet(changes))
    .execute();
}

const SEARCH_COLUMNS = {
  org: "org",
  repo: "repo",
  actor: "actor",
  action: "action",
  verdict: "verdict",
  deliveryId: "delivery_id",
} as const;

/**
 * The rows a search matches. lower() on both sides, so the pattern is folded by the same function
 * as the column on either database; SQLite has no default LIKE escape, so it is named.
 */
function auditSearchQuery(db: Kysely<Database>, search: AuditSearch) {
  let query = db.selectFrom("audit");
  for (const [key, pattern] of Object.entries(search.like ?? {}) as [keyof typeof SEARCH_COLUMNS, string | undefined][]) {
    if (pattern === undefined) continue;
    query = query.where(sql<boolean>`lower(${sql.ref(SEARCH_COLUMNS[key])}) like lower(${pattern}) escape '\\'`);
  }
  if (search.since !== undefined) query = query.where("at", ">=", search.since);
  if (search.until !== undefined) query = query.where("at", "<", search.until);
  return query;
}

function toAuditRow(row: Selectable<AuditTable>): AuditRow {
  return {
    id: Number(row.id),
    at: row.at,
    deliveryId: row.delivery_id,
    org: row.org,
    repo: row.repo,
    actor: row.actor,
    actorKind: row.actor_kind as ActorKind,
    action: row.action,
    targetNumber: row.target_number,
    targetNodeId: row.target_node_id,
    targetUrl: row.target_url,
    targetSha: row.target_sha,
    verdict: row.verdict,
    reasons: JSON.parse(row.reasons) as string[],
    effects: JSON.parse(row.effects) as Effect[],
    detail: JSON.parse(row.detail) as Record<string, unknown>,
  };
}

function toEffectRow(row: Selectable<EffectsTable>): EffectRow {
  return {
    id: Number(row.id),
    deliveryId: row.delivery_id,
    installationId: Number(row.installation_id),
    owner: row.owner,
    repo: row.repo,
    effect: JSON.parse(row.payload) as Effect,
    status: row.status as EffectStatus,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    createdAt: row.created_at,
    appliedAt: row.applied_at,
    tag: row.tag,
    // Only on a row that has one: rows as they were before results were kept read the same.
    ...(typeof row.result === "string" ? { result: JSON.parse(row.result) as Record<string, unknown> } : {}),
  };
}

function toBreakerRow(row: Selectable<BreakersTable>): BreakerRow {
  return {
    org: row.org,
    agent: row.agent,
    state: row.state as BreakerRow["state"],
    tripId: row.trip_id,
    reason: row.reason,
    evidence: row.evidence,
    repo: row.repo,
    trippedAt: row.tripped_at,
    resumedAt: row.resumed_at,
    resumedBy: row.resumed_by,
    containedAt: row.contained_at,
    installationId: row.installation_id === null || row.installation_id === undefined ? null : Number(row.installation_id),
    plannedTripId: row.planned_trip_id ?? null,
  };
}

function toHeldCommentRow(row: Selectable<HeldCommentsTable>): HeldCommentRow {
  return {
    owner: row.owner,
    repo: row.repo,
    commentId: Number(row.comment_id),
    nodeId: row.node_id,
    url: row.url,
    number: row.number,
    ...(row.thread_node_id !== null ? { threadNodeId: row.thread_node_id } : {}),
    ...(row.placement !== null && row.placement !== undefined ? { placement: JSON.parse(row.placement) as CommentPlacement } : {}),
    surface: row.surface as HeldComment["surface"],
    author: row.author,
    body: row.body,
    mode: row.mode as HeldComment["mode"],
    external: row.external === 1,
    status: row.status as HeldComment["status"],
    at: row.at,
    resolver: row.resolver,
    resolvedAt: row.resolved_at,
  };
}
