import type { AuditRow } from "../../store/store.js";

/** One agent's activity over time, in the shape uPlot takes: x in seconds, one y array per series. */
export interface ActivitySeries {
  agent: string;
  /** `hour` for a period up to three days, else `day`. */
  bucket: "hour" | "day";
  /** Bucket starts, seconds since the epoch. */
  x: number[];
  /** Actions by verdict class. */
  verdicts: { label: "allowed" | "gated" | "contained"; counts: number[] }[];
  /** Actions by kind (`pull_request.opened`, …), the most frequent first. */
  kinds: { label: string; counts: number[] }[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Which class a verdict counts in: a violation is stopped (contained) too; commands and effects are not agent actions. */
function verdictClass(verdict: string): "allowed" | "gated" | "contained" | null {
  if (verdict === "allow") return "allowed";
  if (verdict === "gate") return "gated";
  if (verdict === "contained" || verdict === "violation") return "contained";
  return null;
}

/** Agents' actions in [from, to) bucketed per hour or day (pure: the period is passed in); `include` agents get a series even without actions. */
export function activitySeries(rows: readonly AuditRow[], from: Date, to: Date, include: readonly string[] = []): ActivitySeries[] {
  const bucket = to.getTime() - from.getTime() <= 3 * DAY ? "hour" : "day";
  const size = bucket === "hour" ? HOUR : DAY;
  const start = Math.floor(from.getTime() / size) * size;
  const n = Math.max(1, Math.ceil((to.getTime() - start) / size));
  const x = Array.from({ length: n }, (_, i) => (start + i * size) / 1000);
  const byAgent = new Map<string, { verdicts: Map<string, number[]>; kinds: Map<string, number[]> }>(
    include.map((a) => [a, { verdicts: new Map(), kinds: new Map() }]),
  );
  for (const row of rows) {
    // The agent's own actions only: not the app's rows about it (breaker.*, effect.*) nor commands.
    if (row.actorKind !== "agent" || /^(breaker|effect|command|config)\./.test(row.action)) continue;
    const cls = verdictClass(row.verdict);
    const at = Date.parse(row.at);
    if (cls === null || !(at >= from.getTime() && at < to.getTime())) continue;
    const i = Math.floor((at - start) / size);
    let agent = byAgent.get(row.actor);
    if (!agent) byAgent.set(row.actor, (agent = { verdicts: new Map(), kinds: new Map() }));
    bump(agent.verdicts, cls, i, n);
    bump(agent.kinds, row.action, i, n);
  }
  return [...byAgent]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([agent, data]) => ({
      agent,
      bucket,
      x,
      verdicts: (["allowed", "gated", "contained"] as const).map((label) => ({
        label,
        counts: data.verdicts.get(label) ?? new Array<number>(n).fill(0),
      })),
      kinds: [...data.kinds]
        .map(([label, counts]) => ({ label, counts }))
        .sort((a, b) => sum(b.counts) - sum(a.counts) || a.label.localeCompare(b.label)),
    }));
}

function bump(map: Map<string, number[]>, key: string, i: number, n: number): void {
  let counts = map.get(key);
  if (!counts) map.set(key, (counts = new Array<number>(n).fill(0)));
  counts[i] = (counts[i] ?? 0) + 1;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
