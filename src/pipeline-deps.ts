import type { OutboxTuning } from "./effects/execute-effects.js";
import type { MetricsSink } from "./metrics/metrics-sink.js";
import type { Store } from "./store/store.js";
import type { RoleCache } from "./webhooks/role-cache.js";

// The pipeline's shared types live here, not in pipeline.ts, so that a stage can name them
// without importing the orchestrator that calls it.

/** Long-lived collaborators of the pipeline. */
export interface PipelineDeps {
  store: Store;
  clock: () => Date;
  appLogin: string | undefined;
  roles: RoleCache;
  /** The installation's granted permissions (for `drill`). */
  installationPermissions: (installationId: number) => Promise<Readonly<Record<string, string>>>;
  /** The outbox's lease and backoff (the executor's defaults when absent). */
  outbox?: OutboxTuning;
  /** Counters of decided actions, effects and trips (none collected when absent). */
  metrics?: MetricsSink;
}

/** One delivery as Probot hands it over. */
export interface WebhookEvent {
  id: string;
  name: string;
  payload: unknown;
  /**
   * The inbox's last attempt at this delivery: GitHub failed its reads every time before, so what
   * still cannot be read is taken at its strictest (the config's last valid version or the strict
   * defaults, no role, an outsider) and the audit row says so.
   */
  degraded?: boolean;
}
