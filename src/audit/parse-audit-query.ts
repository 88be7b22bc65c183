import { parseAuditTime } from "./parse-audit-time.js";

/** How an audit answer is written: an aligned table for terminals, JSON lines, or CSV for spreadsheets. */
export type AuditFormat = "table" | "json" | "csv";

export const AUDIT_FORMATS: readonly AuditFormat[] = ["table", "json", "csv"];
export const DEFAULT_AUDIT_LIMIT = 100;
export const MAX_AUDIT_LIMIT = 10_000;

/** The filters that take a glob, matched case-insensitively against the audit column of that name. */
export const AUDIT_GLOB_FILTERS = ["actor", "action", "repo", "org", "verdict", "delivery"] as const;
export type AuditGlobFilter = (typeof AUDIT_GLOB_FILTERS)[number];

/** A checked audit search (parseAuditQuery), run by queryAudit and written by formatAudit. */
export interface AuditQuery {
  /** Inclusive ISO lower bound on the row's time. */
  since?: string;
  /** Exclusive ISO upper bound. */
  until?: string;
  /** Globs (`*`, `?`), case-insensitive; absent: any value. */
  filters: Partial<Record<AuditGlobFilter, string>>;
  limit: number;
  offset: number;
  format: AuditFormat;
}

const MAX_PATTERN = 200;

/**
 * Checks an audit search as the CLI's options or the dashboard's query string give it (`since`,
 * `until`, the globs, `limit`, `offset`, `format`; other keys are ignored). An empty value is the
 * same as none (an unused form field). `now` anchors durations such as `7d`. The error names the
 * parameter first (`since must be …`) and is safe to show.
 */
export function parseAuditQuery(
  params: Record<string, string | undefined>,
  now: Date,
): { ok: true; query: AuditQuery } | { ok: false; error: string } {
  const given = (name: string): string | undefined => {
    const value = params[name]?.trim();
    return value === undefined || value === "" ? undefined : value;
  };
  const shown = (value: string) => JSON.stringify(value.length > 60 ? `${value.slice(0, 59)}…` : value);
  const query: AuditQuery = { filters: {}, limit: DEFAULT_AUDIT_LIMIT, offset: 0, format: "table" };

  for (const bound of ["since", "until"] as const) {
    const value = given(bound);
    if (value === undefined) continue;
    const time = parseAuditTime(value, now);
    if (time === null)
      return {
        ok: false,
        error: `${bound} must be a duration back from now (30m, 24h, 7d, 2w) or an ISO date or time (2025-01-31, 2025-01-31T12:00:00Z), got ${shown(value)}`,
      };
    query[bound] = time;
  }
  if (query.since !== undefined && query.until !== undefined && query.since >= query.until) {
    return { ok: false, error: `since must be before until (since ${query.since}, until ${query.until})` };
  }

  for (const name of AUDIT_GLOB_FILTERS) {
    const value = given(name);
    if (value === undefined) continue;
    if (value.length > MAX_PATTERN) return { ok: false, error: `${name} must be at most ${MAX_PATTERN} characters` };
    query.filters[name] = value;
  }

  const limit = given("limit");
  if (limit !== undefined) {
    if (!/^\d{1,6}$/.test(limit) || Number(limit) < 1 || Number(limit) > MAX_AUDIT_LIMIT) {
      return { ok: false, error: `limit must be a whole number from 1 to ${MAX_AUDIT_LIMIT}, got ${shown(limit)}` };
    }
    query.limit = Number(limit);
  }
  const offset = given("offset");
  if (offset !== undefined) {
    if (!/^\d{1,9}$/.test(offset)) return { ok: false, error: `offset must be a whole number (0 or more), got ${shown(offset)}` };
    query.offset = Number(offset);
  }
  const format = given("format");
  if (format !== undefined) {
    const known = AUDIT_FORMATS.find((f) => f === format.toLowerCase());
    if (known === undefined) return { ok: false, error: `format must be one of ${AUDIT_FORMATS.join(", ")}, got ${shown(format)}` };
    query.format = known;
  }
  return { ok: true, query };
}
