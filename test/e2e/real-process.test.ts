/**
 * The real app process, as it runs in production: `probot run ./lib/index.js` with a private key,
 * a webhook secret and a SQLite store, pointed at the local GitHub stand-in (GHE_HOST with
 * GHE_PROTOCOL=http), receiving signed webhooks over HTTP. lib/ is built by `npm run build`
 * before jest runs in `npm test`.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "@jest/globals";
import { sign } from "@octokit/webhooks-methods";
import SqliteDatabase from "better-sqlite3";
import { spawn, type ChildProcess } from "node:child_process";
import { generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startGitHubStandIn, type RecordedRequest, type StandIn } from "../../src/sim/github-stand-in.js";
import type { World } from "../../src/sim/scenario.js";
import { freePort } from "../fixtures/free-port.js";
import { accounts, commentEvent, pullRequestEvent } from "../fixtures/webhook-examples.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const AGENT_HEAD = "42aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const HUMAN_HEAD = "43bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

const world: World = {
  owner: "acme",
  repo: "widgets",
  default_branch: "main",
  app: "agent-guardrails[bot]",
  permissions: { maint: "admin", dev: "write", reader: "read", "copilot-swe-agent[bot]": "write" },
  members: ["maint", "dev", "reader"],
  files: {
    ".github/agent-guardrails.yml": [
      "mode: enforce",
      "owner: maint",
      'agents: ["copilot-swe-agent[bot]", "Copilot"]',
      "approvers: write",
      "policy: { pull_request: draft, merge: require_approval, comment: hide }",
      "",
    ].join("\n"),
  },
};

const secret = randomBytes(24).toString("hex");
const metricsToken = randomBytes(16).toString("hex");
const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});

let standIn: StandIn;
let child: ChildProcess | undefined;
let appUrl: string;
let dataDir: string;
let stdout = "";
let stderr = "";

beforeAll(async () => {
  if (!existsSync(join(root, "lib/index.js"))) {
    throw new Error("lib/index.js is missing: build the app first with `npm run build` (`npm test` does it before jest).");
  }
  standIn = await startGitHubStandIn(structuredClone(world));
  dataDir = mkdtempSync(join(tmpdir(), "agent-guardrails-e2e-"));
  const port = await freePort();
  appUrl = `http://127.0.0.1:${port}`;

  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
  Object.assign(env, {
    APP_ID: "1",
    PRIVATE_KEY: privateKey,
    WEBHOOK_SECRET: secret,
    GHE_HOST: `127.0.0.1:${standIn.port}`,
    GHE_PROTOCOL: "http",
    DATABASE_URL: join(dataDir, "guardrails.db"),
    PORT: String(port),
    HOST: "127.0.0.1",
    LOG_FORMAT: "json",
    LOG_LEVEL: "info",
    NODE_ENV: "production",
    DASHBOARD_TOKEN: "e2e-dashboard-token-0123456789",
    METRICS_TOKEN: metricsToken,
  });
  // Spawn node itself, not npx: killing npx would leave the server running.
  child = spawn(process.execPath, ["node_modules/probot/bin/probot.js", "run", "./lib/index.js"], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  await waitForServer();
}, 30_000);

// The real process sends only what GitHub accepts (checked by the stand-in against its descriptions).
afterEach(() => {
  expect(standIn.invalid).toEqual([]);
});

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child?.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child?.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  }
  await standIn?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function waitForServer(): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child?.exitCode !== null)
      throw new Error(`the app exited with code ${String(child?.exitCode)} before listening:\n${stdout}\n${stderr}`);
    try {
      const response = await fetch(`${appUrl}/ping`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the app did not listen on ${appUrl} within 20 s:\n${stdout}\n${stderr}`);
}

/** POSTs a webhook exactly as GitHub does: the exact body, signed with the secret (`id` null: no X-GitHub-Delivery header). */
async function deliver(
  name: string,
  payload: Record<string, unknown>,
  id: string | null = randomUUID(),
  signWith = secret,
): Promise<number> {
  standIn.observe(name, payload);
  const body = JSON.stringify(payload);
  const response = await fetch(`${appUrl}/api/github/webhooks`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": name,
      ...(id === null ? {} : { "x-github-delivery": id }),
      "x-hub-signature-256": await sign(signWith, body),
    },
    body,
  });
  await response.text();
  return response.status;
}

