import type { Effect } from "../../src/policy/effect.js";
import type { HeldComment } from "../../src/policy/held-comment.js";
import { parseCommands } from "../../src/commands/parse-commands.js";
import type { AuditRow, BreakerRow } from "../../src/store/store.js";

/**
 * Audit rows shaped as the app writes them (src/pipeline.ts `auditEntry`, commit-containment's
 * `breaker.tripped`, execute-effects' `effect.*`), for the owner's summary and the digest.
 */
export const AGENT = "copilot-swe-agent[bot]";
export const REPO = "acme/widgets";
let nextId = 1;

function base(at: string, over: Partial<AuditRow>): AuditRow {
  return {
    id: nextId++,
    at,
    deliveryId: `d-${nextId}`,
    org: "acme",
    repo: REPO,
    actor: AGENT,
    actorKind: "agent",
    action: "issue_comment.created",
    targetNumber: 7,
    targetNodeId: null,
    targetUrl: null,
    targetSha: null,
    verdict: "allow",
    reasons: [],
    effects: [],
    detail: { mode: "enforce" },
    ...over,
  };
}

/** An agent's action with its verdict. */
export function agentRow(at: string, action: string, verdict: string, over: Partial<AuditRow> = {}): AuditRow {
  return base(at, { action, verdict, ...over });
}

/** An agent PR gated (drafted, check pending) at `at`. */
export function gatedPr(at: string, number: number, agent = AGENT, kind = "pull_request.opened"): AuditRow {
  return base(at, {
    actor: agent,
    action: kind,
    verdict: "gate",
    targetNumber: number,
    targetUrl: `https://github.com/${REPO}/pull/${number}`,
  });
}

/** An agent comment held (`hold`) or hidden (`hide`) for approval. */
export function heldComment(at: string, commentId: number, mode: "hide" | "hold" = "hold", agent = AGENT, number = 7): AuditRow {
  const held: HeldComment = {
    commentId,
    nodeId: `IC_${commentId}`,
    url: `https://github.com/${REPO}/issues/${number}#issuecomment-${commentId}`,
    number,
    surface: "issue_comment",
    author: agent,
    body: "text",
    mode,
    external: false,
    status: "pending",
  };
  return base(at, {
    actor: agent,
    action: "issue_comment.created",
    verdict: "gate",
    targetNumber: number,
    detail: { mode: "enforce", held: [held] },
  });
}

/** A maintainer's honoured command comment (`/guardrails …`) in thread `number`. */
export function command(at: string, body: string, detail: Record<string, unknown> = {}, number = 7, effects: Effect[] = []): AuditRow {
  const parsed = parseCommands(body);
  const names = parsed.commands.map((c) => c.name).join("+");
  return base(at, {
    actor: "maint",
    actorKind: "human",
    action: `command.${names}`,
    verdict: "command",
    targetNumber: number,
    effects,
    detail: { mode: "enforce", commands: parsed, threadAuthor: AGENT, threadAuthorKind: "agent", ...detail },
  });
}

export function approvePr(at: string, number: number): AuditRow {
  return command(at, "/guardrails approve", { approval: { number, headSha: "a".repeat(40), approver: "maint" } }, number);
}

export function resolve(at: string, status: "approved" | "rejected", ...commentIds: number[]): AuditRow {
  return command(at, status === "approved" ? "/guardrails approve" : "/guardrails reject", {
    resolutions: commentIds.map((commentId) => ({ commentId, status, resolver: "maint" })),
  });
}

export function drill(at: string, body = "/guardrails drill", threadAuthor = AGENT): AuditRow {
  return command(at, body, { threadAuthor, threadAuthorKind: "agent" }, 7, [{ kind: "create_comment", number: 7, body: "drill report" }]);
}

/** A trip as commit-containment records it, with its containment steps, and the incident issue applied. */
export function trip(
  at: string,
  tripId: number,
  reason: string,
  steps: Effect[],
  agent = AGENT,
): { rows: AuditRow[]; incidentUrl: string } {
  const deliveryId = `trip-delivery-${tripId}`;
  const incident: Effect = {
    kind: "ensure_incident_issue",
    title: `Agent guardrails tripped: ${agent}`,
    body: "…",
    labels: ["agent:halted"],
  };
  const incidentUrl = `https://github.com/${REPO}/issues/${100 + tripId}`;
  return {
    incidentUrl,
    rows: [
      base(at, {
        deliveryId,
        actor: agent,
        action: "breaker.tripped",
        verdict: "contained",
        effects: [incident, ...steps],
        detail: { agent, reason, evidence: "x", scope: "acme", tripId, by: agent, tag: `trip:acme:${agent}:${tripId}`, mode: "enforce" },
      }),
      appliedEffect(at, deliveryId, incident, { issueNumber: 100 + tripId, url: incidentUrl, created: true }),
    ],
  };
}

/** An effect the executor applied, as its audit row. */
export function appliedEffect(
  at: string,
  deliveryId: string,
  effect: Effect,
  result: Record<string, unknown> = {},
  verdict = "applied",
): AuditRow {
  return base(at, {
    deliveryId,
    actor: "agent-guardrails[bot]",
    actorKind: "app",
    action: `effect.${effect.kind}`,
    verdict,
    effects: [effect],
    detail: { effectId: nextId, attempts: 1, ...result },
  });
}

export function breaker(over: Partial<BreakerRow>): BreakerRow {
  return {
    org: "acme",
    agent: AGENT,
    state: "open",
    tripId: 1,
    reason: "rate",
    evidence: "x",
    repo: REPO,
    trippedAt: null,
    resumedAt: null,
    resumedBy: null,
    containedAt: null,
    installationId: 1,
    plannedTripId: 1,
    ...over,
  };
}
