const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/**
 * `--since`: a span back from `now` (`90m`, `24h`, `7d`, `2w`) or an ISO date or time
 * (`2026-11-01`, `2026-11-01T12:00:00Z`). Null when it is neither, or in the future.
 */
export function parseSince(value: string, now: Date): Date | null {
  const span = /^(\d+)([mhdw])$/.exec(value.trim());
  if (span) {
    const amount = Number(span[1]);
    if (amount <= 0) return null;
    return new Date(now.getTime() - amount * (UNITS[span[2] as string] as number));
  }
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value.trim())) return null;
  const time = new Date(value.trim());
  if (Number.isNaN(time.getTime()) || time.getTime() > now.getTime()) return null;
  return time;
}
