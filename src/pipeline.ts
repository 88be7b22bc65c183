/**
 * The pipeline, one webhook at a time (docs/design.md "The pipeline"):
 *  0. a delivery without an id (no or an empty X-GitHub-Delivery) is refused: nothing is stored, so
 *     '' is never recorded and a later delivery without an id is not taken for its redelivery;
 *  1. a redelivery (delivery id already committed) stops here, unless the decision tripped and its
 *     process stopped before the trip was made real (the inbox runs it again): then only the trip;
 *  2. a push that changes the config: a human's invalidates its cache (and gets the new file
 *     validated); an agent's — or one carrying an agent's commits — is judged by the config before
 *     it, which stays in force (held) until a human's push changes the file (configForPush);
 *  3. config from the default branch (cached: a human's event costs no GitHub request);
 *  4. normalize the payload into an AgentAction, or stop: most human events end here;
 *  5. gather the few facts the payload lacks (a commander's role, a PR head);
 *  6. decide — pure;
 *  7. commit delivery + audit row + approval + effects in one transaction (recordOnce); an agent's
 *     action re-reads its activity there under the agent's lock and is decided again if it changed,
 *     so limits are checked and counted atomically (no overshoot across deliveries or replicas);
 *  8. a trip opens the breaker first (once: compare-and-set) and plans containment; then the
 *     effects go out through the one adapter (or are only planned, in observe mode); a resume
 *     closes the breaker.
 *  Every write by an account not listed as an agent (whether normalize dropped it or not: a human's
 *  PR or command too) is counted for the pace alert, in the store only, without a GitHub request.
 */
import type { Logger } from "pino";
import { alertPace } from "./breaker/alert-pace.js";
import { alertTier } from "./breaker/alert-tier.js";
import { interruptedTrip } from "./breaker/interrupted-trip.js";
import { resumeAndUndo } from "./breaker/resume-and-undo.js";
import { tripAndContain } from "./breaker/trip-and-contain.js";
import { printable } from "./text/printable.js";
import { formatIssue, type ConfigIssue } from "./config/config-errors.js";
import { loadConfig, unreadableConfig } from "./config/load-config.js";
import type { LoadedConfig } from "./config/loaded-config.js";
import { reportConfigIssues } from "./config/report-config-issues.js";
import type { GuardrailsConfig } from "./config/schema.js";
import { executeEffects } from "./effects/execute-effects.js";
import type { GitHubAdapter } from "./github/github-adapter.js";
import { strictReads } from "./github/strict-reads.js";
import type { AgentAction, RepoRef } from "./policy/agent-action.js";
import { activityClass } from "./policy/breaker/activity-counts.js";
import { decide } from "./policy/decide.js";
import type { Decision } from "./policy/decision.js";
import type { Effect } from "./policy/effect.js";
import { THREAD_COMMENT_KINDS } from "./policy/breaker/thread-comment-kinds.js";
import type { PolicyState } from "./policy/policy-state.js";
import type { AuditEntry, CountedCommit, DecisionCommit, NewEffect } from "./store/store.js";
import { configForPush } from "./webhooks/config-for-push.js";
import { configPushSha } from "./webhooks/config-push.js";
import { gatherFacts } from "./webhooks/gather-facts.js";
import { rememberAgentBranch } from "./webhooks/remember-agent-branch.js";
import { rememberRefSha } from "./webhooks/remember-ref-sha.js";
import { MalformedPayloadError, normalize } from "./webhooks/normalize.js";
import { withBranchEvidence } from "./webhooks/branch-evidence.js";
import { knownAgentsFor } from "./policy/tier/known-agents.js";
import { repoOf, senderOf } from "./webhooks/payload-fields.js";
import type { PipelineDeps, WebhookEvent } from "./pipeline-deps.js";

/** What happened to a delivery (for logs and tests). */
export type PipelineOutcome = "refused" | "redelivery" | "irrelevant" | "malformed" | "committed";

/** Whether a delivery carries an id to record it under: '' (an empty or missing X-GitHub-Delivery) never does. */
export function hasDeliveryId(id: unknown): id is string {
  return typeof id === "string" && id.trim() !== "";
}

