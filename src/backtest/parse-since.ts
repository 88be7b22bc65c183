import { parseAuditTime } from "../audit/parse-audit-time.js";

/**
 * `--since`: what `audit --since` takes (a span back from `now` such as `90m`, `24h`, `7d`, `2w`,
 * or an ISO date or time, UTC when it names no zone), as long as it lies before `now`. Null
 * otherwise: an empty or future window replays nothing.
 */
export function parseSince(value: string, now: Date): Date | null {
  const iso = parseAuditTime(value, now);
  if (iso === null) return null;
  const since = new Date(iso);
  return since.getTime() < now.getTime() ? since : null;
}
