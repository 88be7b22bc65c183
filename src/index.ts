import type { ApplicationFunction } from "probot";
import { createGuardrails } from "./create-guardrails.js";
import { openStore } from "./store/open-store.js";
import { requireWebhookSecret } from "./require-webhook-secret.js";
import { addWebRoutes } from "./web/add-web-routes.js";

/**
 * The app as `probot run ./lib/index.js` loads it: the store from DATABASE_URL (a SQLite file
 * by default), the real clock, the outbox swept every SWEEP_INTERVAL_MS.
 */
const agentGuardrails: ApplicationFunction = async (app, options) => {
  requireWebhookSecret(process.env);
  const store = await openStore(process.env.DATABASE_URL);
  const slug = process.env.APP_SLUG;
  const guardrails = createGuardrails({
    store,
    appLogin: slug ? `${slug}[bot]` : undefined,
    sweepIntervalMs: Number(process.env.SWEEP_INTERVAL_MS ?? 30_000),
    // Must stay under the outbox's 60 s claim lease; unset: 20 s.
    requestTimeoutMs: process.env.REQUEST_TIMEOUT_MS ? Number(process.env.REQUEST_TIMEOUT_MS) : undefined,
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
