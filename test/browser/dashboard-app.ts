import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { startGitHubStandIn } from "../../src/sim/github-stand-in.js";
import { addWebRoutes } from "../../src/web/add-web-routes.js";
import { dashboardAccess } from "../../src/web/dashboard/dashboard-access.js";
import { accounts, issueCommentEvent, pullRequestEvent } from "../fixtures/webhook-examples.js";
import { startStandInApp, testWorld, type StandInApp } from "../app/stand-in-harness.js";

export const DASHBOARD_TOKEN = "browser-test-dashboard-token-0001";
export const OAUTH = { clientId: "Iv1.dashboard", clientSecret: "dashboard-client-secret" };
export const PR_AGENT = accounts.agent.login;
export const NOISY_AGENT = { login: "noisy-agent[bot]", id: 5551, node_id: "BOT_noisy", type: "Bot" };
const CONFIG = [
  "owner: maint",
  `agents: ["${PR_AGENT}", "${NOISY_AGENT.login}"]`,
  "approvers: write",
  "limits: { burst: { actions: 3, seconds: 60 } }",
].join("\n");

/** The app with its web routes (the dashboard on) on a local port, against the stand-in, after a scenario. */
export interface DashboardApp {
  url: string;
  app: StandInApp;
  close(): Promise<void>;
}

/**
 * The real app in process (Probot, createGuardrails, the web routes as index.ts adds them) on a
 * port, against the GitHub stand-in, after a short story run through it: an agent's pull request
 * gated (it waits for a maintainer), another agent's burst of comments tripping its breaker and
 * being contained, a person's comment stamped by an agent's App (a suspected account).
 */
export async function startDashboardApp(): Promise<DashboardApp> {
  const now = { value: new Date("2026-11-20T09:00:00.000Z") };
  const standIn = await startGitHubStandIn({ ...testWorld(CONFIG) }, { clock: () => new Date(now.value), oauth: OAUTH });
  const app = await startStandInApp({ standIn, now });
  const handlers: ((req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>)[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      for (const handler of handlers) if (await handler(req, res)) return;
      res.writeHead(404).end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const access = dashboardAccess({
    DASHBOARD_TOKEN,
    GITHUB_CLIENT_ID: OAUTH.clientId,
    GITHUB_CLIENT_SECRET: OAUTH.clientSecret,
    GHE_HOST: standIn.url.replace("http://", ""),
    GHE_PROTOCOL: "http",
    DASHBOARD_URL: url,
  });
  addWebRoutes((h) => handlers.push(h), {
    store: app.store,
    metrics: app.guardrails.metrics,
    dashboard: { access, decide: app.guardrails.dashboardDecision, clock: () => new Date(now.value) },
  });

  // The story: a gated PR, then a burst that trips the noisy agent's breaker.
  await app.receive("pull_request", pullRequestEvent("opened", accounts.agent), "story-pr-opened");
  for (let i = 0; i < 6; i++) {
    now.value = new Date(Date.parse("2026-11-20T10:00:00.000Z") + i * 1000);
    await app.receive(
      "issue_comment",
      issueCommentEvent(NOISY_AGENT, { number: 7, commentId: 900 + i, body: `<script>alert(${i})</script> comment ${i}` }),
      `story-burst-${i}`,
    );
  }
  // A person's comment posted by an agent's App with their token: a suspected account.
  now.value = new Date("2026-11-20T10:30:00.000Z");
  const stamped = issueCommentEvent(accounts.dev, { number: 5, commentId: 950, body: "I opened a fix." });
  stamped.comment.performed_via_github_app = {
    id: 1144995,
    slug: "claude",
    node_id: "A_claude",
    name: "Claude",
    owner: { login: "anthropics" },
  };
  await app.receive("issue_comment", stamped, "story-suspected-comment");
  await app.guardrails.sweep();
  now.value = new Date("2026-11-20T12:00:00.000Z");
  return {
    url,
    app,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
      await standIn.close();
    },
  };
}