/** Runs one webhook through the pipeline. Never throws for bad input; GitHub read failures propagate. */
export async function handleWebhook(deps: PipelineDeps, github: GitHubAdapter, event: WebhookEvent, log: Logger): Promise<PipelineOutcome> {
  const { store, clock } = deps;
  if (!hasDeliveryId(event.id)) {
    log.error({ event: event.name }, "delivery refused: no X-GitHub-Delivery id (nothing stored)");
    return "refused";
  }
  // Committed already: a redelivery, or the inbox running again a delivery whose process stopped
  // after the commit; then only a trip it decided may be left to make real.
  const unfinishedTrip = (await store.hasDelivery(event.id)) ? await interruptedTrip(store, event.id) : undefined;
  if (unfinishedTrip === null) {
    log.info("redelivery: already handled");
    return "redelivery";
  }
  const repo = repoOf(event.payload);
  if (repo === null) return "irrelevant";

  // The last attempt after failed reads: what still fails is taken at its strictest, and named.
  const failedReads: string[] = [];
  if (event.degraded === true) github = strictReads(github, failedReads);
  const configSha = configPushSha(event.name, event.payload);
  const { loaded, applied } =
    configSha === null
      ? { loaded: await configOf(deps, github, event, repo, failedReads), applied: false }
      : await configForPush(deps, github, event, repo);
  if (configSha !== null && applied && loaded.issues.length > 0) {
    // Its own outbox key, so the report is made once and the push itself still goes on below.
    await reportConfigIssues(deps, github, event, repo, configSha, loaded.issues, loaded.fallback, log);
  }

  await rememberAgentBranch(deps, event, loaded.config.agents);
  await rememberRefSha(deps, event, loaded.config.agents);

  let action: AgentAction | null;
  try {
    action = normalize(event.name, event.id, event.payload, {
      agents: loaded.config.agents,
      appLogin: deps.appLogin,
      knownAgents: knownAgentsFor(loaded.config.tiers),
    });
  } catch (error) {
    if (!(error instanceof MalformedPayloadError)) throw error;
    log.warn({ err: error.message }, "malformed payload skipped");
    return "malformed";
  }
  if (unfinishedTrip !== undefined && action !== null) {
    log.warn(
      { agent: unfinishedTrip.agent, reason: unfinishedTrip.reason },
      "committed decision's trip was interrupted: making it real now",
    );
    await tripAndContain(
      { store, clock, log, appLogin: deps.appLogin ?? "agent-guardrails[bot]", outbox: deps.outbox },
      github,
      action,
      unfinishedTrip,
      loaded.config,
      action.actor.login,
    );
    return "redelivery";
  }
  // Every write by someone not listed as an agent is counted (a human's PR or command too, not only
  // what normalize dropped): store only, never a GitHub request.
  if (action === null || action.actor.kind !== "agent") await alertPace(deps, github, event, loaded.config, log);
  if (action === null) return "irrelevant";
  // A person's push with evidence is remembered on its branch; the PR from it reads it (store only).
  action = await withBranchEvidence(store, action, clock());
  // The delivery logger already carries actor and action (from the payload); only a different normalized actor is added.
  const actionLog = action.actor.login === senderOf(event.payload) ? log : log.child({ agent: action.actor.login });

  const now = clock();
  const state = await gatherFacts(action, loaded.config, {
    github,
    store,
    roles: deps.roles,
    appLogin: deps.appLogin,
    now,
    installationPermissions: deps.installationPermissions,
  });
  const facts: PolicyState = { ...state, configIssues: loaded.issues.map(formatIssue) };
  let decision = decide(action, loaded.config, facts, now);
  if (decision.verdict === "ignore") return "irrelevant";

  const observe = loaded.config.mode === "observe";
  const commitFor = (d: Decision): DecisionCommit => ({
    deliveryId: event.id,
    event: event.name,
    at: now.toISOString(),
    audit: auditEntry(action, d, loaded.config, now, loaded.issues, state, event.degraded === true ? failedReads : undefined),
    effects: d.effects.map((effect) => outboxRow(action, effect, observe)),
    approval: d.approval && { owner: action.repo.owner, repo: action.repo.repo, ...d.approval, at: now.toISOString() },
    // Observe mode hides and deletes nothing, so nothing is held either: a hold recorded now would
    // let a later approval (once enforcing) re-post a comment that is still up, and a resolution
    // would mark approved a comment whose restoring was only planned. The audit row keeps the text.
    holds: observe
      ? undefined
      : d.holds?.map((h) => ({
          ...h,
          owner: action.repo.owner,
          repo: action.repo.repo,
          at: now.toISOString(),
          resolver: null,
          resolvedAt: null,
        })),
    resolutions: observe
      ? undefined
      : d.resolutions?.map((r) => ({ ...r, owner: action.repo.owner, repo: action.repo.repo, at: now.toISOString() })),
    // Only an agent's writes are counted (a workflow run is not one of its own: activityClass).
    activity:
      action.actor.kind === "agent" && activityClass(action.kind).action
        ? {
            org: action.org,
            actor: action.actor.login,
            repo: `${action.repo.owner}/${action.repo.repo}`,
            kind: action.kind,
            at: now.toISOString(),
            // A comment remembers its thread: the loop breaker reads the chain from these rows.
            ...(THREAD_COMMENT_KINDS.has(action.kind) && action.target.number !== undefined
              ? { thread: action.target.number, actorKind: "agent" as const }
              : {}),
          }
        : undefined,
  });
  // Limits are checked and counted atomically per agent: the store re-reads the windows under the
  // agent's lock, inside the transaction that counts this action, and when other deliveries were
  // counted since the facts were gathered, the same pure `decide` runs again with those counts.
  const counts = state.activity;
  const counted: CountedCommit | undefined =
    counts === undefined || action.actor.kind !== "agent"
      ? undefined
      : {
          org: action.org,
          actor: action.actor.login,
          now,
          burstSeconds: loaded.config.limits.burst.seconds,
          ...(loaded.config.limits.per_repo ? { repo: `${action.repo.owner}/${action.repo.repo}` } : {}),
          counts,
          redecide: (fresh) => {
            decision = decide(action, loaded.config, { ...facts, activity: fresh }, now);
            return commitFor(decision);
          },
        };
  const committed = await store.commitDecision(commitFor(decision), counted);
  if (committed === null) {
    actionLog.info("redelivery: another worker committed it first");
    return "redelivery";
  }
  deps.metrics?.agentAction(action.kind, decision.verdict, action.actor.kind);
  actionLog.info(
    { audit: true, verdict: decision.verdict, effects: decision.effects.map((e) => e.kind) },
    printable(decision.reasons.join("; ") || decision.verdict, 2000),
  );
  const executor = {
    store,
    clock,
    log: actionLog,
    appLogin: deps.appLogin ?? "agent-guardrails[bot]",
    outbox: deps.outbox,
    installationPermissions: deps.installationPermissions,
    metrics: deps.metrics,
  };
  // A trip opens the breaker before anything is sent: from that moment every later action is
  // contained on arrival (the source is stopped), not only once this action's own writes are done.
  // Then the action that tripped is contained by its own effects (the plan skips it), then the
  // plan drains the past.
  const ownEffects = () => executeEffects(executor, github, committed.effects);
  if (decision.trip) await tripAndContain(executor, github, action, decision.trip, loaded.config, action.actor.login, ownEffects);
  else await ownEffects();
  if (decision.resume) await resumeAndUndo(executor, github, action, decision.resume, observe);
  if (action.tier === "suspected") await alertTier(deps, github, action, loaded.config, actionLog);
  return "committed";
}

