import type { ParsedCommands } from "../commands/parse-commands.js";
import type { HeldComment } from "../policy/held-comment.js";
import type { AuditRow, BreakerRow } from "../store/store.js";
import { recommendChanges, type Recommendation } from "./recommend-changes.js";

/**
 * The owner's view of one agent over a period (docs/digest.md "What a summary counts"): what it
 * did, what a human approved or rejected, what the breaker stopped, what still waits for a human,
 * and whether it has earned a change of policy, with the evidence.
 */
export interface AgentSummary {
  /** The agent's login ("*": the org-wide halt, which has trips and waits but no actions). */
  agent: string;
  org: string;
  /** Repositories it acted in during the period, sorted. */
  repos: string[];
  /** Its actions in the period by action kind and verdict, most frequent first. */
  actions: { kind: string; verdict: string; count: number }[];
  /** Maintainer approvals (of its PRs' heads and of its held comments) and rejections (of held comments) in the period. */
  approvals: number;
  rejections: number;
  /** Median time from the row that gated the item (the PR head or the held comment) to its approval. */
  medianApproveMs: number | null;
  /** Effects applied in the period by containment: the steps of its trips and the undoing of actions contained on arrival. */
  contained: number;
  trips: { at: string; reason: string; incidentUrl: string | null }[];
  /** What waits for a human now (PRs gated, comments held or hidden, releases drafted, incidents not resumed), oldest first. */
  waiting: WaitingItem[];
  /** ISO, the last `/guardrails drill` of this agent (or of all agents), ever, up to now. */
  lastDrill: string | null;
  recommendations: Recommendation[];
}

export type { Recommendation } from "./recommend-changes.js";

/** One thing waiting for a human: `pull_request` (its head not approved), `comment`, `release`, `incident` (an open breaker). */
export interface WaitingItem {
  kind: string;
  repo: string;
  number: number | null;
  url: string | null;
  since: string;
}

/** What `summarizeAgents` reads. */
export interface SummaryInput {
  /**
   * Audit rows, any order. The period's numbers count rows in [from, to); what waits, the last
   * drill and the trust evidence read every row given up to `now`, so pass the evidence window
   * too (`EVIDENCE_WINDOW_MS` before `to`: the digest and the dashboard do).
   */
  rows: readonly AuditRow[];
  breakers: readonly BreakerRow[];
  from: Date;
  to: Date;
  now: Date;
}

/** The gated agent actions that wait for a maintainer, and what waits: a PR head to approve, a release to publish by hand. */
const WAITING_GATE_KINDS: Readonly<Record<string, string>> = {
  "pull_request.opened": "pull_request",
  "pull_request.reopened": "pull_request",
  "pull_request.synchronize": "pull_request",
  "release.published": "release",
};

/**
 * Summarizes each agent seen in the rows or the breakers, sorted by org and login. Pure: the
 * audit log says everything (see the facts it reads in docs/digest.md): agent rows carry the
 * verdict and the held comments (`detail.held`), command rows the PR approval
 * (`detail.approval`) and held-comment resolutions (`detail.resolutions`), `breaker.tripped`
 * rows the trip (`detail.reason`, `detail.tripId`), effect rows what was applied (the incident
 * issue's `detail.url`).
 */