/** Waits until the requests recorded since `from` satisfy `done` (the app's writes are throttled in production). */
async function requestsSince(from: number, done: (requests: RecordedRequest[]) => boolean, what: string): Promise<RecordedRequest[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const requests = standIn.requests.slice(from);
    if (done(requests)) return requests;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; got:\n${JSON.stringify(requests, null, 2)}\nlogs:\n${stdout}${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until the app has processed every delivery and applied every due effect (it answers before it processes). */
async function settled(): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const db = new SqliteDatabase(join(dataDir, "guardrails.db"), { readonly: true, fileMustExist: true });
    try {
      const inbox = db.prepare("select count(*) as n from inbox where status = 'pending'").get() as { n: number };
      const effects = db.prepare("select count(*) as n from effects where status = 'pending' and next_attempt_at is null").get() as {
        n: number;
      };
      if (inbox.n === 0 && effects.n === 0) return;
    } finally {
      db.close();
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for the app to settle; logs:\n${stdout}${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const isCheckRun = (conclusion: string, headSha: string) => (r: RecordedRequest) =>
  r.method === "POST" &&
  r.path === "/repos/acme/widgets/check-runs" &&
  (r.body as { name?: string; conclusion?: string; head_sha?: string } | undefined)?.name === "agent-guardrails" &&
  (r.body as { conclusion?: string }).conclusion === conclusion &&
  (r.body as { head_sha?: string }).head_sha === headSha;

describe("the real app process against the GitHub stand-in", () => {
  const agentDelivery = randomUUID();

  test("a webhook with a bad signature is refused with 400 and causes no GitHub request", async () => {
    const before = standIn.requests.length;
    const status = await deliver("pull_request", pullRequestEvent("opened", accounts.agent), randomUUID(), "not-the-secret");
    expect(status).toBe(400);
    expect(standIn.requests.length).toBe(before);
  });

  test("bypass: a signed webhook without X-GitHub-Delivery (or with an empty one) is refused with 400 and stores nothing", async () => {
    const before = standIn.requests.length;
    for (const id of [null, "", null, ""]) expect(await deliver("pull_request", pullRequestEvent("opened", accounts.agent), id)).toBe(400);
    expect(standIn.requests.length).toBe(before);
    // Read the app's SQLite file beside it (WAL: a reader never blocks the app).
    const db = new SqliteDatabase(join(dataDir, "guardrails.db"), { readonly: true, fileMustExist: true });
    try {
      for (const table of ["inbox", "deliveries", "audit", "effects", "activity"]) {
        expect([table, db.prepare(`select count(*) as n from ${table}`).get()]).toEqual([table, { n: 0 }]);
      }
    } finally {
      db.close();
    }
  });

  test("an agent's PR is drafted, gated by an action_required check and labelled", async () => {
    const before = standIn.requests.length;
    const status = await deliver("pull_request", pullRequestEvent("opened", accounts.agent), agentDelivery);
    expect([200, 202]).toContain(status);
    const requests = await requestsSince(
      before,
      (rs) =>
        rs.some((r) => r.operation === "convertPullRequestToDraft") &&
        rs.some(isCheckRun("action_required", AGENT_HEAD)) &&
        rs.some((r) => r.method === "POST" && r.path === "/repos/acme/widgets/issues/42/labels"),
      "draft, check run and label",
    );
    expect(requests.find((r) => r.operation === "convertPullRequestToDraft")).toMatchObject({ method: "POST", path: "/graphql" });
    expect(JSON.stringify(requests.find((r) => r.operation === "convertPullRequestToDraft")?.variables)).toContain("PR_kw42");
    const label = requests.find((r) => r.method === "POST" && r.path === "/repos/acme/widgets/issues/42/labels");
    expect(label?.body).toEqual({ labels: ["agent:pending-approval"] });
  });

  test("a redelivery (same delivery id) sends no request", async () => {
    // Let the first delivery's writes finish (it is answered 202 when stored, processed after), then redeliver.
    await requestsSince(
      0,
      (rs) => rs.some((r) => r.method === "POST" && r.path.endsWith("/issues/42/labels")),
      "the first delivery to finish",
    );
    const before = standIn.requests.length;
    const status = await deliver("pull_request", pullRequestEvent("opened", accounts.agent), agentDelivery);
    expect(status).toBe(200);
    expect(standIn.requests.slice(before)).toEqual([]);
  });

  test("a maintainer's /guardrails approve turns the check to success", async () => {
    const before = standIn.requests.length;
    const status = await deliver("issue_comment", commentEvent("created", accounts.maint, "Looks good.\n\n/guardrails approve"));
    expect([200, 202]).toContain(status);
    const requests = await requestsSince(before, (rs) => rs.some(isCheckRun("success", AGENT_HEAD)), "a success check run");
    expect(requests.filter((r) => r.method !== "GET" && r.path.includes("/check-runs"))).toHaveLength(1);
  });

  test("a human's PR costs exactly one write: the passing check run", async () => {
    const payload = pullRequestEvent("opened", accounts.dev, accounts.dev, (p) => {
      p.number = 43;
      p.pull_request.number = 43;
      p.pull_request.node_id = "PR_kw43";
      p.pull_request.html_url = "https://github.com/acme/widgets/pull/43";
      p.pull_request.head.sha = HUMAN_HEAD;
    });
    await settled();
    const before = standIn.requests.length;
    const status = await deliver("pull_request", payload);
    expect(status).toBe(202);
    const requests = await requestsSince(before, (rs) => rs.some(isCheckRun("success", HUMAN_HEAD)), "the human PR's passing check");
    expect(requests.filter((r) => r.method !== "GET")).toEqual([
      expect.objectContaining({ method: "POST", path: "/repos/acme/widgets/check-runs" }),
    ]);
  });

  test("/healthz answers and /metrics counts the deliveries in Prometheus text", async () => {
    const health = await fetch(`${appUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    expect((await fetch(`${appUrl}/metrics`)).status).toBe(401);
    expect((await fetch(`${appUrl}/metrics`, { headers: { authorization: "Bearer not-the-token" } })).status).toBe(401);
    const metrics = await fetch(`${appUrl}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get("content-type")).toContain("text/plain");
    const text = await metrics.text();
    expect(text).toContain("# TYPE agent_guardrails_deliveries_total counter");
    expect(text).toMatch(/agent_guardrails_deliveries_total\{event="pull_request",outcome="committed"\} [1-9]/);
    expect(text).toMatch(/agent_guardrails_deliveries_total\{event="pull_request",outcome="redelivery"\} 1/);
    // prom-client's process and runtime metrics, and the app's own families.
    expect(text).toContain("# TYPE process_cpu_user_seconds_total counter");
    expect(text).toContain("# TYPE nodejs_eventloop_lag_seconds gauge");
    expect(text).toMatch(/agent_guardrails_agent_actions_total\{kind="pull_request.opened",verdict="[a-z_]+",actor_kind="agent"\} 1/);
    expect(text).toMatch(/agent_guardrails_delivery_seconds_count\{event="pull_request"\} [1-9]/);
    expect(text).toMatch(/agent_guardrails_github_rate_limit_remaining\{resource="[a-z]+"\} \d+/);
  });

  test("the built package serves the dashboard: the audit over HTTP with the token, its script and uPlot from disk", async () => {
    expect((await fetch(`${appUrl}/guardrails/api/audit?since=7d`)).status).toBe(401);
    const audit = await fetch(`${appUrl}/guardrails/api/audit?since=30d&action=pull_request.*&format=csv`, {
      headers: { authorization: "Bearer e2e-dashboard-token-0123456789" },
    });
    expect(audit.status).toBe(200);
    const lines = (await audit.text()).trim().split("\r\n");
    expect(lines[0]).toMatch(/^id,at,/);
    expect(lines.length).toBeGreaterThan(1);
    for (const asset of ["dashboard.js", "dashboard.css", "uPlot.iife.min.js", "uPlot.min.css"]) {
      const res = await fetch(`${appUrl}/guardrails/assets/${asset}`);
      expect([asset, res.status]).toEqual([asset, 200]);
    }
  });

  test("every log line of a delivery carries its delivery id, repo, actor and action", () => {
    // Probot's own access log (pino-http, name "http") is not ours; every other line about the delivery is.
    const lines = stdout
      .split("\n")
      .filter((line) => line.includes(agentDelivery))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.name !== "http");
    expect(lines.length).toBeGreaterThanOrEqual(4);
    for (const line of lines)
      expect(line).toMatchObject({
        deliveryId: agentDelivery,
        repo: "acme/widgets",
        actor: "copilot-swe-agent[bot]",
        action: "pull_request.opened",
        event: "pull_request",
      });
  });

  test("log lines are JSON and never contain the webhook secret or the private key", () => {
    const lines = stdout.split("\n").filter((line) => line.trim() !== "");
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    const keyBody = privateKey.split("\n").slice(1, -2).join("");
    for (const output of [stdout, stderr]) {
      expect(output).not.toContain(secret);
      expect(output).not.toContain(keyBody.slice(0, 64));
      expect(output).not.toContain(keyBody.slice(-64));
      expect(output).not.toContain("ghs_standin");
      expect(output).not.toContain("e2e-dashboard-token-0123456789");
    }
  });
});