/**
 * A comment or push by a person's account that carries no command: almost surely a human's, so
 * its config may come from the cache however old (it must cost no GitHub request). An agent on a
 * person's account is still recognised from the cached `agents` list.
 */
function likelyHuman(event: WebhookEvent): boolean {
  const p = event.payload as { sender?: { type?: unknown }; comment?: { body?: unknown }; review?: { body?: unknown } } | null;
  if (p?.sender?.type !== "User" || event.name === "pull_request") return false;
  const body = p.comment?.body ?? p.review?.body;
  return !(typeof body === "string" && body.includes("/guardrails"));
}

/**
 * The config from the default branch (cached: a human's ordinary event costs no request). On the
 * degraded attempt any cached text is used however old, and a read that still fails gives the
 * last valid config or the strict defaults.
 */
async function configOf(
  deps: PipelineDeps,
  github: GitHubAdapter,
  event: WebhookEvent,
  repo: RepoRef,
  failedReads: string[],
): Promise<LoadedConfig> {
  const load = () =>
    loadConfig({ github, cache: deps.store, now: deps.clock(), acceptStale: event.degraded === true || likelyHuman(event) }, repo);
  if (event.degraded !== true) return load();
  try {
    return await load();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    failedReads.push(`config: ${reason}`);
    return unreadableConfig({ cache: deps.store }, repo, reason);
  }
}

