import { executeEffects } from "../effects/execute-effects.js";
import type { GitHubAdapter } from "../github/github-adapter.js";
import type { AgentAction } from "../policy/agent-action.js";
import { LABELS, type Effect } from "../policy/effect.js";
import { auditEntryFor } from "../store/audit-entry-for.js";
import type { BreakerRow, EffectRow, NewEffect } from "../store/store.js";
import { tripTag, type BreakerDeps } from "./trip-and-contain.js";
import { latestIncident } from "./refresh-incidents.js";
import { incidentUpdateTag } from "./trip-tag.js";

/**
 * Closes the agent's breakers — org-wide and this repository's — (compare-and-set: once each);
 * `all` closes the org-wide halt and every open breaker of the org and of this repository. With `undo`, the containment of each one's last trip is reversed for a false
 * positive, step by step (`inverseOf`): comments shown, issues and PRs reopened or closed again,
 * drafts marked ready, the agent assigned again, labels, text, refs and releases put back, revert
 * PRs closed; what cannot be undone (a revert commit on a branch, a cancelled run) is said in the
 * audit row and the reply. Without `undo`, only the access a cut-off took is given back.
 */
export async function resumeAndUndo(
  deps: BreakerDeps,
  github: GitHubAdapter,
  action: AgentAction,
  resume: { agent: string; undo: boolean },
  observe: boolean,
): Promise<void> {
  const scopes = [action.org, `${action.repo.owner}/${action.repo.repo}`];
  for (const scope of scopes) {
    const agents =
      resume.agent === "*" ? (await deps.store.breakers(scope)).filter((b) => b.state === "open").map((b) => b.agent) : [resume.agent];
    for (const agent of agents) await resumeOne(deps, github, action, scope, { agent, undo: resume.undo }, observe);
  }
}

