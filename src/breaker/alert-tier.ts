import type { Logger } from "pino";
import type { GuardrailsConfig } from "../config/schema.js";
import { executeEffects } from "../effects/execute-effects.js";
import type { GitHubAdapter } from "../github/github-adapter.js";
import type { PipelineDeps } from "../pipeline-deps.js";
import type { AgentAction } from "../policy/agent-action.js";
import { decideTierAlert, tierAlertKey } from "../policy/tier/decide-tier-alert.js";

/**
 * A suspected agent on a person's account alerts the owner once per person and day: the alert
 * is committed under its own key (a second suspected action that day finds it and stops, with no
 * request), and the issue itself is found by its title before one is created.
 */
export async function alertTier(
  deps: PipelineDeps,
  github: GitHubAdapter,
  action: AgentAction,
  config: GuardrailsConfig,
  log: Logger,
): Promise<void> {
  const alert = decideTierAlert(action, config);
  if (alert === null) return;
  const now = deps.clock();
  const key = tierAlertKey(action.org, alert.account, now);
  if (await deps.store.hasDelivery(key)) return;
  const { effect } = alert;
  const committed = await deps.store.commitDecision({
    deliveryId: key,
    event: action.event,
    at: now.toISOString(),
    audit: {
      at: now.toISOString(),
      deliveryId: action.deliveryId,
      org: action.org,
      repo: `${action.repo.owner}/${action.repo.repo}`,
      actor: alert.account,
      actorKind: "human",
      action: "tier.alert",
      targetNumber: action.target.number ?? null,
      targetNodeId: null,
      targetUrl: action.target.url ?? null,
      targetSha: action.target.sha ?? null,
      verdict: "violation",
      reasons: [`suspected agent on ${alert.account}'s account: owner alerted`],
      effects: [effect],
      detail: { tier: "suspected", evidence: action.evidence ?? [] },
    },
    effects: [
      {
        deliveryId: action.deliveryId,
        installationId: action.installationId,
        owner: action.repo.owner,
        repo: action.repo.repo,
        effect,
        status: config.mode === "observe" ? "planned" : "pending",
      },
    ],
  });
  if (!committed) return;
  log.warn(
    { audit: true, account: alert.account, signals: (action.evidence ?? []).map((s) => s.signal) },
    "suspected agent on a person's account: owner alerted",
  );
  const executor = { store: deps.store, clock: deps.clock, log, appLogin: deps.appLogin ?? "agent-guardrails[bot]", outbox: deps.outbox };
  await executeEffects(executor, github, committed.effects);
}
