import type { IncomingMessage, ServerResponse } from "node:http";
import type { Store } from "../store/store.js";
import type { DeliveryCounter } from "./delivery-counter.js";
import { renderMetrics } from "./render-metrics.js";
import { addDashboardRoutes, type DashboardDeps } from "./dashboard/dashboard-routes.js";

type AddHandler = (handler: (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>) => void;

/**
 * Routes beside the webhook endpoint: `/healthz` answers 200 when the store answers; `/metrics`
 * is the Prometheus view of deliveries, the outbox and the breakers.
 */
export function addWebRoutes(addHandler: AddHandler, deps: { store: Store; deliveries: DeliveryCounter; dashboard?: Omit<DashboardDeps, "store"> }): void {
  // The owner's dashboard (off, answering 404 under /guardrails, unless its access is configured).
  addDashboardRoutes(addHandler, { store: deps.store, access: null, ...deps.dashboard });
  addHandler(async (req, res) => {
    const path = (req.url ?? "").split("?")[0];
    if (req.method !== "GET" || path !== "/metrics") return false;
    try {
      const [effects, breakers, inbox] = await Promise.all([deps.store.listEffects({ status: "pending" }), deps.store.breakers(), deps.store.inboxDepth()]);
      const failed = await deps.store.listEffects({ status: "failed" });
      const text = renderMetrics({ deliveries: deps.deliveries.rows(), effects: [...effects, ...failed], breakers, inbox: { ...inbox, now: new Date() } });
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(text);
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
