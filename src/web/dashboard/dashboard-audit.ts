import { MAX_AUDIT_LIMIT, parseAuditQuery, type AuditQuery } from "../../audit/parse-audit-query.js";
import { queryAudit } from "../../audit/query-audit.js";
import type { AuditRow, Store } from "../../store/store.js";

/** A page of the audit log for one viewer. */
export interface DashboardAuditResult {
  /** Oldest first, as the CLI returns them. */
  rows: AuditRow[];
  total: number;
  omitted: number;
  query: AuditQuery;
}

/**
 * The audit query of the dashboard's page and of `GET /guardrails/api/audit`: the CLI's own
 * (parseAuditQuery, queryAudit: since/until, case-insensitive globs, limit, offset, format). A
 * viewer who sees every repository (the token) is answered by the database's search; a GitHub
 * user's rows are the newest matches (at most 10,000) narrowed to the repositories they can read,
 * then paged, so that no count or page reveals a row of another repository.
 */
export async function dashboardAudit(
  store: Store,
  params: Record<string, string | undefined>,
  now: Date,
  canRead: ((repo: string) => boolean) | "all",
): Promise<DashboardAuditResult | { error: string }> {
  const parsed = parseAuditQuery(params, now);
  if (!parsed.ok) return { error: parsed.error };
  const query = parsed.query;
  if (canRead === "all") return { ...(await queryAudit(store, query)), query };
  const wide = await queryAudit(store, { ...query, limit: MAX_AUDIT_LIMIT, offset: 0 });
  const visible = wide.rows.filter((row) => canRead(row.repo));
  // `visible` is oldest first: the page is `limit` rows after skipping the `offset` newest.
  const end = Math.max(0, visible.length - query.offset);
  const rows = visible.slice(Math.max(0, end - query.limit), end);
  return { rows, total: visible.length, omitted: Math.max(0, visible.length - rows.length - query.offset), query };
}
