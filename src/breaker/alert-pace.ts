import type { Logger } from "pino";
import type { GuardrailsConfig } from "../config/schema.js";
import { executeEffects } from "../effects/execute-effects.js";
import type { GitHubAdapter } from "../github/github-adapter.js";
import type { PipelineDeps, WebhookEvent } from "../pipeline-deps.js";
import { decidePaceAlert } from "../policy/breaker/decide-pace-alert.js";
import { installationOf } from "../webhooks/payload-fields.js";
import { paceEvent } from "../webhooks/pace-event.js";

/** Above this, the hour is aggregated in SQL rather than read newest-first up to the cap. */
const MAX_ROWS_READ = 1_000;

/**
 * A human's (or unlisted bot's) write is only counted, in the store, never with a GitHub request:
 * an account that is not listed as an agent but acts at machine pace (an agent on a person's
 * token) raises one alert to the owner per hour — an alert, not containment.
 */
export async function alertPace(
  deps: PipelineDeps,
  github: GitHubAdapter,
  event: WebhookEvent,
  config: GuardrailsConfig,
  log: Logger,
): Promise<void> {
  const write = paceEvent(event.name, event.payload, deps.appLogin);
  if (write === null) return;
  const now = deps.clock();
  await deps.store.recordActivity({ ...write, at: now.toISOString() });
  const hour = now.toISOString().slice(0, 13);
  const alertKey = `pace:${write.org}:${write.actor}:${hour}`;
  // Alerted already this hour: counted, and nothing more to decide. Counting the hour's rows of an
  // account at machine pace is what grows (thousands of rows); a lookup by key does not.
  if (await deps.store.hasDelivery(alertKey)) return;
  // One past the highest limit is enough to tell over from under, whatever the account's pace.
  const { limits } = config;
  const cap =
    Math.max(
      limits.actions_per_hour,
      limits.comments_per_hour,
      limits.pull_requests_per_hour,
      limits.burst.actions,
      limits.repos_per_hour,
    ) + 1;
  // Limits in the thousands are cheaper counted by the database than read row by row.
  const counts = await deps.store.activityCounts(
    write.org,
    write.actor,
    now,
    config.limits.burst.seconds,
    undefined,
    cap <= MAX_ROWS_READ ? cap : undefined,
  );
  // The row just recorded is at `now`, so the counts exclude it, as the limits expect.
  const alert = decidePaceAlert(write, counts, config);
  if (alert === null) return;
  const { effect } = alert;
  const [owner, repo] = write.repo.split("/") as [string, string];
  const committed = await deps.store.commitDecision({
    deliveryId: alertKey,
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
      reasons: [`unlisted account at machine pace: ${alert.evidence}`],
      effects: [effect],
      detail: { evidence: alert.evidence },
    },
    effects: [
      {
        deliveryId: event.id,
        installationId: installationOf(event.payload),
        owner,
        repo,
        effect,
        status: config.mode === "observe" ? "planned" : "pending",
      },
    ],
  });
  if (!committed) return;
  log.warn({ audit: true, pace: alert.evidence }, "unlisted account acting at machine pace: owner alerted");
  const executor = { store: deps.store, clock: deps.clock, log, appLogin: deps.appLogin ?? "agent-guardrails[bot]", outbox: deps.outbox };
  await executeEffects(executor, github, committed.effects);
}
