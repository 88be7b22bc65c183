/** A suggested change of an agent's policy, with the numbers that argue for it. */
export interface Recommendation {
  /** What to do (`consider \`comment: flag\``, `tighten its policy or limits`). */
  text: string;
  /** The facts behind it, in words an owner can check (`0 rejections in 40 comments over 4 weeks`). */
  evidence: string;
  /** The per-agent override it amounts to, when it is one (`/guardrails promote @agent comment=flag`). */
  change?: { key: string; value: string };
}

const DAY_MS = 24 * 3600 * 1000;
const WEEK_MS = 7 * DAY_MS;

/**
 * How far back the trust evidence reaches: four weekly reviews. One quiet week says little about
 * an agent; a month of reviewed comments with none rejected says its comments need no gate.
 */
export const EVIDENCE_WINDOW_MS = 4 * WEEK_MS;

/**
 * Held comments reviewed before loosening `comment` is suggested: below 20 a clean record is
 * as likely luck as trust (a 5% rejection rate gives 0 rejections in 20 about a third of the time).
 */
export const LOOSEN_MIN_COMMENTS = 20;

/** Trips in one period that call for tightening: one can be a fluke (a burst, a mis-scoped task), two are a pattern. */
export const TIGHTEN_MIN_TRIPS = 2;

/**
 * Rejected share of the period's reviewed comments that calls for a stricter comment gate: one
 * in four means the owner is cleaning up after the agent more than reviewing it. Needs at least
 * `TIGHTEN_MIN_REJECTIONS`, so a single rejection of two reviews does not count.
 */
export const TIGHTEN_REJECTED_SHARE = 0.25;
export const TIGHTEN_MIN_REJECTIONS = 2;

/** What the recommendations read: the period's numbers and the evidence over every row given. */
export interface RecommendationFacts {
  approvals: number;
  rejections: number;
  trips: readonly { reason: string }[];
  /** Held-comment decisions over the evidence window, and the gate modes (`hide`, `hold`) they were held under. */
  evidence: { approved: number; rejected: number; modes: ReadonlySet<"hide" | "hold"> };
  /** The agent's first action in the rows given: how long the evidence spans. */
  firstAt: string | null;
  /** Trips over every row given (the evidence window). */
  allTrips: number;
}

/** The recommendations for one agent, strongest first (tightening before loosening). Pure. */
export function recommendChanges(facts: RecommendationFacts, period: { from: Date; to: Date }): Recommendation[] {
  const out: Recommendation[] = [];
  const when = periodWords(period);
  if (facts.trips.length >= TIGHTEN_MIN_TRIPS) {
    const reasons = [...new Set(facts.trips.map((t) => t.reason))].join(", ");
    out.push({
      text: "tighten its policy or limits, and debrief the incidents",
      evidence: `${facts.trips.length} trips ${when} (${reasons})`,
    });
  }
  const reviewed = facts.approvals + facts.rejections;
  if (facts.rejections >= TIGHTEN_MIN_REJECTIONS && facts.rejections / reviewed >= TIGHTEN_REJECTED_SHARE) {
    const evidence = `${facts.rejections} of ${reviewed} reviewed comments rejected ${when}`;
    // `hide` leaves the text readable to anyone who expands it; `hold` takes it down until approved.
    if (facts.evidence.modes.has("hide"))
      out.push({ text: "consider `comment: hold`", evidence, change: { key: "comment", value: "hold" } });
    else out.push({ text: "narrow what it is asked to do: its comments are already held", evidence });
  }
  const span = facts.firstAt === null ? 0 : period.to.getTime() - Date.parse(facts.firstAt);
  const comments = facts.evidence.approved + facts.evidence.rejected;
  if (comments >= LOOSEN_MIN_COMMENTS && facts.evidence.rejected === 0 && facts.allTrips === 0 && span >= EVIDENCE_WINDOW_MS) {
    const weeks = Math.floor(Math.min(span, EVIDENCE_WINDOW_MS) / WEEK_MS);
    out.push({
      text: "consider `comment: flag`",
      evidence: `0 rejections in ${comments} comments over ${weeks} weeks, no trip`,
      change: { key: "comment", value: "flag" },
    });
  }
  return out;
}

/** "this week", "this day", or "in N days": how the evidence names the period. */
export function periodWords(period: { from: Date; to: Date }): string {
  const days = Math.round((period.to.getTime() - period.from.getTime()) / DAY_MS);
  if (days === 7) return "this week";
  if (days === 1) return "this day";
  return `in ${days} days`;
}
