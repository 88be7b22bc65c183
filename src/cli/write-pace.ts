import { createsContent, WRITE_LIMITS } from "../effects/write-budget.js";
import type { AuditRow } from "../store/store.js";

/** The writes the app made at one moment of virtual time, against GitHub's secondary limits. */
export interface PaceMoment {
  at: string;
  /** Effects applied at this moment, by kind, in the order they went out. */
  kinds: Map<string, number>;
  writes: number;
  /** Writes in each limit's window ending at this moment (this moment's included), beside the limit. */
  windows: { used: number; count: number; windowMs: number; creatingOnly: boolean }[];
}

/**
 * The app's writes grouped by the virtual moment they went out, from the audit log (one
 * `effect.*` row per effect applied), each with how much of GitHub's write budget its windows
 * had used: what the demo shows to prove containment stayed within GitHub's limits. Only the
 * moments in `[since, until)` are listed; the windows count every write before them too.
 */
export function writePace(audit: readonly AuditRow[], since = "", until = "\uffff"): PaceMoment[] {
  const applied = audit.filter((row) => row.action.startsWith("effect.") && row.verdict === "applied");
  const moments: PaceMoment[] = [];
  for (const row of applied.filter((r) => r.at >= since && r.at < until)) {
    let moment = moments.find((m) => m.at === row.at);
    if (moment === undefined) {
      moment = { at: row.at, kinds: new Map(), writes: 0, windows: [] };
      moments.push(moment);
    }
    const kind = row.action.slice("effect.".length);
    moment.kinds.set(kind, (moment.kinds.get(kind) ?? 0) + 1);
    moment.writes++;
  }
  moments.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  for (const moment of moments) {
    const now = Date.parse(moment.at);
    moment.windows = WRITE_LIMITS.map(({ count, windowMs, creatingOnly }) => ({
      used: applied.filter((row) => {
        const at = Date.parse(row.at);
        return at > now - windowMs && at <= now && (!creatingOnly || createsContent(row.action.slice("effect.".length)));
      }).length,
      count,
      windowMs,
      creatingOnly,
    }));
  }
  return moments;
}
