/**
 * What the pipeline, the outbox and the GitHub client report as they work. The stages name this
 * interface only (src/metrics/guardrails-metrics.ts implements it with prom-client), so a test or
 * `simulate` may leave it out.
 */
export interface MetricsSink {
  /** A delivery handled by this process, by event and outcome (committed, redelivery, irrelevant, refused, malformed, error), and how long it waited since it was received. */
  delivery(event: string, outcome: string, seconds?: number): void;
  /** An action decided, by its kind (`issue_comment.created`), verdict and actor kind (agent, human, bot, app). */
  agentAction(kind: string, verdict: string, actorKind: string): void;
  /** An effect the outbox finished or retried, by kind and outcome (applied, failed, pending, planned, escalated). */
  effect(kind: string, outcome: string): void;
  /** A breaker this process tripped (the compare-and-set won), by reason. */
  trip(reason: string): void;
  /** GitHub's answer headers, for the rate limit left (`x-ratelimit-remaining` per `x-ratelimit-resource`). */
  githubResponse(headers: Readonly<Record<string, string | number | undefined>>): void;
}

/** Reports nothing: the default where no metrics are collected. */
export const NO_METRICS: MetricsSink = {
  delivery: () => {},
  agentAction: () => {},
  effect: () => {},
  trip: () => {},
  githubResponse: () => {},
};
