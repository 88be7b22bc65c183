import type { IncomingMessage, ServerResponse } from "node:http";
import type { Store } from "../store/store.js";
import type { GuardrailsMetrics } from "../metrics/guardrails-metrics.js";
import { bearerMatches } from "./bearer-matches.js";
import { addDashboardRoutes, type DashboardDeps } from "./dashboard/dashboard-routes.js";

type AddHandler = (handler: (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>) => void;

/** What the routes read: the store, this app's metrics, and the token `/metrics` asks for (METRICS_TOKEN). */
export interface WebRouteDeps {
  store: Store;
  metrics: GuardrailsMetrics;
  metricsToken?: string | undefined;
  /** The owner's dashboard: its access (null or absent: off) and the command path of its buttons. */
  dashboard?: Omit<DashboardDeps, "store">;
}

/**
 * Routes beside the webhook endpoint: `/healthz` answers 200 when the store answers; `/metrics`
 * is the Prometheus view (prom-client) of deliveries, decisions, effects, the outbox, the inbox,
 * the breakers, GitHub's rate limit and the process, behind `Authorization: Bearer
 * METRICS_TOKEN` when that is set (agent logins and repository names are in its labels).
 */
export function addWebRoutes(addHandler: AddHandler, deps: WebRouteDeps): void {
  // The owner's dashboard (off, answering 404 under /guardrails, unless its access is configured).
  addDashboardRoutes(addHandler, { store: deps.store, access: null, ...deps.dashboard });
  addHandler(async (req, res) => {
    const path = (req.url ?? "").split("?")[0];
    if (path !== "/metrics") return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain" }).end("method not allowed\n");
      return true;
    }
    if (deps.metricsToken !== undefined && !bearerMatches(req.headers.authorization, deps.metricsToken)) {
      res
        .writeHead(401, { "www-authenticate": 'Bearer realm="metrics"', "content-type": "text/plain" })
        .end("metrics need Authorization: Bearer <METRICS_TOKEN>\n");
      return true;
    }
    try {
      const text = await deps.metrics.text();
      res.writeHead(200, { "content-type": deps.metrics.contentType }).end(req.method === "HEAD" ? undefined : text);
    } catch {
      res.writeHead(503, { "content-type": "text/plain" }).end("store unavailable\n");
    }
    return true;
  });
  addHandler(async (req, res) => {
    const path = (req.url ?? "").split("?")[0];
    if (req.method !== "GET" || path !== "/healthz") return false;
    try {
      await deps.store.listAudit({ limit: 1 });
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ status: "ok" }));
    } catch {
      res.writeHead(503, { "content-type": "application/json" }).end(JSON.stringify({ status: "store unavailable" }));
    }
    return true;
  });
}