async function resumeOne(
  deps: BreakerDeps,
  github: GitHubAdapter,
  action: AgentAction,
  scope: string,
  resume: { agent: string; undo: boolean },
  observe: boolean,
): Promise<void> {
  const { store, clock, log } = deps;
  const now = clock();
  const breaker = await store.resumeBreaker({ org: scope, agent: resume.agent, by: action.actor.login, at: now.toISOString() });
  if (!breaker) {
    log.info({ agent: resume.agent }, "resume: breaker was not open");
    return;
  }
  // Resuming gives back the access a cut-off took, --undo or not; --undo reverses the rest too.
  const all = await containmentOf(deps, action.org, resume.agent, breaker);
  const applied = resume.undo ? all : all.filter((row) => row.effect.kind === "cut_off_agent");
  const results = await resultsOf(deps, action.org, breaker);
  const outcomes = applied.map((row) => ({ row, inverse: inverseOf(row.effect, results.get(row.id) ?? resultOf(row)) }));
  // Access first (an agent assigned again needs it), then the plan's steps, then what was contained on arrival.
  const ordered = [...outcomes].sort((a, b) => Number(isRestore(b.inverse)) - Number(isRestore(a.inverse)));
  const undo: NewEffect[] = ordered.flatMap(({ row, inverse }) =>
    inverse !== null && "effect" in inverse
      ? [
          {
            deliveryId: action.deliveryId,
            installationId: row.installationId,
            owner: row.owner,
            repo: row.repo,
            effect: inverse.effect,
            status: observe ? ("planned" as const) : ("pending" as const),
          },
        ]
      : [],
  );
  const cannot = outcomes.flatMap(({ row, inverse }) =>
    inverse !== null && "cannot" in inverse ? [`${row.owner}/${row.repo} \`${row.effect.kind}\`: ${inverse.cannot}`] : [],
  );
  const notes = outcomes.flatMap(({ row, inverse }) =>
    inverse !== null && "effect" in inverse && inverse.note ? [`${row.owner}/${row.repo} \`${inverse.effect.kind}\`: ${inverse.note}`] : [],
  );
  const reply = resume.undo ? undoReply(action, resume.agent, undo, cannot, notes) : null;
  // The incident's debrief ends with who resumed the agent, when, and what was undone.
  const planTag = tripTag(breaker.org, resume.agent, breaker.tripId);
  const incident = await latestIncident(store, planTag);
  const resumedLine = `**Resumed** by @${action.actor.login} at ${now.toISOString()}${resume.undo ? `: ${undo.length} containment step(s) undone${cannot.length ? `, ${cannot.length} not undone (a human decides: ${cannot.join("; ")})` : ""}` : ""}.`;
  const incidentUpdate: NewEffect[] = incident
    ? [
        {
          deliveryId: action.deliveryId,
          installationId: incident.row.installationId,
          owner: incident.row.owner,
          repo: incident.row.repo,
          effect: { ...incident.effect, body: `${incident.effect.body}\n\n${resumedLine}` },
          status: observe ? "planned" : "pending",
          tag: incidentUpdateTag(planTag),
        },
      ]
    : [];
  const committed = await store.commitDecision({
    deliveryId: `${action.deliveryId}:resume:${scope}:${resume.agent}`,
    event: action.event,
    at: now.toISOString(),
    audit: auditEntryFor(action, now, {
      action: "breaker.resumed",
      verdict: "command",
      reasons: [
        `${action.actor.login} resumed ${resume.agent}${resume.undo ? `: undoing ${undo.length} containment step(s)` : undo.length ? `: access given back (${undo.length} step(s))` : ""}`,
        ...notes,
        ...cannot.map((c) => `not undone: ${c}`),
      ],
      effects: [...undo.map((u) => u.effect), ...(reply ? [reply] : [])],
      detail: { agent: resume.agent, tripId: breaker.tripId, undo: resume.undo, ...(cannot.length ? { notUndone: cannot } : {}) },
    }),
    effects: [
      ...undo,
      ...incidentUpdate,
      ...(reply
        ? [
            {
              deliveryId: action.deliveryId,
              installationId: action.installationId,
              owner: action.repo.owner,
              repo: action.repo.repo,
              effect: reply,
              status: observe ? ("planned" as const) : ("pending" as const),
            },
          ]
        : []),
    ],
  });
  if (!committed) return;
  log.info({ audit: true, agent: resume.agent, undo: undo.length, notUndone: cannot.length }, "breaker resumed");
  const executor = { store, clock, log, appLogin: deps.appLogin, outbox: deps.outbox };
  await executeEffects(executor, github, committed.effects);
}

/** The reply to `resume --undo` in the command's thread: what is undone and, step by step, what cannot be and why. */
function undoReply(
  action: AgentAction,
  agent: string,
  undo: readonly NewEffect[],
  cannot: readonly string[],
  notes: readonly string[],
): Effect | null {
  if (action.target.number === undefined || action.kind.startsWith("discussion")) return null;
  const lines = [
    `Resumed \`${agent}\` and undid ${undo.length} containment step(s)${undo.length ? `: ${[...new Set(undo.map((u) => `\`${u.effect.kind}\``))].join(", ")}` : ""}.`,
    ...(notes.length ? ["", ...notes.map((n) => `- ${n}`)] : []),
    ...(cannot.length ? ["", `Not undone (${cannot.length}): a human decides about these.`, "", ...cannot.map((c) => `- ${c}`)] : []),
  ];
  return { kind: "create_comment", number: action.target.number, body: lines.join("\n") };
}

function isRestore(inverse: Inverse | null): boolean {
  return inverse !== null && "effect" in inverse && inverse.effect.kind === "restore_agent_access";
}

/**
 * What each applied effect's execution returned (its `effect.*` audit row's detail, keyed by the
 * outbox id): the unassigned numbers, the revert PR, the permission a cut-off took away.
 */
