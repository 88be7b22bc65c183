import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { addDashboardRoutes, type DashboardDeps } from "../../src/web/dashboard/dashboard-routes.js";

/** The dashboard's routes alone on a local port (as Probot's server would call them), for HTTP-level tests. */
export async function startDashboard(deps: DashboardDeps): Promise<{ url: string; close(): Promise<void> }> {
  const handlers: ((req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>)[] = [];
  addDashboardRoutes((h) => handlers.push(h), deps);
  const server: Server = createServer((req, res) => {
    void (async () => {
      for (const h of handlers) if (await h(req, res)) return;
      res.writeHead(404).end("not a dashboard route");
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
