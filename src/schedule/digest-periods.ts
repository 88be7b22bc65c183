/** How often an owner gets a digest (`digest:` in the config; `off` has no periods). */
export type DigestKind = "weekly" | "daily";

/** One digest period: [from, to) in UTC, named as the digest's title names it. */
export interface DigestPeriod {
  kind: DigestKind;
  /** `2026-W49` (ISO week) or `2026-12-04` (UTC day). */
  id: string;
  from: Date;
  to: Date;
}

const DAY_MS = 24 * 3600 * 1000;

/** The period of `kind` that contains `at`: weeks start on Monday 00:00 UTC (ISO 8601), days at 00:00 UTC. */
export function periodContaining(kind: DigestKind, at: Date): DigestPeriod {
  const day = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  if (kind === "daily") return { kind, id: new Date(day).toISOString().slice(0, 10), from: new Date(day), to: new Date(day + DAY_MS) };
  const monday = day - ((new Date(day).getUTCDay() + 6) % 7) * DAY_MS;
  return { kind, id: isoWeek(new Date(monday)), from: new Date(monday), to: new Date(monday + 7 * DAY_MS) };
}

/**
 * The period whose digest is due at `now`: the last one that ended at or before `now`. It stays
 * due until the next boundary, so a process that was down at the boundary (or a run that failed)
 * catches up on its next run; an older period is not posted late (a digest a week stale helps no one).
 */
export function duePeriod(kind: DigestKind, now: Date): DigestPeriod {
  const current = periodContaining(kind, now);
  return periodContaining(kind, new Date(current.from.getTime() - 1));
}

/** The periods due at `now` for the kinds configured (each kind once), weekly first. */
export function duePeriods(kinds: Iterable<DigestKind | "off">, now: Date): DigestPeriod[] {
  const wanted = new Set(kinds);
  return (["weekly", "daily"] as const).filter((k) => wanted.has(k)).map((k) => duePeriod(k, now));
}

/** The next period boundary after `now` (every day's 00:00 UTC is one; Monday's ends a week too). */
export function nextBoundary(now: Date): Date {
  return periodContaining("daily", now).to;
}

/** ISO 8601 week of a Monday: the week belongs to the year of its Thursday. */
function isoWeek(monday: Date): string {
  const thursday = new Date(monday.getTime() + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}
