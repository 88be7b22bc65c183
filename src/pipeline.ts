/**
 * The pipeline, one webhook at a time (DESIGN.md "The pipeline"):
 *  1. a redelivery (delivery id already committed) stops here;
 *  2. a push that changes the config invalidates its cache (and gets the new file validated);
 *  3. config from the default branch (cached: a human's event costs no GitHub request);
 *  4. normalize the payload into an AgentAction, or stop: most human events end here;
 *  5. gather the few facts the payload lacks (a commander's role, a PR head);
 *  6. decide — pure;
 *  7. commit delivery + audit row + approval + effects in one transaction (recordOnce);
 *  8. apply the effects through the one adapter, or only plan them in observe mode.
 */
import type { Logger } from "pino";
import type { ConfigIssue } from "./config/config-errors.js";
import { CONFIG_PATH, loadConfig } from "./config/load-config.js";
import type { LoadedConfig } from "./config/loaded-config.js";
import type { GuardrailsConfig } from "./config/schema.js";
import { executeEffects } from "./effects/execute-effects.js";
import type { GitHubAdapter } from "./github/github-adapter.js";
import type { AgentAction, RepoRef } from "./policy/agent-action.js";
import { decide } from "./policy/decide.js";
import type { Decision } from "./policy/decision.js";
import { printable } from "./cli/printable.js";
import { resumeAndUndo } from "./breaker/resume-and-undo.js";
import { tripAndContain } from "./breaker/trip-and-contain.js";
import { checkLimits } from "./policy/breaker/check-limits.js";
import { CONFIG_CHECK_NAME, LABELS, type Effect } from "./policy/effect.js";
import type { PolicyState } from "./policy/policy-state.js";
import { paceEvent } from "./webhooks/pace-event.js";
import type { AuditEntry, NewEffect, Store } from "./store/store.js";
import { configPushSha } from "./webhooks/config-push.js";
import { gatherFacts, RoleCache } from "./webhooks/gather-facts.js";
import { MalformedPayloadError, normalize } from "./webhooks/normalize.js";

/** Long-lived collaborators of the pipeline. */
export interface PipelineDeps {
  store: Store;
  clock: () => Date;
  appLogin: string | undefined;
  roles: RoleCache;
  /** The installation's granted permissions (for `drill`). */
  installationPermissions: (installationId: number) => Promise<Record<string, string>>;
}

/** One delivery as Probot hands it over. */
export interface WebhookEvent {
  id: string;
  name: string;
  payload: unknown;
}

/** What happened to a delivery (for logs and tests). */
export type PipelineOutcome = "redelivery" | "irrelevant" | "malformed" | "committed";

