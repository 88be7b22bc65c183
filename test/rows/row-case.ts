import type { ActionKind } from "../../src/policy/agent-action.js";
import type { World } from "../../src/sim/scenario.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A webhook as GitHub delivers it. */
export interface RowEvent {
  name: string;
  payload: Json;
}

/**
 * One row of the permission table shown through the real app against the GitHub stand-in: the
 * webhooks before it (their requests are not the row's), the webhook under test, the audit row it
 * writes and the writes it sends to GitHub.
 */
export interface RowCase {
  kind: ActionKind;
  /** What the case shows, as the table would say it ("an agent enabling auto-merge: disabled, trips tamper"). */
  name: string;
  /** The config file (YAML); default ROW_CONFIG. */
  config?: string;
  world?: Partial<World>;
  before?: RowEvent[];
  event: RowEvent;
  /** The audit row of the event's delivery that is the agent's action. */
  audit: { action: string; verdict: string; actor?: string; trip?: string };
  /**
   * Every write the event sent to GitHub, in order (`METHOD path`, GraphQL as `POST /graphql operation`),
   * or, with `writesInclude`, writes it must contain (for a trip, whose containment is the breaker tests').
   */
  writes?: string[];
  writesInclude?: string[];
  /** Runs against the stand-in after the event: GitHub's state as the row leaves it. */
  check?: (standIn: import("../../src/sim/github-stand-in.js").StandIn) => void | Promise<void>;
}

export const ROW_AGENT = "copilot-swe-agent[bot]";

/** The config every row runs with unless it says otherwise: the strict defaults, one agent, an owner. */
export const ROW_CONFIG = ["owner: maint", `agents: ["${ROW_AGENT}", "Copilot"]`, "approvers: write"].join("\n");
