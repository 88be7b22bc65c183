import type { Effect } from "../policy/effect.js";
import { TRIP_ACTION, type SimulationResult } from "../sim/simulation-result.js";
import type { AuditRow } from "../store/store.js";

/**
 * The breaker trip the backtest saw for an agent: the first. In observe mode the breaker never
 * opens, so every later action of the agent trips it again; with the breaker on, those actions
 * would have been contained on arrival instead, so they are counted, not reported as trips.
 */
export interface BacktestTrip {
  reason: string;
  at: string;
  evidence: string;
  /** Trip decisions in all, the first included. */
  times: number;
  /** Other reasons later actions tripped it on. */
  alsoOn: string[];
  /** What containment would have reached at the trip: effect kind → steps (the incident issue aside). */
  containment: Record<string, number>;
}

/** What the guardrails would have done about one agent. */
export interface AgentBacktest {
  login: string;
  /** Actions of the agent the app recorded. */
  actions: number;
  /** Pull requests the app would have gated (draft, check run waiting for approval, closed). */
  gatedPullRequests: number[];
  /** Comments that would have been minimized until approved. */
  hiddenComments: number;
  /** Comments that would have been held (deleted, kept in the audit log, re-posted on approval). */
  heldComments: number;
  /** Issues that would have been flagged or closed. */
  flaggedIssues: number[];
  /** Pushes (to the default branch) that would have been reverted, by their head sha. */
  revertedPushes: string[];
  /** Actions undone as they arrived because the breaker had tripped. */
  containedOnArrival: number;
  /** The first trip (at most one: see BacktestTrip). */
  trips: BacktestTrip[];
}

/** An account not listed as an agent that acted at machine pace: the owner would have been alerted. */
export interface PaceAlert {
  login: string;
  at: string;
  evidence: string;
}

/** The backtest's answer: `--json` prints it as is. */
export interface BacktestReport {
  repo: string;
  since: string;
  until: string;
  /** Webhooks rebuilt from history and replayed. */
  events: number;
  agents: AgentBacktest[];
  pace: PaceAlert[];
  /** What the reader must know about this run (a config replaced, a permission missing). */
  notes: string[];
}

const ROW_KINDS = /^(effect|command|config|breaker|pace)\./;

/**
 * Reads the audit log of a backtest run (an observe-mode simulation) into the per-agent report.
 * Pure. `agents` are logins to report even when they did nothing (`--agent`).
 */
export function summarizeBacktest(
  result: SimulationResult,
  header: { repo: string; since: string; until: string; notes: string[] },
  agents: readonly string[] = [],
): BacktestReport {
  const byLogin = new Map<string, AgentBacktest>();
  const agent = (login: string): AgentBacktest => {
    const key = login.toLowerCase();
    let entry = byLogin.get(key);
    if (!entry) {
      entry = {
        login,
        actions: 0,
        gatedPullRequests: [],
        hiddenComments: 0,
        heldComments: 0,
        flaggedIssues: [],
        revertedPushes: [],
        containedOnArrival: 0,
        trips: [],
      };
      byLogin.set(key, entry);
    }
    return entry;
  };
  for (const login of agents) agent(login);

  const pace: PaceAlert[] = [];
  for (const row of result.audit) {
    if (row.action === TRIP_ACTION) {
      recordTrip(agent(typeof row.detail.agent === "string" ? row.detail.agent : row.actor), row);
      continue;
    }
    if (row.action === "pace.alert") {
      pace.push({
        login: row.actor,
        at: row.at,
        evidence: typeof row.detail.evidence === "string" ? row.detail.evidence : (row.reasons[0] ?? ""),
      });
      continue;
    }
    if (row.actorKind !== "agent" || ROW_KINDS.test(row.action)) continue;
    const entry = agent(row.actor);
    entry.actions++;
    const kinds = new Set(row.effects.map((e) => e.kind));
    for (const effect of row.effects)
      if (effect.kind === "revert_push" && !entry.revertedPushes.includes(effect.sha)) entry.revertedPushes.push(effect.sha);
    if (row.verdict === "contained") {
      entry.containedOnArrival++;
      continue;
    }
    if (row.verdict !== "gate" && row.verdict !== "violation") continue;
    const number = row.targetNumber;
    if (
      row.action.startsWith("pull_request.") &&
      number !== null &&
      (kinds.has("convert_to_draft") || kinds.has("close_pull_request") || row.effects.some(waitsForApproval))
    ) {
      addOnce(entry.gatedPullRequests, number);
    }
    if (/comment\.(created|edited)$/.test(row.action)) {
      if (kinds.has("minimize_comment")) entry.hiddenComments++;
      else if (kinds.has("delete_comment")) entry.heldComments++;
    }
    if (
      row.action.startsWith("issues.") &&
      number !== null &&
      (kinds.has("close_issue") || row.effects.some((e) => e.kind === "add_label" && e.label === "agent:flagged"))
    ) {
      addOnce(entry.flaggedIssues, number);
    }
  }
  return {
    ...header,
    events: result.events,
    agents: [...byLogin.values()].sort((a, b) => a.login.localeCompare(b.login)),
    pace,
  };
}

function waitsForApproval(effect: Effect): boolean {
  return effect.kind === "ensure_check_run" && effect.conclusion === "action_required";
}

function recordTrip(entry: AgentBacktest, row: AuditRow): void {
  const reason = typeof row.detail.reason === "string" ? row.detail.reason : (row.reasons[0] ?? "unknown");
  const first = entry.trips[0];
  if (first) {
    first.times++;
    if (reason !== first.reason && !first.alsoOn.includes(reason)) first.alsoOn.push(reason);
    return;
  }
  const containment: Record<string, number> = {};
  for (const effect of row.effects)
    if (effect.kind !== "ensure_incident_issue") containment[effect.kind] = (containment[effect.kind] ?? 0) + 1;
  const evidence = typeof row.detail.evidence === "string" ? row.detail.evidence : (row.reasons[0] ?? "");
  entry.trips.push({ reason, at: row.at, evidence, times: 1, alsoOn: [], containment });
}

function addOnce(list: number[], value: number): void {
  if (!list.includes(value)) list.push(value);
}