/** Runs one webhook through the pipeline. Never throws for bad input; GitHub read failures propagate. */
export async function handleWebhook(deps: PipelineDeps, github: GitHubAdapter, event: WebhookEvent, log: Logger): Promise<PipelineOutcome> {
  const { store, clock } = deps;
  if (await store.hasDelivery(event.id)) {
    log.info("redelivery: already handled");
    return "redelivery";
  }
  const repo = repoOf(event.payload);
  if (repo === null) return "irrelevant";

  const configSha = configPushSha(event.name, event.payload);
  if (configSha !== null) await store.deleteCachedFile(`${repo.owner}/${repo.repo}:${CONFIG_PATH}`);
  const loaded = await loadConfig({ github, cache: store, now: clock() }, repo);
  if (configSha !== null && loaded.issues.length > 0) {
    // Its own outbox key, so the report is made once and the push itself still goes on below.
    await commitConfigReport(deps, github, event, repo, configSha, loaded.issues, loaded.fallback, log);
  }

  let action: AgentAction | null;
  try {
    action = normalize(event.name, event.id, event.payload, { agents: loaded.config.agents, appLogin: deps.appLogin });
  } catch (error) {
    if (!(error instanceof MalformedPayloadError)) throw error;
    log.warn({ err: error.message }, "malformed payload skipped");
    return "malformed";
  }
  if (action === null) {
    await countPace(deps, github, event, loaded.config, log);
    return "irrelevant";
  }
  // The delivery logger already carries actor and action (from the payload); only a different normalized actor is added.
  const actionLog = action.actor.login === senderOf(event.payload) ? log : log.child({ agent: action.actor.login });

  const now = clock();
  const state = await gatherFacts(action, loaded.config, { github, store, roles: deps.roles, appLogin: deps.appLogin, now, installationPermissions: deps.installationPermissions });
  const decision = decide(action, loaded.config, { ...state, configIssues: loaded.issues.map(formatIssue) }, now);
  if (decision.verdict === "ignore") return "irrelevant";

  const observe = loaded.config.mode === "observe";
  const committed = await store.commitDecision({
    deliveryId: event.id,
    event: event.name,
    at: now.toISOString(),
    audit: auditEntry(action, decision, loaded.config, now, loaded.issues, state),
    effects: decision.effects.map((effect) => outboxRow(action, effect, observe)),
    approval: decision.approval && { owner: action.repo.owner, repo: action.repo.repo, ...decision.approval, at: now.toISOString() },
    // Observe mode hides and deletes nothing, so nothing is held either: a hold recorded now would
    // let a later approval (once enforcing) re-post a comment that is still up, and a resolution
    // would mark approved a comment whose restoring was only planned. The audit row keeps the text.
    holds: observe ? undefined : decision.holds?.map((h) => ({ ...h, owner: action.repo.owner, repo: action.repo.repo, at: now.toISOString(), resolver: null, resolvedAt: null })),
    resolutions: observe ? undefined : decision.resolutions?.map((r) => ({ ...r, owner: action.repo.owner, repo: action.repo.repo, at: now.toISOString() })),
    activity:
      action.actor.kind === "agent" ? { org: action.org, actor: action.actor.login, repo: `${action.repo.owner}/${action.repo.repo}`, kind: action.kind, at: now.toISOString() } : undefined,
  });
  if (committed === null) {
    actionLog.info("redelivery: another worker committed it first");
    return "redelivery";
  }
  actionLog.info({ audit: true, verdict: decision.verdict, effects: decision.effects.map((e) => e.kind) }, printable(decision.reasons.join("; ") || decision.verdict, 2000));
  const executor = { store, clock, log: actionLog, appLogin: deps.appLogin ?? "agent-guardrails[bot]" };
  await executeEffects(executor, github, committed.effects);
  // The source is stopped before anything else: the trip, then its containment plan.
  if (decision.trip) await tripAndContain(executor, github, action, decision.trip, loaded.config, action.actor.login);
  if (decision.resume) await resumeAndUndo(executor, github, action, decision.resume, observe);
  return "committed";
}

/**
 * A human's (or unlisted bot's) write is only counted, in the store, never with a GitHub request:
 * an account that is not listed as an agent but acts at machine pace (an agent on a person's
 * token) raises one alert to the owner per hour — an alert, not containment.
 */
async function countPace(deps: PipelineDeps, github: GitHubAdapter, event: WebhookEvent, config: GuardrailsConfig, log: Logger): Promise<void> {
  const write = paceEvent(event.name, event.payload, deps.appLogin);
  if (write === null) return;
  const now = deps.clock();
  await deps.store.recordActivity({ ...write, at: now.toISOString() });
  const counts = await deps.store.activityCounts(write.org, write.actor, now, config.limits.burst.seconds);
  // The row just recorded is at `now`, so the counts exclude it, as checkLimits expects.
  const over = checkLimits(write.kind, write.repo, counts, { limits: config.limits, breaker: { ...config.breaker, trip_on: ["rate", "burst", "blast_radius"] } });
  if (over === null) return;
  const [owner, repo] = write.repo.split("/") as [string, string];
  const effect: Effect = {
    kind: "ensure_incident_issue",
    title: `Unlisted account acting at machine pace: ${write.actor}`,
    body: [
      `${config.owner ? `@${config.owner.replace(/^@/, "")}` : "Maintainers"}: \`${write.actor}\` is not listed in \`agents:\` but acts faster than the agent limits allow (${over.evidence}).`,
      "",
      "If it is an agent running on a person's account, list it under `agents:` so the guardrails apply to it. Nothing was contained.",
    ].join("\n"),
    labels: [LABELS.flagged],
  };
  const hour = now.toISOString().slice(0, 13);
  const committed = await deps.store.commitDecision({
    deliveryId: `pace:${write.org}:${write.actor}:${hour}`,
    event: event.name,
    at: now.toISOString(),
    audit: {
      at: now.toISOString(),
      deliveryId: event.id,
      org: write.org,
      repo: write.repo,
      actor: write.actor,
      actorKind: "human",
      action: "pace.alert",
      targetNumber: null,
      targetNodeId: null,
      targetUrl: null,
      targetSha: null,
      verdict: "violation",
      reasons: [`unlisted account at machine pace: ${over.evidence}`],
      effects: [effect],
      detail: { evidence: over.evidence },
    },
    effects: [{ deliveryId: event.id, installationId: installationOf(event.payload), owner, repo, effect, status: config.mode === "observe" ? "planned" : "pending" }],
  });
  if (!committed) return;
  log.warn({ audit: true, pace: over.evidence }, "unlisted account acting at machine pace: owner alerted");
  const executor = { store: deps.store, clock: deps.clock, log, appLogin: deps.appLogin ?? "agent-guardrails[bot]" };
  await executeEffects(executor, github, committed.effects);
}

