import type { Effect } from "../policy/effect.js";

/**
 * GitHub's secondary limits, per installation
 * (https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits):
 * about 80 content-generating requests a minute and 500 an hour. The minute's window counts every
 * effect (a hide or a delete may not create content, but an agent's flood is exactly when GitHub's
 * judgement should not be tested); the hour's counts only the effects that create content (a
 * comment, an issue, a commit or a pull request), which is what that limit is about — else
 * hiding a 500-comment flood would wait an hour for its last few comments.
 */
export const WRITE_LIMITS: readonly { count: number; windowMs: number; creatingOnly: boolean }[] = [
  { count: 80, windowMs: 60_000, creatingOnly: false },
  { count: 500, windowMs: 3_600_000, creatingOnly: true },
];

/** How far back the budget looks: the longest window. */
export const WRITE_WINDOW_MS = Math.max(...WRITE_LIMITS.map((l) => l.windowMs));

/** The effects that create content on GitHub (what the hourly limit counts). */
const CREATING: ReadonlySet<Effect["kind"]> = new Set(["create_comment", "ensure_incident_issue", "revert_push", "revert_merge"]);

/** Whether an effect creates content (a comment, an issue, a commit, a pull request). */
export function createsContent(kind: string): boolean {
  return CREATING.has(kind as Effect["kind"]);
}

/**
 * Writes of each window kept for containment and the gate's own: an ordinary decision's flag or
 * label (`isDeferrable`) may use the window only up to this many short of its limit, so that when
 * an agent's flood uses the budget up, the steps that stop and undo it still go out first.
 */
export const CONTAINMENT_RESERVE = 20;

/** A write that can wait when the budget is short: an ordinary decision's label or flag (not containment's, tagged). */
export function isDeferrable(effect: Effect, tag: string | null | undefined): boolean {
  return tag == null && (effect.kind === "add_label" || effect.kind === "remove_label");
}

/** A write already made: when (ms), and whether it created content. */
export interface PastWrite {
  at: number;
  creating: boolean;
}

/**
 * When the next write may go out, given the writes already made (ascending): `now` when every
 * window that counts it has room, else the moment the oldest write of a full window leaves it. A
 * write at `t` counts in the windows `(now - windowMs, now]`; a write that creates nothing is not
 * held by the hourly window. `reserve` writes of each window are left to others (`CONTAINMENT_RESERVE`).
 */
export function nextWriteAt(writes: readonly PastWrite[], now: number, creating = true, reserve = 0): number {
  let at = now;
  for (const { count: limit, windowMs, creatingOnly } of WRITE_LIMITS) {
    if (creatingOnly && !creating) continue;
    const count = Math.max(1, limit - reserve);
    const inWindow = writes.filter((w) => w.at > now - windowMs && w.at <= now && (!creatingOnly || w.creating));
    if (inWindow.length >= count) at = Math.max(at, inWindow[inWindow.length - count]!.at + windowMs);
  }
  return at;
}
