import type { AuditRow, AuditSearch, Store } from "../store/store.js";
import { globToLike } from "./glob-to-like.js";
import type { AuditQuery } from "./parse-audit-query.js";

/** The rows of a search and what was left out of them. */
export interface AuditAnswer {
  /** Oldest first, as a log reads: the newest `limit` rows after skipping the `offset` newest. */
  rows: AuditRow[];
  /** How many rows match in all. */
  total: number;
  /** Matching rows older than those returned (total − rows − offset): raise the limit or page on. */
  omitted: number;
}

/** Runs a checked audit search in the store: filtered and counted by the database, never loaded whole. */
export async function queryAudit(store: Store, query: AuditQuery): Promise<AuditAnswer> {
  const { actor, action, repo, org, verdict, delivery } = query.filters;
  const like: NonNullable<AuditSearch["like"]> = {};
  if (actor !== undefined) like.actor = globToLike(actor);
  if (action !== undefined) like.action = globToLike(action);
  if (repo !== undefined) like.repo = globToLike(repo);
  if (org !== undefined) like.org = globToLike(org);
  if (verdict !== undefined) like.verdict = globToLike(verdict);
  if (delivery !== undefined) like.deliveryId = globToLike(delivery);
  const { rows, total } = await store.searchAudit({
    like,
    ...(query.since !== undefined ? { since: query.since } : {}),
    ...(query.until !== undefined ? { until: query.until } : {}),
    limit: query.limit,
    offset: query.offset,
  });
  return { rows: rows.reverse(), total, omitted: Math.max(0, total - rows.length - query.offset) };
}
