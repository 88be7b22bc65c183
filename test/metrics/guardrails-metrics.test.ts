import { afterEach, describe, expect, test } from "@jest/globals";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { GuardrailsMetrics } from "../../src/metrics/guardrails-metrics.js";
import { openStore } from "../../src/store/open-store.js";
import type { Store } from "../../src/store/store.js";
import { addWebRoutes } from "../../src/web/add-web-routes.js";
import { accounts, issueCommentEvent, pullRequestEvent } from "../fixtures/webhook-examples.js";
import { startStandInApp, type StandInApp } from "../app/stand-in-harness.js";
import { commitEffects } from "../effects/commit-effects.js";
import { counted } from "./counted.js";

const AGENT = "copilot-swe-agent[bot]";
const CONFIG = ["owner: maint", `agents: ["${AGENT}"]`, "approvers: write", "limits: { burst: { actions: 3, seconds: 60 } }"].join("\n");
const T0 = Date.parse("2026-11-20T09:00:00.000Z");

const apps: StandInApp[] = [];
const stores: Store[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
  for (const store of stores.splice(0)) await store.close();
});

describe("what /metrics counts, through the real app against the stand-in", () => {
  test("an agent's PR: one delivery committed, one decided action, its effects applied, GitHub's rate limit left", async () => {
    const app = await startStandInApp({ config: CONFIG });
    apps.push(app);
    await app.receive("pull_request", pullRequestEvent("opened", accounts.agent), "pr-1");
    const { metrics } = app.guardrails;
    expect(await counted(metrics, "agent_guardrails_deliveries_total")).toEqual([["pull_request", "committed", 1]]);
    expect(await counted(metrics, "agent_guardrails_agent_actions_total")).toEqual([["pull_request.opened", "gate", "agent", 1]]);
    const effects = await counted(metrics, "agent_guardrails_effect_outcomes_total");
    expect(effects).toEqual(expect.arrayContaining([["convert_to_draft", "applied", 1]]));
    expect(effects.every(([, outcome]) => outcome === "applied")).toBe(true);
    // The stand-in answers with GitHub's rate-limit headers.
    expect(await counted(metrics, "agent_guardrails_github_rate_limit_remaining")).toEqual([["core", 4999]]);
    const text = await metrics.text();
    expect(text).toMatch(/agent_guardrails_delivery_seconds_count\{event="pull_request"\} 1/);
  });

  test("a burst trips the breaker once: the trip is counted, the breaker reads open, containment waits in the outbox", async () => {
    const app = await startStandInApp({ config: CONFIG });
    apps.push(app);
    for (let i = 0; i < 5; i++) {
      app.now.value = new Date(T0 + i * 1000);
      await app.receive("issue_comment", issueCommentEvent(accounts.agent, { number: 7, commentId: 700 + i }), `burst-${i}`);
    }
    const { metrics } = app.guardrails;
    expect(await counted(metrics, "agent_guardrails_trips_total")).toEqual([["burst", 1]]);
    expect(await counted(metrics, "agent_guardrails_breaker_open")).toEqual([["acme", AGENT, 1]]);
    const verdicts = (await counted(metrics, "agent_guardrails_agent_actions_total")).map(([kind, verdict]) => `${kind} ${verdict}`);
    expect(verdicts).toContain("issue_comment.created contained");
    // What the outbox still holds is read from the store at scrape time.
    const pending = (await app.store.listEffects({ status: "pending" })).length;
    const gauge = (await counted(metrics, "agent_guardrails_effects")).filter(([, status]) => status === "pending");
    expect(gauge.reduce((n, row) => n + Number(row[2]), 0)).toBe(pending);
  });
});

describe("scrape-time gauges read the store", () => {
  test("the outbox's depth by kind and status, its oldest pending age, the inbox", async () => {
    const store = await openStore(":memory:");
    stores.push(store);
    const now = new Date("2026-11-20T10:00:00.000Z");
    await commitEffects(
      store,
      [
        { kind: "add_label", number: 1, label: "agent:flagged" },
        { kind: "add_label", number: 2, label: "agent:flagged" },
      ],
      new Date("2026-11-20T09:59:00.000Z"),
    );
    const metrics = new GuardrailsMetrics().readFrom(store, () => now);
    expect(await counted(metrics, "agent_guardrails_effects")).toEqual([["add_label", "pending", 2]]);
    expect(await counted(metrics, "agent_guardrails_outbox_oldest_pending_seconds")).toEqual([[60]]);
    expect(await counted(metrics, "agent_guardrails_inbox_deliveries")).toEqual([
      ["failed", 0],
      ["pending", 0],
    ]);
  });

  test("label values from webhooks are escaped in the exposition text", async () => {
    const metrics = new GuardrailsMetrics();
    metrics.delivery('evil"event\nname', "committed");
    expect(await metrics.text()).toContain('agent_guardrails_deliveries_total{event="evil\\"event\\nname",outcome="committed"} 1');
  });

  test("headers without a rate limit leave the gauge alone", async () => {
    const metrics = new GuardrailsMetrics();
    metrics.githubResponse({ "x-ratelimit-remaining": "120", "x-ratelimit-resource": "graphql" });
    metrics.githubResponse({ "content-type": "application/json" });
    metrics.githubResponse({ "x-ratelimit-remaining": "not a number" });
    expect(await counted(metrics, "agent_guardrails_github_rate_limit_remaining")).toEqual([["graphql", 120]]);
  });
});

describe("/metrics over HTTP", () => {
  async function serve(metricsToken?: string): Promise<{ url: string; close: () => Promise<void> }> {
    const store = await openStore(":memory:");
    stores.push(store);
    const handlers: ((req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>)[] = [];
    addWebRoutes((h) => handlers.push(h), { store, metrics: new GuardrailsMetrics().readFrom(store), metricsToken });
    const server = createServer(async (req, res) => {
      for (const handler of handlers) if (await handler(req, res)) return;
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: () => new Promise((resolve) => server.close(() => resolve())),
    };
  }

  test("without METRICS_TOKEN it answers anyone, in Prometheus text", async () => {
    const server = await serve();
    try {
      const res = await fetch(`${server.url}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/plain");
      expect(await res.text()).toContain("# TYPE agent_guardrails_deliveries_total counter");
    } finally {
      await server.close();
    }
  });

  test("with METRICS_TOKEN: 401 without the bearer token or with a wrong one, 200 with it; POST is 405", async () => {
    const server = await serve("s3cret-token");
    try {
      expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
      expect((await fetch(`${server.url}/metrics`, { headers: { authorization: "Bearer s3cret-tokeN" } })).status).toBe(401);
      expect((await fetch(`${server.url}/metrics`, { headers: { authorization: "Basic s3cret-token" } })).status).toBe(401);
      const ok = await fetch(`${server.url}/metrics`, { headers: { authorization: "Bearer s3cret-token" } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain("agent_guardrails_breaker_open");
      expect((await fetch(`${server.url}/metrics`, { method: "POST", headers: { authorization: "Bearer s3cret-token" } })).status).toBe(
        405,
      );
    } finally {
      await server.close();
    }
  });
});