function auditEntry(
  action: AgentAction,
  decision: Decision,
  config: GuardrailsConfig,
  now: Date,
  issues: readonly ConfigIssue[],
  state: PolicyState,
  failedReads?: readonly string[],
): AuditEntry {
  const { target } = action;
  const commandNames = action.commands?.commands.map((c) => c.name) ?? [];
  return {
    at: now.toISOString(),
    deliveryId: action.deliveryId,
    org: action.org,
    repo: `${action.repo.owner}/${action.repo.repo}`,
    actor: action.actor.login,
    actorKind: action.actor.kind,
    action: action.actor.kind === "agent" || commandNames.length === 0 ? action.kind : `command.${commandNames.join("+") || "ignored"}`,
    targetNumber: target.number ?? null,
    targetNodeId: target.nodeId ?? null,
    targetUrl: target.url ?? null,
    targetSha: target.sha ?? null,
    verdict: decision.verdict,
    reasons: failedReads?.length
      ? [`decided on what is known after GitHub failed the reads (${failedReads.join("; ")})`, ...decision.reasons]
      : decision.reasons,
    effects: decision.effects,
    detail: {
      mode: config.mode,
      event: action.event,
      // Who the actor was taken for, and why (docs/agents.md): what the digest and dashboard list by account.
      tier: action.tier ?? "human",
      ...(action.evidence?.length ? { evidence: action.evidence } : {}),
      // Which permission undoing it needs: GitHub checks `pull_requests` for a PR's comments and labels.
      ...(target.isPullRequest !== undefined ? { isPullRequest: target.isPullRequest } : {}),
      ...(target.author ? { threadAuthor: target.author.login, threadAuthorKind: target.author.kind } : {}),
      ...(target.paths ? { paths: target.paths } : {}),
      ...(target.ref ? { ref: target.ref } : {}),
      ...(target.before ? { before: target.before, toDefaultBranch: target.toDefaultBranch === true } : {}),
      ...targetDetail(target),
      ...(state.external
        ? {
            external: state.external.outsideThread || state.external.outsideMentions.length > 0,
            outsideMentions: state.external.outsideMentions,
          }
        : {}),
      ...(state.prFiles ? { prFiles: state.prFiles.slice(0, 100) } : {}),
      ...(state.prFilesTruncated ? { prFilesTruncated: true } : {}),
      ...(decision.trip ? { trip: decision.trip } : {}),
      ...(action.commands ? { commands: action.commands } : {}),
      ...(decision.approval ? { approval: decision.approval } : {}),
      // The held text lives here too: after a `hold` deletes the comment, this is the only copy.
      ...(decision.holds?.length ? { held: decision.holds } : {}),
      ...(decision.resolutions?.length ? { resolutions: decision.resolutions } : {}),
      ...(issues.length ? { configIssues: issues } : {}),
      ...(failedReads !== undefined ? { degraded: { failedReads } } : {}),
    },
  };
}

/**
 * The target fields containment and undo read back from the audit log (`HistoryItem.detail`),
 * only those present: the text before an edit, the label, the ref's type, the release, the run.
 * Hostile text (titles, `changes`) is stored, never logged.
 */
function targetDetail(target: AgentAction["target"]): Record<string, unknown> {
  const { dismissedReview: dismissed, textAuthor } = target;
  return {
    ...(target.changes ? { changes: target.changes } : {}),
    ...(target.title !== undefined ? { title: target.title } : {}),
    ...(target.label !== undefined ? { label: target.label } : {}),
    ...(target.refType ? { refType: target.refType } : {}),
    ...(target.releaseId !== undefined ? { releaseId: target.releaseId, releaseDraft: target.releaseDraft === true } : {}),
    ...(target.runId !== undefined ? { runId: target.runId } : {}),
    ...(target.workflow !== undefined ? { workflow: target.workflow } : {}),
    ...(textAuthor ? { textAuthor: textAuthor.login, textAuthorKind: textAuthor.kind } : {}),
    ...(target.assignee !== undefined ? { assignee: target.assignee } : {}),
    ...(target.requestedReviewer !== undefined ? { requestedReviewer: target.requestedReviewer } : {}),
    ...(dismissed
      ? {
          dismissedReview: {
            id: dismissed.id,
            author: dismissed.author.login,
            authorKind: dismissed.author.kind,
            ...(dismissed.state ? { state: dismissed.state } : {}),
          },
        }
      : {}),
    ...(target.transferredTo !== undefined ? { transferredTo: target.transferredTo } : {}),
    ...(target.checkName !== undefined ? { checkName: target.checkName } : {}),
    ...(target.pullNumbers ? { pullNumbers: target.pullNumbers } : {}),
    ...(target.headSha !== undefined ? { headSha: target.headSha } : {}),
  };
}

function outboxRow(action: AgentAction, effect: Effect, observe: boolean): NewEffect {
  return {
    deliveryId: action.deliveryId,
    installationId: action.installationId,
    owner: action.repo.owner,
    repo: action.repo.repo,
    effect,
    status: observe ? "planned" : "pending",
  };
}
