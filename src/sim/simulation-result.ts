import type { AuditRow } from "../store/store.js";
import type { InvalidRequest, RecordedRequest } from "./github-stand-in.js";

/** A circuit-breaker trip as `simulate` reports it; a maintainer's halt has reason `manual`. */
export interface Trip {
  actor: string;
  reason: string;
  at: string;
}

/**
 * The object `simulate --json` prints (docs/simulate.md): tools outside the
 * project read exactly these keys.
 */
export interface SimulationResult {
  /** Event lines fed to the app (redeliveries and rejected payloads included). */
  events: number;
  /** See `countAgentActions`. */
  agentActions: number;
  trips: Trip[];
  /** Every request the app sent to GitHub, in order (the token exchange excepted), each with the status answered. */
  requests: RecordedRequest[];
  /**
   * Requests GitHub would have refused as malformed (checked against GitHub's REST description
   * and GraphQL schema): empty unless the app has a bug.
   */
  invalid: InvalidRequest[];
  /** The audit rows written, oldest first. */
  audit: AuditRow[];
  /** Effects not applied when the run ended (still pending after the final drain). */
  pending: PendingEffect[];
}

/** An effect still waiting when a simulation ended: its kind, and its last error or "not yet due". */
export interface PendingEffect {
  kind: string;
  reason: string;
}

/** The audit action of a breaker trip; its detail is `{ agent, reason }`. */
export const TRIP_ACTION = "breaker.tripped";

/**
 * Agent actions the app recorded: audit rows of an agent actor that describe something the agent
 * did. Rows the app writes about itself (`effect.*`: what it applied), commands (`command.*`),
 * config reports (`config.*`) and breaker bookkeeping (`breaker.*`) are not agent actions even
 * when their actor is an agent. A redelivery writes no row, so it is not counted twice.
 */
export function countAgentActions(audit: readonly AuditRow[]): number {
  return audit.filter((row) => row.actorKind === "agent" && !/^(effect|command|config|breaker)\./.test(row.action)).length;
}

/** Trips from the audit log, oldest first. */
export function tripsFrom(audit: readonly AuditRow[]): Trip[] {
  return audit
    .filter((row) => row.action === TRIP_ACTION)
    .map((row) => ({
      actor: typeof row.detail.agent === "string" ? row.detail.agent : row.actor,
      reason: typeof row.detail.reason === "string" ? row.detail.reason : (row.reasons[0] ?? "unknown"),
      at: row.at,
    }));
}
