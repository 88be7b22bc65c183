import type { ApplicationFunction, Probot } from "probot";
import type { Logger } from "pino";
import { finishContainments } from "./breaker/finish-containment.js";
import { refreshIncidents } from "./breaker/refresh-incidents.js";
import { repairBreakers } from "./breaker/repair-breakers.js";
import { loadConfig } from "./config/load-config.js";
import { executeEffects, type OutboxTuning } from "./effects/execute-effects.js";
import { appOctokit, installationOctokit } from "./github/installation-octokit.js";
import { lazyAdapter } from "./github/lazy-adapter.js";
import { createOctokitAdapter } from "./github/octokit-adapter.js";
import type { PipelineDeps } from "./pipeline-deps.js";
import { handleWebhook, hasDeliveryId } from "./pipeline.js";
import { auditFailedDelivery } from "./inbox/audit-failed-delivery.js";
import { deliveryLog } from "./inbox/delivery-log.js";
import { createInboxWorker, type InboxWorker, type InboxWorkerOptions } from "./inbox/inbox-worker.js";
import { createMissedDeliveryJob } from "./inbox/missed-delivery-job.js";
import type { RecoveryCounts } from "./inbox/recover-missed-deliveries.js";
import { createWebhookReceiver } from "./inbox/webhook-receiver.js";
import type { InboxRow, Store } from "./store/store.js";
import { dashboardCommandPayload } from "./web/dashboard/dashboard-command-payload.js";
import type { DashboardDecision } from "./web/dashboard/dashboard-routes.js";
import { randomUUID } from "node:crypto";
import { GuardrailsMetrics } from "./metrics/guardrails-metrics.js";
import { InstallationPermissionCache } from "./webhooks/installation-permission-cache.js";
import { RoleCache } from "./webhooks/role-cache.js";
import { DEFAULT_WEBHOOK_PATH } from "./runtime-env.js";
import { statusOf } from "./github/guard.js";
import { createDigestJob, type PostedDigest } from "./schedule/digest-job.js";
import { nextBoundary } from "./schedule/digest-periods.js";

/** How the app is wired: the store, the clock and who "we" are are injected, never global. */
export interface GuardrailsOptions {
  store: Store;
  /** The app's clock; `simulate` passes a virtual one set to each event's `at`. */
  clock?: () => Date;
  /** This app's bot login (`<slug>[bot]`); when absent it is read once with GET /app. */
  appLogin?: string;
  /** Outbox sweep period in ms; 0 disables the timer (simulate and tests sweep explicitly). */
  sweepIntervalMs?: number;
  /** Per-request timeout of the app's GitHub requests (default REQUEST_TIMEOUT_MS, 20 s); tests pass a short one. */
  requestTimeoutMs?: number;
  /** The outbox's claim lease (default 60 s, longer than the request timeout) and first retry delay (default 30 s). */
  outbox?: OutboxTuning;
  /**
   * How often GitHub's failed deliveries are listed and asked for again (first run soon after the
   * start), on one replica of the cluster at a time; 0 or absent: never (simulate, tests).
   */
  missedDeliveriesIntervalMs?: number;
  log?: Logger;
  /** The webhook path the receiver serves (the app passes WEBHOOK_PATH; default Probot's `/api/github/webhooks`). */
  webhookPath?: string;
  /** Inbox tuning (tests and simulate: a short backoff in virtual time). */
  inbox?: Pick<InboxWorkerOptions, "concurrency" | "maxAttempts" | "backoffMs" | "leaseMs">;
  /** Post the owners' digests on a timer (at each period boundary, soon after the start, and hourly retries); absent: only when `digest()` is called (simulate's ticks, tests). */
  digestSchedule?: boolean;
  /** Where deliveries, decisions, effects, trips and GitHub's rate limit are counted (default: a registry of this app's own). */
  metrics?: GuardrailsMetrics;
}

/** The wired app. */
export interface Guardrails {
  appFn: ApplicationFunction;
  /** Applies due pending effects (the outbox sweep); returns how many were due. */
  sweep(): Promise<number>;
  /** Lists GitHub's failed deliveries and asks for those the inbox lacks (null: another replica holds the job). */
  recoverMissed(): Promise<RecoveryCounts | null>;
  /** Posts the digests due now (once per cluster: leases and markers); returns those posted or found. */
  digest(): Promise<PostedDigest[]>;
  /** A dashboard Approve / Reject, run as the comment command through the inbox and pipeline; its audit row's verdict and reasons. */
  dashboardDecision(decision: DashboardDecision): Promise<{ verdict: string; reasons: string[] }>;
  /** This app's Prometheus metrics, for `/metrics`. */
  metrics: GuardrailsMetrics;
  /** Stops the timer and waits (up to 9 s) for deliveries in flight. Does not close the store. */
  close(): Promise<void>;
}