export function summarizeAgents(input: SummaryInput): AgentSummary[] {
  const { from, to, now } = input;
  const rows = input.rows.filter((r) => r.at <= now.toISOString()).sort((a, b) => (a.at === b.at ? a.id - b.id : a.at < b.at ? -1 : 1));
  const inPeriod = (at: string) => at >= from.toISOString() && at < to.toISOString();
  const acc = new Accumulators();

  const agentRows = rows.filter((r) => r.actorKind === "agent" && !r.action.startsWith("breaker."));
  const heldBy = new Map<string, { row: AuditRow; held: HeldComment }>();

  // 1. Actions, by kind and verdict.
  for (const row of agentRows) {
    const s = acc.of(row.org, row.actor);
    s.firstAt ??= row.at;
    if (!inPeriod(row.at)) continue;
    s.repos.add(row.repo);
    const key = `${row.action}\u0000${row.verdict}`;
    s.actions.set(key, (s.actions.get(key) ?? 0) + 1);
  }

  // 2. Approvals and rejections: maintainer commands honoured, each tied to the agent's gating row.
  const approvedPrs = new Map<string, string>();
  // One pass in time order: a comment edited after its approval is held (pending) again.
  for (const row of rows) {
    if (row.actorKind === "agent" && !observed(row))
      for (const held of heldOf(row)) heldBy.set(`${row.repo}#${held.commentId}`, { row, held });
    if (!row.action.startsWith("command.") || row.verdict !== "command" || observed(row)) continue;
    const approval = row.detail.approval as { number?: unknown; headSha?: unknown } | undefined;
    if (approval && typeof approval.number === "number") {
      const gate = lastGate(agentRows, row.repo, approval.number, row.at);
      approvedPrs.set(`${row.repo}#${approval.number}`, row.at);
      if (gate) acc.of(gate.org, gate.actor).decide(row.at, "approved", Date.parse(row.at) - Date.parse(gate.at), inPeriod(row.at));
    }
    for (const r of resolutionsOf(row)) {
      const found = heldBy.get(`${row.repo}#${r.commentId}`);
      if (!found) continue;
      found.held.status = r.status;
      const s = acc.of(found.row.org, found.held.author);
      s.evidence.modes.add(found.held.mode);
      s.decide(row.at, r.status, Date.parse(row.at) - Date.parse(found.row.at), inPeriod(row.at));
    }
  }

  // 3. Trips, their incident issues, and the effects containment applied.
  const applied = rows.filter((r) => r.actorKind === "app" && r.action.startsWith("effect.") && r.verdict === "applied");
  // Each containment effect (by delivery and effect), and the agent whose containment it is.
  const containing = new Map<string, { org: string; agent: string }>();
  for (const row of rows) {
    const trip = row.action === "breaker.tripped" && row.verdict === "contained";
    const onArrival = row.actorKind === "agent" && row.verdict === "contained" && !row.action.startsWith("breaker.");
    if (!trip && !onArrival) continue;
    const agent = typeof row.detail.agent === "string" ? row.detail.agent : row.actor;
    for (const effect of row.effects)
      if (effect.kind !== "ensure_incident_issue") containing.set(effectKey(row.deliveryId, effect), { org: row.org, agent });
    if (!trip) continue;
    const incident = applied.find((e) => e.deliveryId === row.deliveryId && e.action === "effect.ensure_incident_issue" && e.at >= row.at);
    const s = acc.of(row.org, agent);
    s.tripIds.add(Number(row.detail.tripId));
    const url = typeof incident?.detail.url === "string" ? incident.detail.url : null;
    s.incidentUrls.set(Number(row.detail.tripId), url);
    if (inPeriod(row.at)) s.trips.push({ at: row.at, reason: String(row.detail.reason ?? "unknown"), incidentUrl: url });
  }
  for (const row of applied) {
    const owner = inPeriod(row.at) && row.effects[0] ? containing.get(effectKey(row.deliveryId, row.effects[0])) : undefined;
    if (owner) acc.of(owner.org, owner.agent).contained++;
  }
  // Breakers say what the audit rows given may not reach back to: a trip in the period, an open incident.
  for (const b of input.breakers) {
    const org = b.org.split("/")[0]!;
    if (b.trippedAt && inPeriod(b.trippedAt) && !acc.of(org, b.agent).tripIds.has(b.tripId)) {
      acc.of(org, b.agent).trips.push({ at: b.trippedAt, reason: b.reason ?? "unknown", incidentUrl: null });
    }
    if (b.state === "open") {
      const url = acc.of(org, b.agent).incidentUrls.get(b.tripId) ?? null;
      acc
        .of(org, b.agent)
        .waiting.push({ kind: "incident", repo: b.repo ?? "", number: numberOf(url), url, since: b.trippedAt ?? now.toISOString() });
    }
  }

  // 4. What waits: the last gate of each PR (or release) no approval came after; held comments still pending.
  const lastGates = new Map<string, AuditRow>();
  for (const row of agentRows) {
    if (row.verdict === "gate" && WAITING_GATE_KINDS[row.action] && row.targetNumber !== null && !observed(row))
      lastGates.set(`${row.repo}#${row.targetNumber}`, row);
    if ((row.action === "pull_request.closed" || row.action === "pull_request.merged") && row.targetNumber !== null)
      lastGates.delete(`${row.repo}#${row.targetNumber}`);
  }
  for (const [key, gate] of lastGates) {
    const approvedAt = approvedPrs.get(key);
    if (approvedAt !== undefined && approvedAt >= gate.at) continue;
    acc.of(gate.org, gate.actor).waiting.push({
      kind: WAITING_GATE_KINDS[gate.action]!,
      repo: gate.repo,
      number: gate.targetNumber,
      url: gate.targetUrl,
      since: gate.at,
    });
  }
  for (const { row, held } of heldBy.values()) {
    if (held.status !== "pending") continue;
    acc
      .of(row.org, held.author)
      .waiting.push({ kind: "comment", repo: row.repo, number: held.number || null, url: held.url || null, since: row.at });
  }

  // 5. The last drill, per agent or for all of them.
  const drills = new Map<string, string>();
  for (const row of rows) {
    if (!row.action.startsWith("command.") || row.verdict !== "command") continue;
    for (const agent of drilledAgents(row)) drills.set(`${row.org}\u0000${agent.toLowerCase()}`, row.at);
  }

  return acc.all().map((s) => {
    const lastDrill = latest(drills.get(`${s.org}\u0000${s.agent.toLowerCase()}`), drills.get(`${s.org}\u0000*`));
    const base = {
      agent: s.agent,
      org: s.org,
      repos: [...s.repos].sort(),
      actions: [...s.actions]
        .map(([key, count]) => ({ kind: key.split("\u0000")[0]!, verdict: key.split("\u0000")[1]!, count }))
        .sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind) || a.verdict.localeCompare(b.verdict)),
      approvals: s.approvals,
      rejections: s.rejections,
      medianApproveMs: median(s.approveMs),
      contained: s.contained,
      trips: s.trips.sort((a, b) => a.at.localeCompare(b.at)),
      waiting: s.waiting.sort((a, b) => a.since.localeCompare(b.since)),
      lastDrill,
    };
    return {
      ...base,
      recommendations: recommendChanges(
        { ...base, evidence: s.evidence, firstAt: s.firstAt ?? null, allTrips: s.tripIds.size },
        { from, to },
      ),
    };
  });
}

