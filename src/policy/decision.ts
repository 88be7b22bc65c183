import type { Effect } from "./effect.js";
import type { Trip } from "./breaker/trip.js";
import type { HeldComment, HeldCommentResolution } from "./held-comment.js";

/**
 * What the policy concluded about one action:
 * - `allow`: nothing to do beyond the audit row (and maybe a passing check for a human PR);
 * - `gate`: the action stands, held behind a human (draft, pending check, hidden comment);
 * - `violation`: the agent did something it may never do on its own (merge, push to default);
 * - `contained`: the agent is halted (its breaker tripped): the action is undone on arrival;
 * - `command`: a maintainer's command was honoured;
 * - `refused`: a command was ignored (bot, agent, quote, no permission): audited, no effect;
 * - `ignore`: nothing to record.
 */
export type Verdict = "allow" | "gate" | "violation" | "contained" | "command" | "refused" | "ignore";

/** An approval the pipeline must record when the decision is committed. */
export interface ApprovalRecord {
  number: number;
  headSha: string;
  approver: string;
}

/** The result of `decide`: data only. */
export interface Decision {
  verdict: Verdict;
  /** Human-readable reasons, in order, for the audit log and reports. */
  reasons: string[];
  effects: Effect[];
  approval?: ApprovalRecord;
  /** Agent comments that become (or stay) pending, recorded with the decision. */
  holds?: HeldComment[];
  /** Held comments a maintainer approved or rejected. */
  resolutions?: HeldCommentResolution[];
  /** The breaker must trip (compare-and-set at the edge, then containment is planned). */
  trip?: Trip;
  /** A maintainer's resume: the breaker of this agent ("*" = the global halt) closes. */
  resume?: { agent: string; undo: boolean };
}
