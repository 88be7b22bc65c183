/** `breaker.lookback` ("1h", "30m", "2d") in milliseconds. */
export function lookbackMs(lookback: string): number {
  const match = /^(\d+)([smhd])$/.exec(lookback);
  if (!match) return 3_600_000;
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as "s" | "m" | "h" | "d"];
  return Number(match[1]) * unit;
}
