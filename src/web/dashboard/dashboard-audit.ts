import picomatch from "picomatch";
import type { AuditRow, Store } from "../../store/store.js";

/**
 * The audit query of the dashboard's page and of `GET /guardrails/api/audit`: the CLI's
 * parameters (since/until as 7d | 24h | 30m | 2w | ISO; case-insensitive filters with globs;
 * limit, offset; format), restricted to the repositories the viewer may read.
 */
export interface DashboardAuditResult {
  rows: AuditRow[];
  total: number;
  offset: number;
  limit: number;
}

const KEYS = ["actor", "action", "repo", "org", "verdict", "delivery"] as const;

/** Runs the query; an `error` names a bad parameter (nothing is read then). */
export async function dashboardAudit(
  store: Store,
  params: Record<string, string | undefined>,
  now: Date,
  canRead: (repo: string) => boolean,
): Promise<DashboardAuditResult | { error: string }> {
  const since = params.since ? timeOf(params.since, now) : undefined;
  const until = params.until ? timeOf(params.until, now) : undefined;
  if (since === null) return { error: `since: "${params.since}" is not 7d, 24h, 30m, 2w or an ISO date/time` };
  if (until === null) return { error: `until: "${params.until}" is not 7d, 24h, 30m, 2w or an ISO date/time` };
  const limit = params.limit === undefined || params.limit === "" ? 100 : Number(params.limit);
  const offset = params.offset === undefined || params.offset === "" ? 0 : Number(params.offset);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) return { error: "limit: a whole number from 1 to 10000" };
  if (!Number.isInteger(offset) || offset < 0) return { error: "offset: a whole number ≥ 0" };
  const matchers = KEYS.filter((k) => params[k]).map((k) => {
    const test = picomatch(params[k]!, { nocase: true, dot: true, bash: true });
    return (row: AuditRow) => test(String(k === "delivery" ? (row.deliveryId ?? "") : row[k]));
  });
  // Newest first, the viewer's repositories only, then the page.
  const all = (await store.listAudit({ ...(since ? { since } : {}), ...(until ? { until } : {}), limit: 100_000 }))
    .filter((row) => canRead(row.repo) && matchers.every((m) => m(row)))
    .sort((a, b) => b.at.localeCompare(a.at) || b.id - a.id);
  return { rows: all.slice(offset, offset + limit), total: all.length, offset, limit };
}

/** `7d`, `24h`, `30m`, `2w` before now, or an ISO date/time; null when it is neither. */
function timeOf(text: string, now: Date): string | null {
  const rel = /^(\d+)\s*([mhdw])$/i.exec(text.trim());
  if (rel) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[rel[2]!.toLowerCase() as "m" | "h" | "d" | "w"];
    return new Date(now.getTime() - Number(rel[1]) * unit).toISOString();
  }
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/** The rows as JSON (an array) or CSV (RFC 4180, a header line; a cell a spreadsheet would run as a formula gets a leading `'`). */
export function formatAuditRows(rows: readonly AuditRow[], format: "json" | "csv"): string {
  if (format === "json") return JSON.stringify(rows, null, 2) + "\n";
  const head = ["id", "at", "org", "repo", "actor", "actorKind", "action", "verdict", "targetNumber", "targetUrl", "deliveryId", "reasons"];
  const lines = [head.join(",")];
  for (const r of rows) {
    const cells = [r.id, r.at, r.org, r.repo, r.actor, r.actorKind, r.action, r.verdict, r.targetNumber ?? "", r.targetUrl ?? "", r.deliveryId ?? "", r.reasons.join("; ")];
    lines.push(cells.map((c) => csvCell(String(c))).join(","));
  }
  return lines.join("\r\n") + "\r\n";
}

function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
