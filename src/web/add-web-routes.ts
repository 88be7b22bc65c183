import type { IncomingMessage, ServerResponse } from "node:http";
import type { Store } from "../store/store.js";

type AddHandler = (handler: (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>) => void;

/** Routes beside the webhook endpoint. `/healthz` answers 200 when the store answers. */
export function addWebRoutes(addHandler: AddHandler, deps: { store: Store }): void {
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