/** Held-comment decisions over every row given (the trust evidence), with the review modes seen. */
export interface ReviewEvidence {
  approved: number;
  rejected: number;
  modes: Set<HeldComment["mode"]>;
}

class AgentAccumulator {
  repos = new Set<string>();
  actions = new Map<string, number>();
  approvals = 0;
  rejections = 0;
  approveMs: number[] = [];
  contained = 0;
  trips: AgentSummary["trips"] = [];
  tripIds = new Set<number>();
  incidentUrls = new Map<number, string | null>();
  waiting: WaitingItem[] = [];
  firstAt: string | undefined;
  evidence: ReviewEvidence = { approved: 0, rejected: 0, modes: new Set() };

  constructor(
    readonly org: string,
    readonly agent: string,
  ) {}

  decide(_at: string, status: "approved" | "rejected", ms: number, inPeriod: boolean): void {
    if (status === "approved") this.evidence.approved++;
    else this.evidence.rejected++;
    if (!inPeriod) return;
    if (status === "approved") {
      this.approvals++;
      if (ms >= 0) this.approveMs.push(ms);
    } else this.rejections++;
  }
}

/** One accumulator per (org, agent); logins compare case-insensitively and keep their first spelling. */
class Accumulators {
  private readonly byKey = new Map<string, AgentAccumulator>();

  of(org: string, agent: string): AgentAccumulator {
    const key = `${org}\u0000${agent.toLowerCase()}`;
    let s = this.byKey.get(key);
    if (!s) this.byKey.set(key, (s = new AgentAccumulator(org, agent)));
    return s;
  }

  all(): AgentAccumulator[] {
    return [...this.byKey.values()].sort((a, b) => a.org.localeCompare(b.org) || a.agent.localeCompare(b.agent));
  }
}

/** Observe mode gates and holds nothing (its effects are only planned): nothing of it waits. */
function observed(row: AuditRow): boolean {
  return row.detail.mode === "observe";
}

function heldOf(row: AuditRow): HeldComment[] {
  const held = row.detail.held;
  return Array.isArray(held) ? (held as HeldComment[]).map((h) => ({ ...h, status: "pending" as const })) : [];
}

function resolutionsOf(row: AuditRow): { commentId: number; status: "approved" | "rejected" }[] {
  const list = row.detail.resolutions;
  if (!Array.isArray(list)) return [];
  return list.filter(
    (r): r is { commentId: number; status: "approved" | "rejected" } =>
      typeof r?.commentId === "number" && (r.status === "approved" || r.status === "rejected"),
  );
}

/** The agent's last gating row of a PR before `at`: the head a maintainer saw and approved. */
function lastGate(agentRows: readonly AuditRow[], repo: string, number: number, at: string): AuditRow | undefined {
  let found: AuditRow | undefined;
  for (const row of agentRows) {
    if (row.at > at) break;
    if (row.repo === repo && row.targetNumber === number && row.verdict === "gate" && row.action.startsWith("pull_request.")) found = row;
  }
  return found;
}

/**
 * The agents a drill command named (as `commandAgent` reads them: `@login`, `all` = "*", or the
 * thread's agent author). Only a drill whose reply the policy planned (it knew the agent) counts.
 */
function drilledAgents(row: AuditRow): string[] {
  const parsed = row.detail.commands as ParsedCommands | undefined;
  if (!parsed || !Array.isArray(parsed.commands) || !row.effects.some((e) => e.kind === "create_comment")) return [];
  const agents: string[] = [];
  for (const command of parsed.commands) {
    if (command.name !== "drill") continue;
    const first = command.args.filter((a) => !a.startsWith("--"))[0];
    if (first === "all") agents.push("*");
    else if (first?.startsWith("@")) agents.push(first.slice(1));
    else if (row.detail.threadAuthorKind === "agent" && typeof row.detail.threadAuthor === "string") agents.push(row.detail.threadAuthor);
  }
  return agents;
}

function effectKey(deliveryId: string | null, effect: unknown): string {
  return `${deliveryId ?? ""}\u0000${JSON.stringify(effect)}`;
}

function numberOf(url: string | null): number | null {
  const m = url?.match(/\/(?:issues|pull)\/(\d+)$/);
  return m ? Number(m[1]) : null;
}

function latest(a: string | undefined, b: string | undefined): string | null {
  if (a === undefined) return b ?? null;
  if (b === undefined) return a;
  return a > b ? a : b;
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}
