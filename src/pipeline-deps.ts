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
}

/** One delivery as Probot hands it over. */
export interface WebhookEvent {
  id: string;
  name: string;
  payload: unknown;
}