/** Webhooks the app subscribes to (app.yml lists the same events). */
export const WATCHED_EVENTS = [
  "pull_request",
  "pull_request_review",
  "pull_request_review_comment",
  "issue_comment",
  "issues",
  "discussion_comment",
  "push",
  "create",
  "delete",
  "release",
  "discussion",
  "commit_comment",
  "workflow_dispatch",
  "workflow_run",
  "check_run",
] as const;

/** Processed deliveries stay in the inbox this long, so that GitHub's redeliveries of them are recognised. */
const INBOX_KEEP_DONE_MS = 7 * 24 * 60 * 60 * 1000;

/** Keys whose values must never reach a log line. */
const REDACT = ["token", "*.token", "privateKey", "*.privateKey", "secret", "*.secret", "headers.authorization", "*.headers.authorization"];

/** Builds the Probot app function around one store and clock. */
export function createGuardrails(options: GuardrailsOptions): Guardrails {
  const clock = options.clock ?? (() => new Date());
  const metrics = options.metrics ?? new GuardrailsMetrics().readFrom(options.store, clock);
  // Every Octokit of the app: its request timeout, and each answer's rate-limit headers counted.
  const timeout = {
    ...(options.requestTimeoutMs !== undefined ? { timeoutMs: options.requestTimeoutMs } : {}),
    onResponse: (headers: Readonly<Record<string, string | number | undefined>>) => metrics.githubResponse(headers),
  };
  const roles = new RoleCache();
  let app: Probot | undefined;
  let timer: NodeJS.Timeout | undefined;
  let appLogin: string | undefined = options.appLogin;
  let worker: InboxWorker | undefined;
  let missedTimer: NodeJS.Timeout | undefined;
  let closed = false;

  /** Our own login, so that our own events are never acted on (no loops). Failures are retried next time. */
  async function resolveAppLogin(probot: Probot, log: Logger): Promise<string | undefined> {
    if (appLogin !== undefined) return appLogin;
    try {
      const octokit = await appOctokit(probot, timeout);
      const { data } = await octokit.request("GET /app");
      appLogin = `${(data as { slug: string }).slug}[bot]`;
    } catch (error) {
      log.error({ err: error instanceof Error ? error.message : String(error) }, "could not read this app's login (GET /app)");
    }
    return appLogin;
  }

  const permissions = new InstallationPermissionCache();
  /** The installation's granted permissions (GET /app/installations/{id}, as the App), cached with a TTL. */
  function installationPermissions(probot: Probot, installationId: number): Promise<Readonly<Record<string, string>>> {
    return permissions.get(installationId, clock(), async () => {
      const octokit = await appOctokit(probot, timeout);
      const { data } = await octokit.request("GET /app/installations/{installation_id}", { installation_id: installationId });
      return { ...((data as { permissions?: Record<string, string> }).permissions ?? {}) };
    });
  }

  const missed = createMissedDeliveryJob({
    store: options.store,
    clock,
    periodMs: options.missedDeliveriesIntervalMs ?? 0,
    appOctokit: () => appOctokit(app!, timeout),
    log: () => (options.log ?? app!.log).child({ job: "missed-deliveries" }, { redact: REDACT }),
  });
  /** Lists GitHub's failed deliveries and asks for those the inbox lacks (inbox/missed-delivery-job.ts). */
  function recoverMissed(): Promise<RecoveryCounts | null> {
    return app ? missed.run() : Promise.resolve(null);
  }

  const digestJob = createDigestJob({
    store: options.store,
    clock,
    log: () => (options.log ?? app!.log).child({ job: "digest" }, { redact: REDACT }),
    appLogin: async () => (await resolveAppLogin(app!, app!.log)) ?? "agent-guardrails[bot]",
    installationOf: async (repo) => {
      try {
        const octokit = await appOctokit(app!, timeout);
        const { data } = await octokit.request("GET /repos/{owner}/{repo}/installation", { owner: repo.owner, repo: repo.repo });
        return Number((data as { id: number }).id);
      } catch (error) {
        if (statusOf(error) === 404) return null;
        throw error;
      }
    },
    octokit: (installationId) => installationOctokit(app!, installationId, timeout),
  });
  /** The digests due now (schedule/digest-job.ts). */
  function digest(): Promise<PostedDigest[]> {
    return app ? digestJob.run() : Promise.resolve([]);
  }
  let digestTimer: NodeJS.Timeout | undefined;
  /** Next digest run: at the next period boundary, or within the hour (a failed post is retried through its marker). */
  function scheduleDigest(delayMs?: number): void {
    if (closed) return;
    const wait = delayMs ?? Math.min(nextBoundary(clock()).getTime() - clock().getTime() + 1_000, 3_600_000);
    digestTimer = setTimeout(() => {
      digest()
        .catch((error: unknown) => app?.log.error({ err: String(error) }, "digest run failed"))
        .finally(() => scheduleDigest());
    }, wait);
    digestTimer.unref();
  }

  async function sweep(): Promise<number> {
    if (!app) return 0;
    const log = (options.log ?? app.log).child({ sweep: true }, { redact: REDACT });
    // Deliveries first: retries whose backoff is over, and what a crashed replica left leased.
    const redone = (await worker?.drain()) ?? 0;
    if (redone > 0) log.info({ deliveries: redone }, "inbox: processed deliveries left pending");
    await options.store.pruneInbox(new Date(clock().getTime() - INBOX_KEEP_DONE_MS).toISOString());
    // An open breaker whose plan a crash lost gets one (before the outbox, so its incident goes out now).
    const probot = app;
    await repairBreakers(
      {
        store: options.store,
        clock,
        log,
        appLogin: (await resolveAppLogin(probot, log)) ?? "agent-guardrails[bot]",
        outbox: options.outbox,
        metrics,
        configFor: async (full, installationId) => {
          const [owner, repo] = full.split("/") as [string, string];
          const github = lazyAdapter(async () => createOctokitAdapter(await installationOctokit(probot, installationId, timeout)));
          return (await loadConfig({ github, cache: options.store, now: clock() }, { owner, repo })).config;
        },
      },
      clock(),
    ).catch((error: unknown) => log.error({ err: error instanceof Error ? error.message : String(error) }, "breaker repair failed"));
    const due = await options.store.dueEffects(clock(), 100);
    const byInstallation = new Map<number, typeof due>();
    for (const row of due) byInstallation.set(row.installationId, [...(byInstallation.get(row.installationId) ?? []), row]);
    for (const [installationId, rows] of byInstallation) {
      try {
        // Plugin retries off and a request timeout: the outbox below owns every retry of a write.
        const octokit = await installationOctokit(app, installationId, timeout);
        const executor = {
          store: options.store,
          clock,
          log,
          appLogin: (await resolveAppLogin(app, log)) ?? "agent-guardrails[bot]",
          outbox: options.outbox,
          metrics,
        };
        await executeEffects(executor, createOctokitAdapter(octokit), rows);
      } catch (error) {
        log.error(
          { installationId, err: error instanceof Error ? error.message : String(error) },
          "outbox sweep failed for an installation",
        );
      }
    }
    // The incidents say how far containment got: one update per trip per sweep, not per step.
    await refreshIncidents(options.store, clock(), log);
    await finishContainments(options.store, clock(), log);
    await wakeForNextEffect();
    return due.length;
  }

  let wake: { at: number; timer: NodeJS.Timeout } | undefined;
  /**
   * Sweeps again when the next paced or deferred effect falls due, if that is before the next
   * periodic sweep: containment then drains at GitHub's pace, not at the sweep's period (a flood's
   * last hides otherwise waited up to a whole period after their turn).
   */
  async function wakeForNextEffect(): Promise<void> {
    const interval = options.sweepIntervalMs ?? 30_000;
    if (interval <= 0 || closed) return;
    const next = await options.store.nextEffectAt();
    if (next === null) return;
    const at = Math.max(Date.parse(next), clock().getTime() + 50);
    if (at - clock().getTime() >= interval || (wake !== undefined && wake.at <= at)) return;
    if (wake) clearTimeout(wake.timer);
    const timer = setTimeout(() => {
      wake = undefined;
      sweep().catch((error: unknown) => app?.log.error({ err: String(error) }, "outbox sweep failed"));
    }, at - clock().getTime());
    timer.unref();
    wake = { at, timer };
  }

  /** Seconds since the delivery arrived (inbox retries included), on the app's clock. */
  const waited = (row: InboxRow) => (clock().getTime() - Date.parse(row.receivedAt)) / 1000;

  /** One delivery from the inbox through the pipeline, with an installation token of its own. */
  async function processDelivery(probot: Probot, baseLog: Logger, row: InboxRow, degraded: boolean): Promise<void> {
    let payload: unknown;
    try {
      payload = JSON.parse(row.payload ?? "");
    } catch (error) {
      metrics.delivery(row.event, "malformed", waited(row));
      baseLog
        .child({ deliveryId: row.deliveryId, event: row.event })
        .warn({ err: (error as Error).message }, "malformed payload skipped (not JSON)");
      return;
    }
    const log = deliveryLog(baseLog, row.deliveryId, row.event, payload);
    const installationId = (payload as { installation?: { id?: unknown } } | null)?.installation?.id;
    if (typeof installationId !== "number") {
      metrics.delivery(row.event, "irrelevant", waited(row));
      log.warn("delivery skipped: no installation in the payload");
      return;
    }
    try {
      const deps: PipelineDeps = {
        store: options.store,
        clock,
        appLogin: await resolveAppLogin(probot, log),
        roles,
        installationPermissions: (id) => installationPermissions(probot, id),
        outbox: options.outbox,
        metrics,
      };
      // Plugin retries off and a request timeout: a failing read is retried by the inbox, a write by the outbox.
      const github = lazyAdapter(async () => createOctokitAdapter(await installationOctokit(probot, installationId, timeout)));
      const outcome = await handleWebhook(deps, github, { id: row.deliveryId, name: row.event, payload, degraded }, log);
      metrics.delivery(row.event, outcome, waited(row));
      // A decision may have left paced or deferred effects: wake up for them.
      if (outcome === "committed") await wakeForNextEffect();
    } catch (error) {
      metrics.delivery(row.event, "error");
      // Not committed: the inbox keeps it and retries with backoff (and decides it on the strict
      // defaults at the last attempt).
      log.error(
        { err: error instanceof Error ? error.message : String(error), attempt: row.attempts + 1, degraded },
        "delivery failed before it was committed",
      );
      throw error;
    }
  }

  const appFn: ApplicationFunction = (probot) => {
    app = probot;
    // Redaction is compiled once here and inherited by every child (per delivery it cost more than the rest of the logging).
    const baseLog = (options.log ?? probot.log).child({}, { redact: REDACT });
    const inbox = createInboxWorker({
      store: options.store,
      clock,
      log: baseLog,
      process: (row, degraded) => processDelivery(probot, baseLog, row, degraded),
      giveUp: (row, error) => auditFailedDelivery(options.store, clock(), row, error),
      ...(options.inbox ?? {}),
    });
    worker = inbox;
    // Probot's Server asks its Probot for the webhook middleware when it starts (after loading the
    // app): the receiver takes its place on the same path, so that a body is capped before it is
    // read and a delivery is persisted and answered before anything waits on GitHub.
    const receiver = createWebhookReceiver({
      path: options.webhookPath ?? DEFAULT_WEBHOOK_PATH,
      verify: (body, signature) => probot.webhooks.verify(body, signature),
      watched: (name) => (WATCHED_EVENTS as readonly string[]).includes(name),
      persist: async ({ id, name, body }) => {
        const row = await persist(inbox, id, name, body);
        if (row === null) {
          metrics.delivery(name, "redelivery");
          return false;
        }
        inbox.kick(row);
        return true;
      },
      forward: async ({ id, name, body }) => {
        try {
          await probot.receive({ id, name, payload: JSON.parse(body) } as Parameters<Probot["receive"]>[0]);
        } catch (error) {
          baseLog.warn(
            { deliveryId: id, event: name, err: error instanceof Error ? error.message : String(error) },
            "unwatched event skipped",
          );
        }
      },
      log: baseLog,
    });
    probot.getNodeMiddleware = () => Promise.resolve(receiver);

    // In-process deliveries (`probot.receive`: simulate and the tests) take the same inbox, then
    // are processed at once and awaited.
    probot.on([...WATCHED_EVENTS], async (context) => {
      const log = deliveryLog(baseLog, context.id, context.name, context.payload);
      if (!hasDeliveryId(context.id)) {
        metrics.delivery(context.name, "refused");
        log.error("delivery refused: no X-GitHub-Delivery id (nothing stored)");
        throw Object.assign(new Error("delivery refused: no X-GitHub-Delivery id"), { status: 400 });
      }
      const row = await persist(inbox, context.id, context.name, JSON.stringify(context.payload));
      if (row === null) {
        metrics.delivery(context.name, "redelivery");
        log.info("redelivery: already received");
        return;
      }
      await inbox.processNow(row);
    });
    // GitHub sends installation events to every App, subscribed or not.
    probot.on("installation.new_permissions_accepted", (context) => {
      const payload = context.payload as { installation?: { id?: number }; sender?: { login?: string } };
      const id = payload.installation?.id;
      if (typeof id === "number") permissions.forget(id);
      const keys = {
        deliveryId: context.id,
        event: context.name,
        installationId: id,
        actor: payload.sender?.login,
        action: "installation.new_permissions_accepted",
      };
      baseLog.info(keys, "installation permissions changed: read again at the next drill");
    });
    const missedEvery = options.missedDeliveriesIntervalMs ?? 0;
    if (missedEvery > 0) {
      const run = () =>
        void recoverMissed().catch((error: unknown) =>
          baseLog.error({ err: error instanceof Error ? error.message : String(error) }, "missed-delivery check failed"),
        );
      // Soon after the start (the server listens by then), then periodically.
      const first = setTimeout(run, Math.min(5_000, missedEvery));
      first.unref();
      missedTimer = setInterval(run, missedEvery);
      missedTimer.unref();
    }
    // Soon after the start: a boundary passed while the process was down is caught up.
    if (options.digestSchedule === true) scheduleDigest(10_000);
    const interval = options.sweepIntervalMs ?? 30_000;
    if (interval > 0) {
      timer = setInterval(() => {
        sweep().catch((error: unknown) => baseLog.error({ err: String(error) }, "outbox sweep failed"));
      }, interval);
      timer.unref();
    }
  };

  /**
   * Writes the inbox row, leased to this process, and returns it to process. A redelivery of a
   * delivery still pending (it failed before, and waits for its retry) is claimed and returned
   * too: GitHub's "Redeliver" means "try again now". Null when there is nothing to do: already
   * processed, or being processed elsewhere.
   */
  async function persist(inbox: InboxWorker, id: string, name: string, payload: string): Promise<InboxRow | null> {
    const now = clock();
    const leaseUntil = new Date(now.getTime() + inbox.leaseMs);
    const row: InboxRow = {
      deliveryId: id,
      event: name,
      payload,
      receivedAt: now.toISOString(),
      status: "pending",
      attempts: 0,
      nextAttemptAt: null,
      leaseUntil: leaseUntil.toISOString(),
      lastError: null,
      finishedAt: null,
    };
    if (
      await options.store.enqueueDelivery({
        deliveryId: id,
        event: name,
        payload,
        receivedAt: row.receivedAt,
        leaseUntil: row.leaseUntil!,
      })
    )
      return row;
    return options.store.claimDelivery(id, now, leaseUntil);
  }

  async function dashboardDecision(decision: DashboardDecision): Promise<{ verdict: string; reasons: string[] }> {
    if (!app || !worker) throw new Error("the app is not loaded");
    const now = clock();
    const deliveryId = `dashboard-${randomUUID()}`;
    const payload = JSON.stringify(dashboardCommandPayload(decision, now));
    const row = await persist(worker, deliveryId, "issue_comment", payload);
    if (row !== null) await worker.processNow(row);
    const decided = (await options.store.listAudit({ deliveryId })).find((r) => r.action.startsWith("command."));
    return decided
      ? { verdict: decided.verdict, reasons: decided.reasons }
      : { verdict: "refused", reasons: ["the command was not decided (see the app's log)"] };
  }

  async function close(): Promise<void> {
    closed = true;
    if (timer) clearInterval(timer);
    if (missedTimer) clearInterval(missedTimer);
    if (digestTimer) clearTimeout(digestTimer);
    if (wake) clearTimeout(wake.timer);
    if (worker !== undefined) await Promise.race([worker.idle(), new Promise((r) => setTimeout(r, 9_000).unref())]);
  }

  return { appFn, sweep, recoverMissed, digest, close, metrics, dashboardDecision };
}
