import type { Logger } from "pino";
import { executeEffects } from "../effects/execute-effects.js";
import type { GitHubAdapter } from "../github/github-adapter.js";
import type { PipelineDeps, WebhookEvent } from "../pipeline-deps.js";
import type { RepoRef } from "../policy/agent-action.js";
import { configReportEffect } from "../policy/config-report-effect.js";
import { installationOf } from "../webhooks/payload-fields.js";
import { formatIssue, type ConfigIssue } from "./config-errors.js";
import { CONFIG_PATH } from "./load-config.js";
import type { LoadedConfig } from "./loaded-config.js";

/** An invalid config pushed to the default branch: a failing check on that commit, where maintainers look. */
export async function reportConfigIssues(
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
  const effect = configReportEffect(CONFIG_PATH, sha, lines, fallback);
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
    effects: [
      {
        deliveryId: event.id,
        installationId: installationOf(event.payload),
        owner: repo.owner,
        repo: repo.repo,
        effect,
        status: "pending",
      },
    ],
  });
  if (committed === null) return;
  log.warn({ audit: true, issues: lines }, "invalid config pushed: reported on the commit");
  await executeEffects(
    { store: deps.store, clock: deps.clock, log, appLogin: deps.appLogin ?? "agent-guardrails[bot]", outbox: deps.outbox },
    github,
    committed.effects,
  );
}
