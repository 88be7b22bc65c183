/**
 * GitHub's secondary limits on content-creating requests, per installation: about 80 a minute
 * and 500 an hour (https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits).
 * Every effect is counted as one such write: minimizing and deleting may not create content,
 * but an agent's flood is exactly when GitHub's judgement should not be tested.
 */
export const WRITE_LIMITS: readonly { count: number; windowMs: number }[] = [
  { count: 80, windowMs: 60_000 },
  { count: 500, windowMs: 3_600_000 },
];

/** How far back the budget looks: the longest window. */
export const WRITE_WINDOW_MS = Math.max(...WRITE_LIMITS.map((l) => l.windowMs));

/**
 * When the next write may go out, given the times (ms, ascending) of the writes already made:
 * `now` when every window has room, else the moment the oldest write of a full window leaves it.
 * A write at `t` counts in the windows `(now - windowMs, now]`.
 */
export function nextWriteAt(writes: readonly number[], now: number): number {
  let at = now;
  for (const { count, windowMs } of WRITE_LIMITS) {
    const inWindow = writes.filter((t) => t > now - windowMs && t <= now);
    if (inWindow.length >= count) at = Math.max(at, inWindow[inWindow.length - count]! + windowMs);
  }
  return at;
}
