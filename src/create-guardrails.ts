import type { ApplicationFunction, Probot } from "probot";
import type { Logger } from "pino";
import { finishContainments } from "./breaker/finish-containment.js";
import { executeEffects } from "./effects/execute-effects.js";
import { installationOctokit } from "./github/installation-octokit.js";
import { createOctokitAdapter } from "./github/octokit-adapter.js";
import { handleWebhook, hasDeliveryId, type PipelineDeps } from "./pipeline.js";
import type { Store } from "./store/store.js";
import { DeliveryCounter } from "./web/delivery-counter.js";
import { InstallationPermissionCache } from "./webhooks/installation-permission-cache.js";
import { RoleCache } from "./webhooks/role-cache.js";

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
  log?: Logger;
}

/** The wired app. */
export interface Guardrails {
  appFn: ApplicationFunction;
  /** Applies due pending effects (the outbox sweep); returns how many were due. */
  sweep(): Promise<number>;
  /** Deliveries handled by this process, for `/metrics`. */
  deliveries: DeliveryCounter;
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
] as const;

/** Keys whose values must never reach a log line. */
const REDACT = ["token", "*.token", "privateKey", "*.privateKey", "secret", "*.secret", "headers.authorization", "*.headers.authorization"];

/** Builds the Probot app function around one store and clock. */
export function createGuardrails(options: GuardrailsOptions): Guardrails {
  const clock = options.clock ?? (() => new Date());
  const roles = new RoleCache();
  const deliveries = new DeliveryCounter();
  let app: Probot | undefined;
  let timer: NodeJS.Timeout | undefined;
  let appLogin: string | undefined = options.appLogin;
  let inFlight = 0;

  /** Our own login, so that our own events are never acted on (no loops). Failures are retried next time. */
  async function resolveAppLogin(probot: Probot, log: Logger): Promise<string | undefined> {
    if (appLogin !== undefined) return appLogin;
    try {
      const octokit = await probot.auth();
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
      const octokit = await probot.auth();
      const { data } = await octokit.request("GET /app/installations/{installation_id}", { installation_id: installationId });
      return { ...((data as { permissions?: Record<string, string> }).permissions ?? {}) };
    });
  }

  async function sweep(): Promise<number> {
    if (!app) return 0;
    const log = (options.log ?? app.log).child({ sweep: true }, { redact: REDACT });
    const due = await options.store.dueEffects(clock(), 100);
    const byInstallation = new Map<number, typeof due>();
    for (const row of due) byInstallation.set(row.installationId, [...(byInstallation.get(row.installationId) ?? []), row]);
    for (const [installationId, rows] of byInstallation) {
      try {
        // Plugin retries off and a request timeout: the outbox below owns every retry of a write.
        const octokit = await installationOctokit(app, installationId, { ...(options.requestTimeoutMs !== undefined ? { timeoutMs: options.requestTimeoutMs } : {}) });
        const executor = { store: options.store, clock, log, appLogin: (await resolveAppLogin(app, log)) ?? "agent-guardrails[bot]" };
        await executeEffects(executor, createOctokitAdapter(octokit), rows);
      } catch (error) {
        log.error({ installationId, err: error instanceof Error ? error.message : String(error) }, "outbox sweep failed for an installation");
      }
    }
    await finishContainments(options.store, clock(), log);
    return due.length;
  }

  const appFn: ApplicationFunction = (probot) => {
    app = probot;
    const baseLog = options.log ?? probot.log;
    probot.on([...WATCHED_EVENTS], async (context) => {
      const payload = context.payload as { action?: string; sender?: { login?: string }; repository?: { full_name?: string }; installation?: { id?: number } };
      // The keys every line of a delivery carries.
      const log = baseLog.child(
        {
          deliveryId: context.id,
          event: context.name,
          repo: payload.repository?.full_name,
          installationId: payload.installation?.id,
          actor: payload.sender?.login,
          action: payload.action ? `${context.name}.${payload.action}` : context.name,
        },
        { redact: REDACT },
      );
      if (!hasDeliveryId(context.id)) {
        // Before anything else (not even GET /app): a 400 over HTTP, as Probot's webhook middleware
        // answers with the handler error's `status`; nothing is stored. The pipeline refuses it too.
        deliveries.add(context.name, "refused");
        log.error("delivery refused: no X-GitHub-Delivery id (nothing stored)");
        throw Object.assign(new Error("delivery refused: no X-GitHub-Delivery id"), { status: 400 });
      }
      inFlight++;
      try {
        const deps: PipelineDeps = {
          store: options.store,
          clock,
          appLogin: await resolveAppLogin(probot, log),
          roles,
          installationPermissions: (id) => installationPermissions(probot, id),
        };
        const outcome = await handleWebhook(deps, createOctokitAdapter(context.octokit), { id: context.id, name: context.name, payload: context.payload }, log);
        deliveries.add(context.name, outcome);
      } catch (error) {
        deliveries.add(context.name, "error");
        // Not committed, so a redelivery (GitHub's "Redeliver", or the deliveries API) runs it again.
        log.error({ err: error instanceof Error ? error.message : String(error) }, "delivery failed before it was committed");
        throw error;
      } finally {
        inFlight--;
      }
    });
    // GitHub sends installation events to every App, subscribed or not.
    probot.on("installation.new_permissions_accepted", (context) => {
      const payload = context.payload as { installation?: { id?: number }; sender?: { login?: string } };
      const id = payload.installation?.id;
      if (typeof id === "number") permissions.forget(id);
      const keys = { deliveryId: context.id, event: context.name, installationId: id, actor: payload.sender?.login, action: "installation.new_permissions_accepted" };
      baseLog.info(keys, "installation permissions changed: read again at the next drill");
    });
    const interval = options.sweepIntervalMs ?? 30_000;
    if (interval > 0) {
      timer = setInterval(() => {
        sweep().catch((error: unknown) => baseLog.error({ err: String(error) }, "outbox sweep failed"));
      }, interval);
      timer.unref();
    }
  };

  async function close(): Promise<void> {
    if (timer) clearInterval(timer);
    const deadline = Date.now() + 9_000;
    while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  }

  return { appFn, sweep, close, deliveries };
}