/** An invalid config pushed to the default branch: a failing check on that commit, where maintainers look. */
async function commitConfigReport(
  deps: PipelineDeps,
  github: GitHubAdapter,
  event: WebhookEvent,
  repo: RepoRef,
  sha: string,
  issues: readonly ConfigIssue[],
  fallback: LoadedConfig["fallback"],
  log: Logger,
): Promise<void> {
  const now = deps.clock();
  const deliveryId = `${event.id}:config`;
  const lines = issues.map(formatIssue);
  const effect: Effect = {
    kind: "ensure_check_run",
    name: CONFIG_CHECK_NAME,
    headSha: sha,
    conclusion: "failure",
    title: `Invalid ${CONFIG_PATH}: ${fallback === "last-valid" ? "the last valid config applies" : "strict defaults apply"}`,
    summary: `agent-guardrails could not use this configuration, so it keeps the last valid one or the strict defaults (never "off").\n\n${lines.map((l) => `- ${l}`).join("\n")}`,
  };
  const sender = (event.payload as { sender?: { login?: string } }).sender?.login ?? "unknown";
  const committed = await deps.store.commitDecision({
    deliveryId,
    event: event.name,
    at: now.toISOString(),
    audit: {
      at: now.toISOString(),
      deliveryId: event.id,
      org: repo.owner,
      repo: `${repo.owner}/${repo.repo}`,
      actor: sender,
      actorKind: "human",
      action: "config.invalid",
      targetNumber: null,
      targetNodeId: null,
      targetUrl: null,
      targetSha: sha,
      verdict: "refused",
      reasons: lines,
      effects: [effect],
      detail: { issues },
    },
    effects: [{ deliveryId: event.id, installationId: installationOf(event.payload), owner: repo.owner, repo: repo.repo, effect, status: "pending" }],
  });
  if (committed === null) return;
  log.warn({ audit: true, issues: lines }, "invalid config pushed: reported on the commit");
  await executeEffects({ store: deps.store, clock: deps.clock, log, appLogin: deps.appLogin ?? "agent-guardrails[bot]" }, github, committed.effects);
}

function auditEntry(action: AgentAction, decision: Decision, config: GuardrailsConfig, now: Date, issues: readonly ConfigIssue[], state: PolicyState): AuditEntry {
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
    reasons: decision.reasons,
    effects: decision.effects,
    detail: {
      mode: config.mode,
      event: action.event,
      ...(target.author ? { threadAuthor: target.author.login, threadAuthorKind: target.author.kind } : {}),
      ...(target.paths ? { paths: target.paths } : {}),
      ...(target.ref ? { ref: target.ref } : {}),
      ...(target.before ? { before: target.before, toDefaultBranch: target.toDefaultBranch === true } : {}),
      ...(state.external ? { external: state.external.outsideThread || state.external.outsideMentions.length > 0, outsideMentions: state.external.outsideMentions } : {}),
      ...(state.prFiles ? { prFiles: state.prFiles.slice(0, 100) } : {}),
      ...(decision.trip ? { trip: decision.trip } : {}),
      ...(action.commands ? { commands: action.commands } : {}),
      ...(decision.approval ? { approval: decision.approval } : {}),
      // The held text lives here too: after a `hold` deletes the comment, this is the only copy.
      ...(decision.holds?.length ? { held: decision.holds } : {}),
      ...(decision.resolutions?.length ? { resolutions: decision.resolutions } : {}),
      ...(issues.length ? { configIssues: issues } : {}),
    },
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

function formatIssue(issue: ConfigIssue): string {
  return `${issue.file}: ${issue.path || "(file)"}: ${issue.message}`;
}

function repoOf(payload: unknown): RepoRef | null {
  const repository = (payload as { repository?: { name?: unknown; owner?: { login?: unknown } } } | null)?.repository;
  if (typeof repository?.name !== "string" || typeof repository.owner?.login !== "string") return null;
  return { owner: repository.owner.login, repo: repository.name };
}

function senderOf(payload: unknown): string | undefined {
  const login = (payload as { sender?: { login?: unknown } }).sender?.login;
  return typeof login === "string" ? login : undefined;
}

function installationOf(payload: unknown): number {
  const id = (payload as { installation?: { id?: unknown } }).installation?.id;
  return typeof id === "number" ? id : 0;
}
