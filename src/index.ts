import type { ApplicationFunction } from "probot";
import { createGuardrails } from "./create-guardrails.js";
import { openStore } from "./store/open-store.js";
import { requireWebhookSecret } from "./require-webhook-secret.js";
import { readRuntimeEnv } from "./runtime-env.js";
import { addWebRoutes } from "./web/add-web-routes.js";

/**
 * The app as `probot run ./lib/index.js` loads it: the store from DATABASE_URL (a SQLite file
 * by default), the real clock, the outbox swept every SWEEP_INTERVAL_MS.
 */
const agentGuardrails: ApplicationFunction = async (app, options) => {
  requireWebhookSecret(process.env);
  const env = readRuntimeEnv(process.env);
  const store = await openStore(process.env.DATABASE_URL);
  const slug = process.env.APP_SLUG;
  const guardrails = createGuardrails({
    store,
    appLogin: slug ? `${slug}[bot]` : undefined,
    sweepIntervalMs: env.SWEEP_INTERVAL_MS,
    inbox: { leaseMs: env.INBOX_LEASE_MS, backoffMs: env.INBOX_BACKOFF_MS, maxAttempts: env.INBOX_MAX_ATTEMPTS, concurrency: env.INBOX_CONCURRENCY },
    requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
    outbox: { leaseMs: env.EFFECT_LEASE_MS, backoffMs: env.EFFECT_BACKOFF_MS },
    missedDeliveriesIntervalMs: env.MISSED_DELIVERIES_INTERVAL_MS,
  });
  await guardrails.appFn(app, options);
  addWebRoutes(options.addHandler, { store, deliveries: guardrails.deliveries });

  // probot's CLI has no SIGTERM drain: finish deliveries in flight, then close the store.
  const shutdown = (signal: string) => {
    app.log.info({ signal }, "shutting down");
    void guardrails
      .close()
      .then(() => store.close())
      .finally(() => process.exit(0));
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
};

export default agentGuardrails;