async function resultsOf(deps: BreakerDeps, org: string, breaker: BreakerRow): Promise<Map<number, Record<string, unknown>>> {
  const rows = await deps.store.listAudit({
    org,
    actor: deps.appLogin,
    ...(breaker.trippedAt ? { since: breaker.trippedAt } : {}),
    limit: 10_000,
  });
  const results = new Map<number, Record<string, unknown>>();
  for (const row of rows) {
    const id = row.detail.effectId;
    if (row.action.startsWith("effect.") && row.verdict === "applied" && typeof id === "number") results.set(id, row.detail);
  }
  return results;
}

/** The outbox row's own result, where the store keeps one. */
function resultOf(row: EffectRow): Record<string, unknown> {
  const result = (row as EffectRow & { result?: unknown }).result;
  return result !== null && typeof result === "object" ? (result as Record<string, unknown>) : {};
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
  const contained = (
    await deps.store.listAudit({ org, ...inRepo, since: breaker.trippedAt, ...(agent === "*" ? {} : { actor: agent }), limit: 10_000 })
  ).filter(
    (row) => row.actorKind === "agent" && row.verdict === "contained" && row.deliveryId !== null && !row.action.startsWith("breaker."),
  );
  const onArrival = await Promise.all(
    [...new Set(contained.map((row) => row.deliveryId!))].map((id) => deps.store.listEffects({ deliveryId: id, status: "applied" })),
  );
  const seen = new Set(planned.map((row) => row.id));
  return [...planned, ...onArrival.flat().filter((row) => !seen.has(row.id) && row.tag == null)];
}

/** The undo of one containment step, with what a human should know; or why it cannot be undone; null: nothing to undo. */
export type Inverse = { effect: Effect; note?: string } | { cannot: string };

/**
 * The undo of one step containment (or the decision on arrival) applied, from the step and what
 * applying it returned (`result`). Pure.
 */
