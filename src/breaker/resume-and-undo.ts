import { executeEffects } from "../effects/execute-effects.js";
import type { GitHubAdapter } from "../github/github-adapter.js";
import type { AgentAction } from "../policy/agent-action.js";
import { LABELS, type Effect } from "../policy/effect.js";
import { auditEntryFor } from "../store/audit-entry-for.js";
import type { BreakerRow, EffectRow, NewEffect } from "../store/store.js";
import { tripTag, type BreakerDeps } from "./trip-and-contain.js";

/**
 * Closes the agent's breakers — org-wide and this repository's — (compare-and-set: once each);
 * `all` closes the org-wide halt and every open breaker of the org and of this repository. With `undo`, the containment of each one's last trip is reversed for a false
 * positive: hidden comments unminimized, closed issues and PRs reopened, the halted label removed.
 * Reverts and drafts stay: a human decides about those.
 */
export async function resumeAndUndo(deps: BreakerDeps, github: GitHubAdapter, action: AgentAction, resume: { agent: string; undo: boolean }, observe: boolean): Promise<void> {
  const scopes = [action.org, `${action.repo.owner}/${action.repo.repo}`];
  for (const scope of scopes) {
    const agents = resume.agent === "*" ? (await deps.store.breakers(scope)).filter((b) => b.state === "open").map((b) => b.agent) : [resume.agent];
    for (const agent of agents) await resumeOne(deps, github, action, scope, { agent, undo: resume.undo }, observe);
  }
}

async function resumeOne(deps: BreakerDeps, github: GitHubAdapter, action: AgentAction, scope: string, resume: { agent: string; undo: boolean }, observe: boolean): Promise<void> {
  const { store, clock, log } = deps;
  const now = clock();
  const breaker = await store.resumeBreaker({ org: scope, agent: resume.agent, by: action.actor.login, at: now.toISOString() });
  if (!breaker) {
    log.info({ agent: resume.agent }, "resume: breaker was not open");
    return;
  }
  const applied = resume.undo ? await containmentOf(deps, action.org, resume.agent, breaker) : [];
  const undo: NewEffect[] = applied.flatMap((row) => {
    const inverse = inverseOf(row.effect);
    return inverse ? [{ deliveryId: action.deliveryId, installationId: row.installationId, owner: row.owner, repo: row.repo, effect: inverse, status: observe ? ("planned" as const) : ("pending" as const) }] : [];
  });
  const committed = await store.commitDecision({
    deliveryId: `${action.deliveryId}:resume:${scope}:${resume.agent}`,
    event: action.event,
    at: now.toISOString(),
    audit: auditEntryFor(action, now, {
      action: "breaker.resumed",
      verdict: "command",
      reasons: [`${action.actor.login} resumed ${resume.agent}${resume.undo ? `: undoing ${undo.length} containment step(s)` : ""}`],
      effects: undo.map((u) => u.effect),
      detail: { agent: resume.agent, tripId: breaker.tripId, undo: resume.undo },
    }),
    effects: undo,
  });
  if (!committed) return;
  log.info({ audit: true, agent: resume.agent, undo: undo.length }, "breaker resumed");
  const executor = { store, clock, log, appLogin: deps.appLogin, outbox: deps.outbox };
  await executeEffects(executor, github, committed.effects);
}

/**
 * Everything containment applied for one trip: the plan's steps (tagged with the trip), and what
 * was undone on arrival while the agent was halted (the effects of its `contained` actions
 * since the trip). Comments deleted on arrival stay held: a maintainer can still approve them.
 */
async function containmentOf(deps: BreakerDeps, org: string, agent: string, breaker: BreakerRow): Promise<EffectRow[]> {
  // `breaker.org` is the breaker's scope: the org, or `owner/repo` for a repository's breaker.
  const planned = await deps.store.listEffects({ tag: tripTag(breaker.org, agent, breaker.tripId), status: "applied" });
  if (!breaker.trippedAt) return planned;
  const inRepo = breaker.org.includes("/") ? { repo: breaker.org } : {};
  const contained = (await deps.store.listAudit({ org, ...inRepo, since: breaker.trippedAt, ...(agent === "*" ? {} : { actor: agent }), limit: 10_000 })).filter(
    (row) => row.actorKind === "agent" && row.verdict === "contained" && row.deliveryId !== null && !row.action.startsWith("breaker."),
  );
  const onArrival = await Promise.all([...new Set(contained.map((row) => row.deliveryId!))].map((id) => deps.store.listEffects({ deliveryId: id, status: "applied" })));
  const seen = new Set(planned.map((row) => row.id));
  return [...planned, ...onArrival.flat().filter((row) => !seen.has(row.id) && row.tag == null)];
}

function inverseOf(effect: Effect): Effect | null {
  switch (effect.kind) {
    case "minimize_comment":
      return { kind: "unminimize_comment", nodeId: effect.nodeId };
    case "close_issue":
      return { kind: "reopen_issue", number: effect.number };
    case "close_pull_request":
      return { kind: "reopen_pull_request", number: effect.number };
    case "add_label":
      return effect.label === LABELS.halted ? { kind: "remove_label", number: effect.number, label: effect.label } : null;
    default:
      return null;
  }
}
