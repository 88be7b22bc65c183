import { readFileSync } from "node:fs";
import type { ApplicationFunction } from "probot";
import { createGuardrails } from "./create-guardrails.js";
import { describeDatabase, openStore } from "./store/open-store.js";
import { readRuntimeEnv } from "./runtime-env.js";
import { addWebRoutes } from "./web/add-web-routes.js";
import { dashboardAccess } from "./web/dashboard/dashboard-access.js";
import { redactRequestHeaders } from "./web/redact-request-headers.js";

/** The package's version, read where it is installed (package.json ships in every package). */
const VERSION = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;

/**
 * The app as `agent-guardrails start` (probot run ./lib/index.js) loads it: the store from
 * DATABASE_URL (a SQLite file by default), the real clock, the outbox swept every
 * SWEEP_INTERVAL_MS. Every variable is read and checked by readRuntimeEnv, before anything opens.
 */
const agentGuardrails: ApplicationFunction = async (app, options) => {
  const env = readRuntimeEnv(process.env);
  // Probot's request log would write the dashboard's Bearer token and session cookies.
  redactRequestHeaders(app.log);
  const store = await openStore(env.DATABASE_URL);
  const appLogin = env.APP_SLUG ? `${env.APP_SLUG}[bot]` : undefined;
  const guardrails = createGuardrails({
    store,
    appLogin,
    webhookPath: env.WEBHOOK_PATH,
    sweepIntervalMs: env.SWEEP_INTERVAL_MS,
    inbox: {
      leaseMs: env.INBOX_LEASE_MS,
      backoffMs: env.INBOX_BACKOFF_MS,
      maxAttempts: env.INBOX_MAX_ATTEMPTS,
      concurrency: env.INBOX_CONCURRENCY,
    },
    requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
    outbox: { leaseMs: env.EFFECT_LEASE_MS, backoffMs: env.EFFECT_BACKOFF_MS },
    missedDeliveriesIntervalMs: env.MISSED_DELIVERIES_INTERVAL_MS,
    digestSchedule: true,
  });
  await guardrails.appFn(app, options);
  addWebRoutes(options.addHandler, {
    store,
    metrics: guardrails.metrics.collectProcessMetrics(),
    metricsToken: env.METRICS_TOKEN,
    dashboard: { access: dashboardAccess(env), decide: guardrails.dashboardDecision, log: app.log },
  });

  // One line that says what runs, so that a deployment can be checked from its log.
  const startup = {
    version: VERSION,
    store: describeDatabase(env.DATABASE_URL),
    sweepIntervalMs: env.SWEEP_INTERVAL_MS,
    botLogin: appLogin ?? "(from GET /app: set APP_SLUG to skip it)",
    webhookPath: env.WEBHOOK_PATH,
    dashboard:
      env.DASHBOARD_TOKEN || env.GITHUB_CLIENT_ID
        ? `/guardrails (${[env.DASHBOARD_TOKEN ? "token" : "", env.GITHUB_CLIENT_ID ? "GitHub sign-in" : ""].filter(Boolean).join(", ")})`
        : "off",
  };
  const sweep = env.SWEEP_INTERVAL_MS === 0 ? "off" : `every ${env.SWEEP_INTERVAL_MS} ms`;
  app.log.info(
    startup,
    `agent-guardrails ${VERSION}: store ${startup.store}, sweep ${sweep}, bot ${startup.botLogin}, webhooks at ${env.WEBHOOK_PATH}`,
  );

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