export function inverseOf(effect: Effect, result: Record<string, unknown> = {}): Inverse | null {
  switch (effect.kind) {
    case "minimize_comment":
      return { effect: { kind: "unminimize_comment", nodeId: effect.nodeId } };
    case "close_issue":
      return { effect: { kind: "reopen_issue", number: effect.number } };
    case "close_pull_request":
      return { effect: { kind: "reopen_pull_request", number: effect.number } };
    case "reopen_issue":
      return { effect: { kind: "close_issue", number: effect.number } };
    case "reopen_pull_request":
      return { effect: { kind: "close_pull_request", number: effect.number } };
    case "add_label":
      // The gate's own labels (pending approval, flagged) are the ordinary decision's, not containment's: they stay.
      return effect.label === LABELS.pending || effect.label === LABELS.flagged
        ? null
        : { effect: { kind: "remove_label", number: effect.number, label: effect.label } };
    case "remove_label":
      return { effect: { kind: "add_label", number: effect.number, label: effect.label } };
    case "convert_to_draft":
      return { effect: { kind: "mark_ready_for_review", prNodeId: effect.prNodeId, number: effect.number } };
    case "unassign_agent": {
      const numbers = numbersOf(result.numbers) ?? numbersOf(result.unassigned);
      if (numbers === undefined)
        return { cannot: `the issues ${effect.login} was unassigned from were not recorded: assign it again by hand` };
      return numbers.length ? { effect: { kind: "assign_agent", login: effect.login, numbers } } : null;
    }
    case "restore_issue_text":
    case "restore_discussion_text": {
      const replaced = textOf(result.replaced) ?? effect.replaced ?? {};
      const back = {
        ...(effect.title !== undefined && replaced.title !== undefined ? { title: replaced.title } : {}),
        ...(effect.body !== undefined && replaced.body !== undefined ? { body: replaced.body } : {}),
      };
      const missing = (["title", "body"] as const).filter((k) => effect[k] !== undefined && replaced[k] === undefined);
      if (Object.keys(back).length === 0)
        return { cannot: `the agent's ${missing.join(" and ")} was not recorded: it stays restored to the human's text` };
      const note = missing.length
        ? `only the ${Object.keys(back).join(" and ")} put back: the agent's ${missing.join(" and ")} was not recorded`
        : undefined;
      const undo: Effect =
        effect.kind === "restore_issue_text"
          ? { kind: "restore_issue_text", number: effect.number, ...back }
          : { kind: "restore_discussion_text", discussionNodeId: effect.discussionNodeId, ...back };
      return note ? { effect: undo, note } : { effect: undo };
    }
    case "restore_comment_text": {
      const body = textOf(result.replaced)?.body ?? effect.replaced?.body;
      if (body === undefined) return { cannot: "the agent's text was not recorded: the comment stays restored to the human's text" };
      return {
        effect: { kind: "restore_comment_text", surface: effect.surface, commentId: effect.commentId, nodeId: effect.nodeId, body },
      };
    }
    case "delete_ref": {
      const sha = effect.sha ?? (typeof result.sha === "string" ? result.sha : undefined);
      if (sha === undefined) return { cannot: `\`${effect.ref}\` was deleted at a sha the app did not record: push it again from a clone` };
      return { effect: { kind: "create_ref", ref: effect.ref, sha } };
    }
    case "create_ref":
      // Deleted again only while it still points where containment put it: someone may have pushed since.
      return { effect: { kind: "delete_ref", ref: effect.ref, sha: effect.sha } };
    case "set_release_draft":
      return { effect: { kind: "set_release_draft", releaseId: effect.releaseId, draft: !effect.draft } };
    case "cut_off_agent": {
      const permission = typeof result.permission === "string" ? result.permission : undefined;
      return {
        effect: { kind: "restore_agent_access", login: effect.login, how: effect.how, ...(permission !== undefined ? { permission } : {}) },
      };
    }
    case "revert_push": {
      const pr = typeof result.revertPullRequest === "number" ? result.revertPullRequest : undefined;
      if (pr !== undefined)
        return {
          effect: { kind: "close_pull_request", number: pr },
          note: `revert PR #${pr} closed if still open; if it was merged, a human reverts it`,
        };
      return {
        cannot: `the revert commit${typeof result.revertCommit === "string" ? ` ${result.revertCommit.slice(0, 7)}` : ""} is already on \`${effect.ref}\`: a human reverts the revert if the push was right`,
      };
    }
    case "revert_merge": {
      const pr = typeof result.revertPullRequest === "number" ? result.revertPullRequest : undefined;
      if (pr === undefined) return { cannot: `the revert PR of #${effect.number} was not recorded: close it by hand` };
      return {
        effect: { kind: "close_pull_request", number: pr },
        note: `revert PR #${pr} of #${effect.number} closed if still open; if it was merged, a human reverts it`,
      };
    }
    case "disable_auto_merge":
      return { cannot: `auto-merge on #${effect.number} stays off: a human enables it again` };
    case "cancel_workflow_run":
      return { cannot: `run ${effect.runId} was cancelled: a cancelled run cannot be resumed; re-run it from the Actions tab` };
    case "delete_discussion":
      return { cannot: `discussion #${effect.number} was deleted: it stays held for \`/guardrails approve\`` };
    case "dismiss_review":
      return { cannot: `the agent's review on #${effect.number} was dismissed: a dismissal cannot be undone` };
    // Records, markers and the undos themselves: nothing containment took away.
    case "ensure_check_run":
    case "create_comment":
    case "unminimize_comment":
    case "delete_comment":
    case "ensure_incident_issue":
    case "create_discussion":
    case "remove_requested_reviewer":
    case "mark_ready_for_review":
    case "assign_agent":
    case "restore_agent_access":
    case "open_config_pull_request":
      return null;
    default: {
      const never: never = effect;
      return never;
    }
  }
}

function numbersOf(value: unknown): number[] | undefined {
  return Array.isArray(value) && value.every((n) => typeof n === "number") ? (value as number[]) : undefined;
}

function textOf(value: unknown): { title?: string; body?: string } | undefined {
  if (value === null || typeof value !== "object") return undefined;
  const v = value as { title?: unknown; body?: unknown };
  return { ...(typeof v.title === "string" ? { title: v.title } : {}), ...(typeof v.body === "string" ? { body: v.body } : {}) };
}
