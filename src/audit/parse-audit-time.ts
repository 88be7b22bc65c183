const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;

/**
 * A bound of an audit search as the ISO text the log stores (`toISOString()`, so text order is
 * time order): a duration back from `now` (`30m`, `24h`, `7d`, `2w`), an ISO date (midnight UTC)
 * or an ISO date and time. A time without a zone is UTC, so the answer does not depend on the
 * machine's time zone. Null when the text is neither, or names a day that does not exist.
 */
export function parseAuditTime(text: string, now: Date): string | null {
  const value = text.trim();
  const duration = /^(\d{1,6})\s*([mhdw])$/i.exec(value);
  if (duration)
    return new Date(now.getTime() - Number(duration[1]) * UNIT_MS[duration[2]!.toLowerCase() as keyof typeof UNIT_MS]).toISOString();
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(value);
  if (!iso) return null;
  const [, year, month, day, hour, minute, second, zone] = iso;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  // Date.UTC rolls 2025-02-30 over to March: a day that does not exist is refused instead.
  if (date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day)) return null;
  if (hour === undefined) return date.toISOString();
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second ?? 0) > 59) return null;
  const withZone = zone === undefined ? `${value.replace(" ", "T")}Z` : value.replace(" ", "T");
  const time = new Date(withZone);
  return Number.isNaN(time.getTime()) ? null : time.toISOString();
}
